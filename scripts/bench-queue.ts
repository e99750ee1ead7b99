// The `queue` section of `npm run bench`: the inbox's hot reads and writes through the HTTP API,
// signed in, at two store sizes filled through the real ingest path and holding the same open
// backlog. What a user feels must depend on the backlog (a page), not on the history kept.
import mongoose from 'mongoose';
import type { IncomingMention, Network } from '@inbox/connectors';
import { ingest } from '../packages/server/src/ingest/pipeline.ts';
import { patchConversation } from '../packages/server/src/services/conversations.ts';
import { conversationId } from '../packages/server/src/conversations/ids.ts';
import { eachLimited } from '../packages/server/src/db/chunked.ts';
import { DEMO_TEXTS } from '../packages/connectors/sandbox/texts.ts';
import { startBenchServer } from './bench-server.ts';

export interface Stat {
  p50: number;
  p95: number;
}
export interface QueueFigures {
  messages: number;
  conversations: number;
  open_conversations: number;
  fill_seconds: number;
  first_page_ms: Stat;
  filtered_page_ms: Stat;
  next_page_ms: Stat;
  thread_ms: Stat;
  search_ms: Stat;
  patch_ms: Stat;
  /** The header's counters equal a full count of the stored conversations. */
  counters_agree: boolean;
  /** The floor: one raw driver `findOne` by `_id` on the same database, no HTTP, no app. */
  baseline_raw_find_by_id_ms: Stat;
}

const NETWORKS: Network[] = ['x', 'facebook', 'instagram', 'email'];
const OPEN_BACKLOG = 1000;
const BATCH = 50;
const HOUR = 3_600_000;

export function stat(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => Math.round((s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0) * 100) / 100;
  return { p50: at(0.5), p95: at(0.95) };
}

/** A deterministic pseudo-random source, so both sizes get the same shapes of traffic. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

function message(thread: string, n: number, network: Network, at: number, rand: () => number): IncomingMention {
  const t = DEMO_TEXTS[Math.floor(rand() * DEMO_TEXTS.length)]!;
  const id = `${thread}-m${n}`;
  const author = `cust-${thread}`;
  const priv = network === 'email' || rand() < 0.3;
  return {
    network,
    externalId: id,
    threadKey: thread,
    kind: network === 'email' ? 'email' : priv ? 'dm' : 'comment',
    visibility: priv ? 'private' : 'public',
    author: { id: author, handle: author, name: `Customer ${thread}`, reach: Math.floor(rand() * 5000) },
    text: t.text.replaceAll('{brand}', 'shopco').replaceAll('{n}', String(10_000 + Math.floor(rand() * 90_000))),
    createdAt: new Date(at).toISOString(),
    replyTarget: { kind: 'comment', externalId: id, threadKey: thread, authorId: author },
  };
}

/**
 * Fills a fresh inbox: closed history threads (1-12 messages each, days old) until `total` messages
 * are stored, then OPEN_BACKLOG open threads of recent messages. History threads are closed by the
 * same service an agent's "close" uses.
 */
async function fill(account: { _id: mongoose.Types.ObjectId; brandHandles: string[] }, total: number, log: (m: string) => void): Promise<{ messages: number; open: string[] }> {
  const rand = rng(7);
  const now = Date.now();
  const openMessages = Math.min(total, Math.max(OPEN_BACKLOG, Math.round(total * 0.03)));
  let stored = 0;
  let pending: IncomingMention[] = [];
  const flush = async () => {
    for (let i = 0; i < pending.length; i += BATCH) stored += (await ingest(account, pending.slice(i, i + BATCH))).inserted;
    pending = [];
  };
  // History.
  let h = 0;
  const historyTarget = total - openMessages;
  let toClose: string[] = [];
  while (stored + pending.length < historyTarget) {
    const thread = `hist-${h++}`;
    const len = Math.min(historyTarget - stored - pending.length, 1 + Math.floor(rand() * 12));
    const start = now - 3 * 24 * HOUR - rand() * 60 * 24 * HOUR;
    const network = NETWORKS[h % NETWORKS.length]!;
    for (let k = 0; k < len; k++) pending.push(message(thread, k, network, start + k * 600_000, rand));
    toClose.push(thread);
    if (pending.length >= 1000) {
      await flush();
      await closeAll(account._id, toClose);
      toClose = [];
      if (h % 2000 < 160) log(`bench queue: ${stored} of ${total} stored`);
    }
  }
  await flush();
  await closeAll(account._id, toClose);
  // The open backlog: the same OPEN_BACKLOG threads at both sizes, the remaining messages spread over them.
  const open: string[] = [];
  for (let o = 0; o < OPEN_BACKLOG; o++) open.push(`open-${o}`);
  const perThread = Math.max(1, Math.floor(openMessages / OPEN_BACKLOG));
  let left = openMessages;
  for (let o = 0; o < OPEN_BACKLOG && left > 0; o++) {
    const len = o === OPEN_BACKLOG - 1 ? left : Math.min(left, perThread);
    const network = NETWORKS[o % NETWORKS.length]!;
    const start = now - rand() * 20 * HOUR;
    for (let k = 0; k < len; k++) pending.push(message(open[o]!, k, network, start + k * 60_000, rand));
    left -= len;
    if (pending.length >= 1000) await flush();
  }
  await flush();
  return { messages: stored, open: open.map((th) => conversationId(account._id, th).toHexString()) };
}

