// Priority includes how long a message has waited (scoring/priority.ts), but it is stored so the
// queue can be sorted by an index. This job brings stored priorities up to date as messages wait:
// only unanswered messages still inside the age window can change, so that is all it reads.
import { Mention } from '../models/mention.ts';
import { bulkWriteChunked } from '../db/chunked.ts';
import { mentionPriority, type PriorityFields } from '../ingest/normalize.ts';
import { AGE_FULL_HOURS } from '../scoring/priority.ts';
import { toPublicMention } from '../api/present.ts';
import type { EventBus } from '../events/bus.ts';

/** How often the stored priorities are refreshed; a step of the age term is 10/24 points per hour. */
export const REPRIORITIZE_EVERY_MS = 10 * 60_000;

export interface ReprioritizeResult {
  scanned: number;
  updated: number;
}

export async function reprioritizeWaiting(now: Date, bus?: EventBus): Promise<ReprioritizeResult> {
  // One extra hour so a message crossing the end of the window gets its final value.
  const since = new Date(now.getTime() - (AGE_FULL_HOURS + 1) * 3_600_000);
  const waiting = await Mention.find(
    { status: { $ne: 'closed' }, replyCount: 0, createdAt: { $gte: since } },
    { complaint: 1, visibility: 1, author: 1, createdAt: 1, priority: 1 },
  ).lean<Array<PriorityFields & { _id: unknown; priority: number }>>();
  const changed = waiting
    .map((m) => ({ m, priority: mentionPriority(m, now) }))
    .filter(({ m, priority }) => priority !== m.priority);
  if (changed.length === 0) return { scanned: waiting.length, updated: 0 };
  await bulkWriteChunked(
    Mention,
    changed.map(({ m, priority }) => ({ updateOne: { filter: { _id: m._id }, update: { $set: { priority } } } })),
    { ordered: false },
  );
  if (bus) {
    const fresh = await Mention.find({ _id: { $in: changed.map(({ m }) => m._id) } }).lean();
    for (const doc of fresh) bus.publish({ type: 'mention.updated', mention: toPublicMention(doc) });
  }
  return { scanned: waiting.length, updated: changed.length };
}
