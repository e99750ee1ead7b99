// Dashboard figures, read only from the bucket counters (analytics/buckets.ts), never from messages:
// one indexed, pushed-down range read of a dimension's hours (bucket=hour) or days (day, week),
// summed into the buckets asked for.
import type { ResponsesRow, VolumeRow } from '@inbox/contract';
import { AnalyticsBucket } from '../models/analytics-bucket.ts';
import { PUSHDOWN } from '../db/pushdown.ts';
import { bucketStart, type Bucket } from './time.ts';
import { TEAM } from './buckets.ts';

interface Range {
  from: Date;
  to: Date;
  bucket: Bucket;
}

interface Stored {
  start: Date;
  key: string;
  messages?: number;
  complaints?: number;
  negative?: number;
  neutral?: number;
  positive?: number;
  responses?: number;
  responseMsTotal?: number;
  dueMet?: number;
  dueMissed?: number;
}

/** The stored buckets of `by` whose start falls in the requested buckets, oldest first. */
async function* stored(r: Range, by: string, fields: string[]): AsyncGenerator<Stored> {
  const g = r.bucket === 'hour' ? 'h' : 'd';
  const projection = Object.fromEntries(['start', 'key', ...fields].map((f) => [f, 1]));
  const cursor = AnalyticsBucket.find({ g, by, start: { $gte: bucketStart(r.bucket, r.from), $lt: r.to } }, projection)
    .sort({ start: 1 })
    .comment(PUSHDOWN)
    .lean<Stored[]>()
    .cursor({ batchSize: 1000 });
  for await (const doc of cursor) yield doc as Stored;
}

const VOLUME_FIELDS = ['messages', 'complaints', 'negative', 'neutral', 'positive'] as const;

export async function volume(r: Range & { by: string }): Promise<VolumeRow[]> {
  const rows = new Map<string, VolumeRow>();
  for await (const d of stored(r, r.by, [...VOLUME_FIELDS])) {
    const start = bucketStart(r.bucket, d.start).toISOString();
    const id = `${start}|${d.key}`;
    const row = rows.get(id) ?? { start, key: d.key, messages: 0, complaints: 0, negative: 0, neutral: 0, positive: 0 };
    for (const f of VOLUME_FIELDS) row[f] += d[f] ?? 0;
    rows.set(id, row);
  }
  return [...rows.values()].sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key));
}

const RESPONSE_FIELDS = ['responses', 'responseMsTotal', 'dueMet', 'dueMissed'] as const;

export async function responses(r: Range): Promise<ResponsesRow[]> {
  const rows = new Map<string, ResponsesRow>();
  for await (const d of stored(r, TEAM, [...RESPONSE_FIELDS])) {
    const start = bucketStart(r.bucket, d.start).toISOString();
    const row = rows.get(start) ?? { start, responses: 0, responseMsTotal: 0, meanResponseMs: null, dueMet: 0, dueMissed: 0 };
    for (const f of RESPONSE_FIELDS) row[f] += d[f] ?? 0;
    row.meanResponseMs = row.responses > 0 ? Math.round(row.responseMsTotal / row.responses) : null;
    rows.set(start, row);
  }
  return [...rows.values()];
}