/** Closes history threads as agents would (the same service), several at a time. */
async function closeAll(account: mongoose.Types.ObjectId, threads: string[]): Promise<void> {
  await eachLimited(threads, 8, async (th) => {
    await patchConversation(conversationId(account, th).toHexString(), { status: 'closed' });
  });
}

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i);
    out.push(performance.now() - s);
  }
  return out;
}

/** One size: a fresh database and server, filled, then each figure over `requests` requests. */
export async function benchQueue(totalMessages: number, requests: number, log: (m: string) => void): Promise<QueueFigures> {
  const server = await startBenchServer('inbox-bench-queue-');
  const { admin } = server;
  try {
    const account = { _id: new mongoose.Types.ObjectId(), brandHandles: ['shopco'] };
    const t0 = performance.now();
    const { messages, open } = await fill(account, totalMessages, log);
    const fillSeconds = Math.round((performance.now() - t0) / 100) / 10;
    const get = async (url: string) => {
      const res = await admin.fetch(url);
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<{ data: unknown; nextCursor?: string | null }>;
    };
    const counts = (await get("/api/conversations/counts")).data as { open: number; pending: number; closed: number };
    // The counters kept at write time must agree with the stored conversations.
    const raw0 = mongoose.connection.db!.collection('conversations');
    const countersAgree = counts.open === (await raw0.countDocuments({ status: 'open' })) && counts.closed === (await raw0.countDocuments({ status: 'closed' }));
    // Warm both paths once (module loading, first connection).
    await get('/api/conversations?status=open&order=priority&limit=30');

    const firstPage = await timed(requests, () => get('/api/conversations?status=open&order=priority&limit=30'));
    const filters = ['network=facebook&complaint=true', 'network=email', 'sentiment=negative&visibility=public', 'lang=sw', 'assignee=none&network=x'];
    const filtered = await timed(requests, (i) => get(`/api/conversations?status=open&order=priority&limit=30&${filters[i % filters.length]}`));
    const first = await get('/api/conversations?status=open&order=newest&limit=30');
    const cursor = first.nextCursor;
    if (!cursor) throw new Error('the open backlog fits one page: no next page to time');
    const next = await timed(requests, () => get(`/api/conversations?status=open&order=newest&limit=30&cursor=${cursor}`));
    const thread = await timed(requests, (i) => get(`/api/conversations/${open[(i * 37) % open.length]}`));
    // Common words and rare ones (order numbers are five digits: most match one or two messages).
    const words = ['order', 'refund', 'delivery', 'pesa', 'ஆர்டர்', '48213', 'parcel', 'huduma', '70311', 'support'];
    const search = await timed(requests, (i) => get(`/api/conversations?q=${encodeURIComponent(words[i % words.length]!)}&limit=30`));
    const patch = await timed(requests, async (i) => {
      const id = open[(i * 53) % open.length];
      const res = await admin.fetch(`/api/conversations/${id}`, { method: 'PATCH', body: JSON.stringify({ assignee: i % 2 ? null : 'bench@inbox.local' }) });
      if (res.status !== 200) throw new Error(`PATCH answered ${res.status}`);
      await res.arrayBuffer();
    });
    const raw = mongoose.connection.db!.collection('conversations');
    const ids = open.map((id) => new mongoose.Types.ObjectId(id));
    const baseline = await timed(requests, (i) => raw.findOne({ _id: ids[(i * 11) % ids.length] }));
    return {
      messages,
      conversations: counts.open + counts.pending + counts.closed,
      open_conversations: counts.open,
      counters_agree: countersAgree,
      fill_seconds: fillSeconds,
      first_page_ms: stat(firstPage),
      filtered_page_ms: stat(filtered),
      next_page_ms: stat(next),
      thread_ms: stat(thread),
      search_ms: stat(search),
      patch_ms: stat(patch),
      baseline_raw_find_by_id_ms: stat(baseline),
    };
  } finally {
    await server.stop();
  }
}
