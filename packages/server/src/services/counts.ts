import type { QueueCounts } from '@inbox/contract';
import { Counter } from '../models/counter.ts';
import { Conversation } from '../models/conversation.ts';
import { countsOf, type ConversationState } from '../conversations/state.ts';
import { PUSHDOWN } from '../db/pushdown.ts';

const QUEUE = 'queue';
type Counts = ReturnType<typeof countsOf>;

type Counted = Pick<ConversationState, 'status' | 'complaint' | 'assignee'> | null;

/** Differences to the counters, summed over several changes so a batch bumps them once. */
export class CountDeltas {
  private readonly inc: Partial<Counts> = {};

  add(before: Counted, after: Counted): this {
    const a = countsOf(before);
    const b = countsOf(after);
    for (const k of Object.keys(a) as Array<keyof Counts>) if (b[k] !== a[k]) this.inc[k] = (this.inc[k] ?? 0) + b[k] - a[k];
    return this;
  }

  /** One `$inc` with everything added so far (nothing when it all cancelled out). */
  async flush(): Promise<void> {
    const inc = Object.fromEntries(Object.entries(this.inc).filter(([, v]) => v !== 0));
    for (const k of Object.keys(this.inc)) delete this.inc[k as keyof Counts];
    if (Object.keys(inc).length === 0) return;
    await Counter.updateOne({ _id: QUEUE }, { $inc: { ...inc, epoch: 1 } }, { upsert: true });
  }
}

/** Applies the difference one conversation's change makes to the header's counters. */
export async function bumpCounts(before: Counted, after: Counted): Promise<void> {
  await new CountDeltas().add(before, after).flush();
}

export async function queueCounts(): Promise<QueueCounts> {
  const c = await Counter.findById(QUEUE).lean<Partial<QueueCounts>>();
  return { open: c?.open ?? 0, pending: c?.pending ?? 0, closed: c?.closed ?? 0, openComplaints: c?.openComplaints ?? 0, openUnassigned: c?.openUnassigned ?? 0 };
}

/**
 * Counts the conversations and stores the figures: after the migration, at start and now and then,
 * in case a process died between a conversation's write and its `$inc`. Reads only the fields
 * needed. Race-free: every bump also increments `epoch`, and the count is stored only if no bump
 * happened while it was being taken (else it is taken again, a few times at most).
 */
export async function recount(): Promise<QueueCounts | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const epoch = (await Counter.findById(QUEUE).lean<{ epoch?: number }>())?.epoch ?? 0;
    const totals: QueueCounts = { open: 0, pending: 0, closed: 0, openComplaints: 0, openUnassigned: 0 };
    const cursor = Conversation.find({}, { status: 1, complaint: 1, assignee: 1 }).comment(PUSHDOWN).lean<Array<Pick<ConversationState, 'status' | 'complaint' | 'assignee'>>>().cursor({ batchSize: 1000 });
    for await (const c of cursor) {
      const one = countsOf(c);
      for (const k of Object.keys(totals) as Array<keyof QueueCounts>) totals[k] += one[k];
    }
    const filter = epoch === 0 ? { _id: QUEUE, $or: [{ epoch: 0 }, { epoch: { $exists: false } }] } : { _id: QUEUE, epoch };
    try {
      const res = await Counter.updateOne(filter, { $set: { ...totals, epoch: epoch + 1 } }, { upsert: epoch === 0 });
      if (res.matchedCount > 0 || res.upsertedCount > 0) return totals;
    } catch (err) {
      // Two first counts racing to create the document: take it again.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
  return null;
}
