import { ConnectorError, type IncomingMention, type PollResult } from '../core/index.ts';

/**
 * Polling for Graph edges that have no single "everything new since X" stream (comments live under each
 * post / media). A poll runs *scan cycles*: each cycle walks a list of edge pages (Page feed → each
 * recently updated post's comments; IG media → each media's comments; IG tags), with the Graph
 * `paging.cursors.after` cursors, and returns items created at or after the cycle's `since`.
 *
 * Never losing a message: the next cycle's `since` is the server's clock (HTTP `Date` of the cycle's
 * first response) minus an overlap, so anything created after the cycle began is seen by the next one;
 * ids returned inside the overlap are remembered (`seen`) so that they are not returned twice. The whole
 * state (including the position inside a cycle) is in the cursor, so a restart resumes where the last
 * stored cursor left off. `more` is true while the cycle has pages left.
 */
export interface ScanTask {
  edge: string;
  id: string;
  after?: string;
}

export interface ScanItem {
  id: string;
  /** Unix seconds. */
  created: number;
  mention: IncomingMention;
}

export interface ScanPage {
  items: ScanItem[];
  /** `after` cursor of the next page of this edge, or null when this edge is done. */
  after: string | null;
  /** More edges to walk in this cycle (e.g. comments of the posts on this feed page). */
  spawn?: ScanTask[];
  /** HTTP Date header of the response. */
  date?: string | undefined;
}

interface Cycle {
  /** Server time (unix s) when the cycle began; null until the first response. */
  start: number | null;
  since: number;
  tasks: ScanTask[];
  queued: string[];
  returned: Record<string, number>;
}

interface ScanCursor {
  v: 1;
  since: number;
  seen: Record<string, number>;
  cycle?: Cycle;
}

export interface ScanOptions {
  network: string;
  initialTasks(): ScanTask[];
  runTask(task: ScanTask, since: number): Promise<ScanPage>;
  /** Stop collecting once this many mentions are gathered in one poll call. */
  batch?: number;
  /** At most this many Graph requests per poll call. */
  maxRequests?: number;
  /** First poll of an account looks back this far (seconds). */
  lookbackSeconds?: number;
  /** Seconds the next cycle re-reads before this cycle's start. */
  overlapSeconds?: number;
}

function decode(network: string, cursor: string | null): ScanCursor | null {
  if (cursor === null || cursor === '') return null;
  try {
    const c = JSON.parse(cursor) as ScanCursor;
    if (c && c.v === 1 && typeof c.since === 'number' && c.seen && typeof c.seen === 'object') return c;
  } catch {
    /* fall through */
  }
  throw new ConnectorError('invalid', `${network}: unreadable poll cursor`);
}

const key = (t: ScanTask) => `${t.edge}:${t.id}`;

export async function scanPoll(cursorIn: string | null, o: ScanOptions): Promise<PollResult> {
  const batch = o.batch ?? 50;
  const maxRequests = o.maxRequests ?? 10;
  const overlap = o.overlapSeconds ?? 60;
  const cursor: ScanCursor = decode(o.network, cursorIn) ?? {
    v: 1,
    since: Math.floor(Date.now() / 1000) - (o.lookbackSeconds ?? 7 * 86400),
    seen: {},
  };
  const cycle: Cycle = cursor.cycle
    ? structuredClone(cursor.cycle)
    : { start: null, since: cursor.since, tasks: o.initialTasks(), queued: [], returned: {} };
  if (!cursor.cycle) cycle.queued = cycle.tasks.map(key);

  const mentions: IncomingMention[] = [];
  let requests = 0;
  while (cycle.tasks.length > 0 && mentions.length < batch && requests < maxRequests) {
    const task = cycle.tasks[0]!;
    const page = await o.runTask(task, cycle.since);
    requests++;
    if (cycle.start === null) {
      const d = page.date ? Date.parse(page.date) : NaN;
      cycle.start = Math.floor((Number.isFinite(d) ? d : Date.now()) / 1000);
    }
    const keepFrom = cycle.start - overlap;
    for (const item of page.items) {
      if (item.created < cycle.since) continue;
      if (cursor.seen[item.id] !== undefined || cycle.returned[item.id] !== undefined) continue;
      mentions.push(item.mention);
      if (item.created >= keepFrom) cycle.returned[item.id] = item.created;
    }
    const spawn = (page.spawn ?? []).filter((t) => !cycle.queued.includes(key(t)));
    cycle.queued.push(...spawn.map(key));
    // A next page that points where this one started would loop for ever: the edge is done.
    const after = page.after && page.after !== task.after ? page.after : null;
    cycle.tasks = [...spawn, ...(after ? [{ ...task, after }] : []), ...cycle.tasks.slice(1)];
  }

  if (cycle.tasks.length > 0) {
    return { mentions, cursor: JSON.stringify({ ...cursor, cycle } satisfies ScanCursor), more: true };
  }
  // Cycle complete: the next one starts from this one's start (minus overlap), remembering the overlap's ids.
  const nextSince = Math.max(cursor.since, (cycle.start ?? Math.floor(Date.now() / 1000)) - overlap);
  const seen: Record<string, number> = {};
  for (const [id, t] of [...Object.entries(cursor.seen), ...Object.entries(cycle.returned)]) {
    if (t >= nextSince) seen[id] = t;
  }
  return { mentions, cursor: JSON.stringify({ v: 1, since: nextSince, seen } satisfies ScanCursor), more: false };
}
