// Time-bucket counters kept at write time: every newly counted message bumps its hour and its day
// under each dimension, every first response bumps the team's hour and day. A batch's bumps are
// summed in memory first, then sent as `$inc` upserts by `_id`, at most WRITE_CHUNK per command.
import type { mongo } from 'mongoose';
import { AnalyticsBucket } from '../models/analytics-bucket.ts';
import { chunksOf } from '../db/chunked.ts';
import { dayStart, hourStart, isoMinute } from './time.ts';

export const DIMENSIONS = ['network', 'lang', 'sentiment', 'account'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const TEAM = 'team';

const WRITE_CHUNK = 50;
/** Retries of upserts two writers raced to create (the loser's insert fails with a duplicate key). */
const RACE_RETRIES = 3;

type Grain = 'h' | 'd';
interface Pending {
  g: Grain;
  start: Date;
  by: string;
  key: string;
  inc: Record<string, number>;
}

export interface CountedMessage {
  createdAt: Date;
  network: string;
  lang: string;
  account: { toHexString(): string } | string;
  sentiment: { label: 'negative' | 'neutral' | 'positive' };
  complaint: { flag: boolean };
}

export const bucketId = (g: Grain, start: Date, by: string, key: string): string => `${g}:${isoMinute(start)}|${by}|${key}`;

/** Bumps to the analytics buckets, summed over a batch so each bucket document is written once. */
export class AnalyticsDeltas {
  private readonly pending = new Map<string, Pending>();

  private bump(at: Date, by: string, key: string, inc: Record<string, number>): void {
    for (const [g, start] of [['h', hourStart(at)], ['d', dayStart(at)]] as const) {
      const id = bucketId(g, start, by, key);
      const p = this.pending.get(id) ?? { g, start, by, key, inc: {} };
      for (const [k, v] of Object.entries(inc)) p.inc[k] = (p.inc[k] ?? 0) + v;
      this.pending.set(id, p);
    }
  }

  /** A message its conversation has just counted (never one counted before: that would count twice). */
  addMessage(m: CountedMessage): this {
    const inc = { messages: 1, complaints: m.complaint.flag ? 1 : 0, [m.sentiment.label]: 1 };
    const account = typeof m.account === 'string' ? m.account : m.account.toHexString();
    const keys: Record<Dimension, string> = { network: m.network, lang: m.lang, sentiment: m.sentiment.label, account };
    for (const by of DIMENSIONS) this.bump(m.createdAt, by, keys[by], inc);
    return this;
  }

  /**
   * The team answered: `firstResponseMs` when this was the conversation's first response (counted
   * in the hour of the response), `due` when the answered messages carried a reply-by deadline.
   */
  addResponse(at: Date, firstResponseMs: number | null, due: 'met' | 'missed' | null): this {
    const inc: Record<string, number> = {};
    if (firstResponseMs !== null) Object.assign(inc, { responses: 1, responseMsTotal: firstResponseMs });
    if (due === 'met') inc.dueMet = 1;
    if (due === 'missed') inc.dueMissed = 1;
    if (Object.keys(inc).length > 0) this.bump(at, TEAM, 'all', inc);
    return this;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Sends the bumps; `replace` stores the sums as the buckets' values instead (a recount from the store). */
  async flush(opts: { replace?: boolean } = {}): Promise<void> {
    let ops = [...this.pending.entries()].map(([_id, p]): mongo.AnyBulkWriteOperation<Record<string, unknown>> => ({
      updateOne: {
        filter: { _id: _id as never },
        update: (opts.replace ? { $set: { ...p.inc, g: p.g, start: p.start, by: p.by, key: p.key } } : { $inc: p.inc, $setOnInsert: { g: p.g, start: p.start, by: p.by, key: p.key } }) as never,
        upsert: true,
      },
    }));
    this.pending.clear();
    for (let attempt = 0; ops.length > 0; attempt++) {
      const again: mongo.AnyBulkWriteOperation<Record<string, unknown>>[] = [];
      for (const part of chunksOf(ops, WRITE_CHUNK)) {
        try {
          await AnalyticsBucket.collection.bulkWrite(part, { ordered: false });
        } catch (err) {
          const e = err as { writeErrors?: Array<{ code?: number; index?: number }> | { code?: number; index?: number } };
          const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
          if (attempt >= RACE_RETRIES || list.length === 0 || !list.every((w) => w.code === 11000 && typeof w.index === 'number')) throw err;
          // The document now exists: the same `$inc` applies as an update.
          for (const w of list) again.push(part[w.index!]!);
        }
      }
      ops = again;
    }
  }
}
