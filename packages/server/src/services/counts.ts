import type { QueueCounts } from '@inbox/contract';
import { Counter } from '../models/counter.ts';
import { Conversation } from '../models/conversation.ts';
import { countsOf, type ConversationState } from '../conversations/state.ts';
import { PUSHDOWN } from '../db/pushdown.ts';

const QUEUE = 'queue';
type Counts = ReturnType<typeof countsOf>;

/** Applies the difference a conversation's change makes to the header's counters (one `$inc`). */
export async function bumpCounts(before: Pick<ConversationState, 'status' | 'complaint' | 'assignee'> | null, after: Pick<ConversationState, 'status' | 'complaint' | 'assignee'> | null): Promise<void> {
  const a = countsOf(before);
  const b = countsOf(after);
  const inc: Partial<Counts> = {};
  for (const k of Object.keys(a) as Array<keyof Counts>) if (b[k] !== a[k]) inc[k] = b[k] - a[k];
  if (Object.keys(inc).length === 0) return;
  await Counter.updateOne({ _id: QUEUE }, { $inc: inc }, { upsert: true });
}

export async function queueCounts(): Promise<QueueCounts> {
  const c = await Counter.findById(QUEUE).lean<Partial<QueueCounts>>();
  return { open: c?.open ?? 0, pending: c?.pending ?? 0, closed: c?.closed ?? 0, openComplaints: c?.openComplaints ?? 0, openUnassigned: c?.openUnassigned ?? 0 };
}

/**
 * Counts the conversations once and stores the figures: after the migration, and now and then in
 * case a process died between a conversation's write and its `$inc`. Reads only the fields needed.
 */
export async function recount(): Promise<QueueCounts> {
  const totals: QueueCounts = { open: 0, pending: 0, closed: 0, openComplaints: 0, openUnassigned: 0 };
  const cursor = Conversation.find({}, { status: 1, complaint: 1, assignee: 1 }).comment(PUSHDOWN).lean<Array<Pick<ConversationState, 'status' | 'complaint' | 'assignee'>>>().cursor({ batchSize: 1000 });
  for await (const c of cursor) {
    const one = countsOf(c);
    for (const k of Object.keys(totals) as Array<keyof QueueCounts>) totals[k] += one[k];
  }
  await Counter.updateOne({ _id: QUEUE }, { $set: totals }, { upsert: true });
  return totals;
}
