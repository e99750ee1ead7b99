import type { Types } from 'mongoose';
import type { IncomingMention } from '@inbox/connectors';
import { Message } from '../models/message.ts';
import { sanitizeIncoming } from './sanitize.ts';
import type { EventBus } from '../events/bus.ts';
import { toPublicConversation, toPublicMessage } from '../present/conversation.ts';
import { addMessages, startConversation, type MessageFacts } from '../conversations/state.ts';
import { mutateConversation } from '../services/conversation-store.ts';
import { postingsOf, writePostings } from '../search/postings.ts';
import { chunksOf, eachLimited, insertManyChunked } from '../db/chunked.ts';
import { CountDeltas } from '../services/counts.ts';
import { AnalyticsDeltas } from '../analytics/buckets.ts';
import { toMessageDoc, type AccountRef, type NewMessageDoc } from './normalize.ts';

export interface IngestResult {
  inserted: number;
  duplicates: number;
}

/** Conversations filed at once within a batch (their writes overlap; each is still exactly-once). */
const FILE_CONCURRENCY = 8;

function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** Indexes of a bulk insert's documents refused as duplicates; throws for any other failure. */
function duplicateIndexes(err: unknown): Set<number> {
  const e = err as { code?: number; writeErrors?: unknown };
  const list = (Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : []) as Array<{ code?: number; index?: number }>;
  if (list.length === 0 || !list.every((w) => isDuplicateKeyError(w) && typeof w.index === 'number')) throw err;
  return new Set(list.map((w) => w.index!));
}

async function insertNew(docs: NewMessageDoc[]): Promise<{ inserted: NewMessageDoc[]; refused: NewMessageDoc[] }> {
  let dup = new Set<number>();
  try {
    await insertManyChunked(Message.collection, docs, { ordered: false });
  } catch (err) {
    dup = duplicateIndexes(err);
  }
  return { inserted: docs.filter((_, i) => !dup.has(i)), refused: docs.filter((_, i) => dup.has(i)) };
}

/**
 * Messages a crash left stored but not yet counted by their conversation (`applied: false`): a
 * redelivery of them finishes the job instead of being dropped as a duplicate.
 */
async function unappliedOf(refused: NewMessageDoc[]): Promise<NewMessageDoc[]> {
  if (refused.length === 0) return [];
  const ids = refused.map((d) => d._id);
  const stored = await Message.find({ _id: { $in: ids }, applied: false }).lean<NewMessageDoc[]>();
  return stored;
}

function factsOf(d: NewMessageDoc): MessageFacts {
  return {
    _id: d._id,
    account: d.account,
    network: d.network,
    threadKey: d.threadKey,
    kind: d.kind,
    visibility: d.visibility,
    author: d.author,
    subject: d.subject ?? null,
    text: d.text,
    lang: d.lang,
    createdAt: d.createdAt,
    sentiment: { label: d.sentiment.label },
    complaint: d.complaint,
    dueAt: d.dueAt,
  };
}

/**
 * Stores messages idempotently and files them into their conversations:
 * 1. each message has an `_id` derived from (account, externalId), so one delivered twice (poll +
 *    webhook, a retried page, a restart, two servers racing) is refused as a duplicate key;
 * 2. its search postings are written (derived ids: a retry writes them once);
 * 3. its conversation counts it (read-modify-write by `_id`, exactly once: services/conversation-store.ts)
 *    and the message is marked applied. A crash between 1 and 3 leaves `applied: false`, and the
 *    redelivery that follows (cursors only advance after this resolves) completes it.
 * Resolves only after every write is acknowledged, so callers may advance cursors after it.
 */
export async function ingest(account: AccountRef, incoming: IncomingMention[], bus?: EventBus): Promise<IngestResult> {
  if (incoming.length === 0) return { inserted: 0, duplicates: 0 };
  const now = new Date();
  // The same id twice in one batch is one message.
  const unique = new Map<string, NewMessageDoc>();
  for (const m of incoming) if (!unique.has(m.externalId)) unique.set(m.externalId, toMessageDoc(account, sanitizeIncoming(m), now));

  const { inserted, refused } = await insertNew([...unique.values()]);
  const toApply = [...inserted, ...(await unappliedOf(refused))];
  if (toApply.length === 0) return { inserted: 0, duplicates: incoming.length };

  await writePostings(toApply.flatMap(postingsOf));

  const byConversation = new Map<string, { id: Types.ObjectId; docs: NewMessageDoc[] }>();
  for (const d of toApply) {
    const key = d.conversation.toHexString();
    const entry = byConversation.get(key) ?? { id: d.conversation, docs: [] };
    entry.docs.push(d);
    byConversation.set(key, entry);
  }
  // Different conversations do not touch each other: file them side by side, counters bumped once.
  const deltas = new CountDeltas();
  const analytics = new AnalyticsDeltas();
  await eachLimited([...byConversation.values()], FILE_CONCURRENCY, async ({ id, docs }) => {
    const facts = docs.map(factsOf);
    // Which of these this write counted: a message another delivery already counted is not announced again.
    let counted = new Set<string>();
    const { after } = await mutateConversation(
      id,
      (cur) => {
        const known = new Set((cur?.recentIds ?? []).map((i) => i.toHexString()));
        counted = new Set(facts.map((f) => f._id.toHexString()).filter((k) => !known.has(k)));
        if (!cur) return startConversation(id, facts, now);
        const { next, added } = addMessages(cur, facts, now);
        return added > 0 ? next : null;
      },
      deltas,
    );
    // Time-bucket counters: only messages this write counted, so a redelivery never counts twice.
    for (const d of docs) if (counted.has(d._id.toHexString())) analytics.addMessage(d);
    if (bus && after && counted.size > 0) {
      const conversation = toPublicConversation(after);
      for (const d of docs) if (counted.has(d._id.toHexString())) bus.publish({ type: 'message.created', message: toPublicMessage(d), conversation });
    }
  });
  await deltas.flush();
  await analytics.flush();
  for (const part of chunksOf(toApply)) await Message.updateMany({ _id: { $in: part.map((d) => d._id) } }, { $set: { applied: true } });
  return { inserted: inserted.length, duplicates: incoming.length - inserted.length };
}
