// Spike alerts: the current hour of each network and language against the 24 hours before it, read
// from the hour counters (analytics/buckets.ts). The current hour is still filling, so it can only
// under-state a spike, never invent one.
import type { Alert as PublicAlert } from '@inbox/contract';
import { AnalyticsBucket } from '../models/analytics-bucket.ts';
import { Alert, type AlertDoc } from '../models/alert.ts';
import { PUSHDOWN } from '../db/pushdown.ts';
import { HOUR, hourStart } from './time.ts';

export const SPIKE_RULES = {
  /** Fewer messages than this in the hour never alert (a quiet language going from 1 to 4 is no spike). */
  minMessages: 20,
  /** Volume: more than this many times the baseline's hourly mean. */
  volumeFactor: 3,
  /** Complaint share: this much above the baseline's share (0.3 = 30 points). */
  shareJump: 0.3,
  baselineHours: 24,
};
export const SPIKE_EVERY_MS = 5 * 60_000;

const DIMENSIONS = ['network', 'lang'] as const;

interface Sums {
  messages: number;
  complaints: number;
}

export const alertId = (kind: string, dimension: string, key: string, at: Date): string => `${kind}.${dimension}.${key.replace(/[^A-Za-z0-9_-]/g, '_')}.${at.getTime()}`;

/** Stores an alert for each spike of the hour containing `now`; returns the ones new this run. */
export async function checkSpikes(now: Date, rules = SPIKE_RULES): Promise<AlertDoc[]> {
  const current = hourStart(now);
  const since = new Date(current.getTime() - rules.baselineHours * HOUR);
  const raised: AlertDoc[] = [];
  for (const dimension of DIMENSIONS) {
    const docs = await AnalyticsBucket.find({ g: 'h', by: dimension, start: { $gte: since, $lte: current } }, { start: 1, key: 1, messages: 1, complaints: 1 })
      .sort({ start: 1 })
      .comment(PUSHDOWN)
      .lean<Array<Sums & { start: Date; key: string }>>();
    const now_ = new Map<string, Sums>();
    const base = new Map<string, Sums>();
    for (const d of docs) {
      const into = d.start.getTime() === current.getTime() ? now_ : base;
      const s = into.get(d.key) ?? { messages: 0, complaints: 0 };
      s.messages += d.messages ?? 0;
      s.complaints += d.complaints ?? 0;
      into.set(d.key, s);
    }
    for (const [key, cur] of now_) {
      if (cur.messages < rules.minMessages) continue;
      const b = base.get(key) ?? { messages: 0, complaints: 0 };
      const mean = b.messages / rules.baselineHours;
      const figures = { messages: cur.messages, complaints: cur.complaints, baselineMessages: b.messages, baselineComplaints: b.complaints, baselineHourlyMean: Math.round(mean * 100) / 100 };
      const kinds: Array<'volume' | 'complaint_share'> = [];
      if (cur.messages > rules.volumeFactor * mean) kinds.push('volume');
      const baseShare = b.messages > 0 ? b.complaints / b.messages : 0;
      if (cur.complaints / cur.messages - baseShare >= rules.shareJump) kinds.push('complaint_share');
      for (const kind of kinds) {
        const doc = { _id: alertId(kind, dimension, key, current), kind, dimension, key, at: current, figures, acknowledged: false, acknowledgedBy: null, createdAt: now };
        try {
          await Alert.collection.insertOne(doc as never);
          raised.push(doc as AlertDoc);
        } catch (err) {
          // Raised already this hour (by an earlier run or another process).
          if ((err as { code?: number }).code !== 11000) throw err;
        }
      }
    }
  }
  return raised;
}

export function toPublicAlert(a: AlertDoc): PublicAlert {
  const f = a.figures ?? { messages: 0, complaints: 0, baselineMessages: 0, baselineComplaints: 0, baselineHourlyMean: 0 };
  return {
    id: a._id,
    kind: a.kind,
    dimension: a.dimension,
    key: a.key,
    at: a.at.toISOString(),
    figures: { messages: f.messages, complaints: f.complaints, baselineMessages: f.baselineMessages, baselineComplaints: f.baselineComplaints, baselineHourlyMean: f.baselineHourlyMean },
    acknowledged: a.acknowledged ?? false,
    acknowledgedBy: a.acknowledgedBy ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}
