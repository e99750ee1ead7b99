// Priority includes how long a customer has waited (@inbox/scoring, priority.ts), but it is stored so the
// queue can be sorted by an index. This job brings stored priorities up to date as messages wait:
// only conversations with unanswered messages can change, and only open or pending ones are read
// (the closed history never is). Each change is its own exactly-once write by `_id`.
import { Conversation } from '../models/conversation.ts';
import { AGE_FULL_HOURS } from '@inbox/scoring';
import { PUSHDOWN } from '../db/pushdown.ts';
import { refreshUrgency } from '../conversations/state.ts';
import { mutateConversation, type StoredConversation } from '../services/conversation-store.ts';
import { toPublicConversation } from '../present/conversation.ts';
import type { EventBus } from '../events/bus.ts';

/** How often the stored priorities are refreshed; a step of the age term is 10/24 points per hour. */
export const REPRIORITIZE_EVERY_MS = 10 * 60_000;

export interface ReprioritizeResult {
  scanned: number;
  updated: number;
}

export async function reprioritizeWaiting(now: Date, bus?: EventBus): Promise<ReprioritizeResult> {
  // One extra hour so a message crossing the end of the window gets its final value.
  const since = now.getTime() - (AGE_FULL_HOURS + 1) * 3_600_000;
  let scanned = 0;
  let updated = 0;
  for (const status of ['open', 'pending'] as const) {
    const rows = Conversation.find({ status }, { _id: 1, waiting: 1, priority: 1 }).comment(PUSHDOWN).lean<Array<Pick<StoredConversation, '_id' | 'waiting' | 'priority'>>>().cursor({ batchSize: 500 });
    for await (const c of rows) {
      scanned += 1;
      if (!c.waiting?.some((w) => new Date(w.createdAt).getTime() >= since)) continue;
      const { after, changed } = await mutateConversation(c._id, (cur) => {
        if (!cur || cur.status === 'closed') return null;
        const next = refreshUrgency(cur, now);
        return next === cur ? null : next;
      });
      if (!changed || !after) continue;
      updated += 1;
      bus?.publish({ type: 'conversation.updated', conversation: toPublicConversation(after) });
    }
  }
  return { scanned, updated };
}
