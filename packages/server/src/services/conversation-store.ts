import type { Types } from 'mongoose';
import { Conversation } from '../models/conversation.ts';
import type { ConversationState } from '../conversations/state.ts';
import { CountDeltas } from './counts.ts';

/** How often a change is tried again when another writer changed the conversation in between. */
const MAX_ATTEMPTS = 25;

export type StoredConversation = ConversationState & { rev: number };

export class ConversationConflictError extends Error {
  constructor(id: Types.ObjectId) {
    super(`conversation ${id.toHexString()} kept changing under this write; try again`);
  }
}

async function settle(deltas: CountDeltas | undefined, before: StoredConversation | null, after: StoredConversation): Promise<void> {
  if (deltas) deltas.add(before, after);
  else await new CountDeltas().add(before, after).flush();
}

export async function loadConversation(id: Types.ObjectId): Promise<StoredConversation | null> {
  return Conversation.findById(id).lean<StoredConversation>();
}

/**
 * Read-modify-write of one conversation, exactly once, without transactions (DESIGN: none on
 * FerretDB): `change` gets the stored state (null when there is none) and returns the next one, or
 * null for no change; the write only lands if `rev` is still what was read (or, for a new one, if
 * nobody inserted it first), else it reads again and retries. Every write is by `_id`.
 * The header's counters follow with one `$inc`, or are added to `deltas` for the caller to flush
 * once for a whole batch.
 */
export async function mutateConversation(
  id: Types.ObjectId,
  change: (current: StoredConversation | null) => ConversationState | null,
  deltas?: CountDeltas,
): Promise<{ before: StoredConversation | null; after: StoredConversation | null; changed: boolean }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await loadConversation(id);
    const next = change(current);
    if (!next) return { before: current, after: current, changed: false };
    if (!current) {
      const doc: StoredConversation = { ...next, _id: id, rev: 1 };
      try {
        await Conversation.collection.insertOne(doc);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) continue; // another writer created it first
        throw err;
      }
      await settle(deltas, null, doc);
      return { before: null, after: doc, changed: true };
    }
    const doc: StoredConversation = { ...next, _id: id, rev: current.rev + 1 };
    const res = await Conversation.collection.replaceOne({ _id: id, rev: current.rev }, doc);
    if (res.matchedCount === 0) continue;
    await settle(deltas, current, doc);
    return { before: current, after: doc, changed: true };
  }
  throw new ConversationConflictError(id);
}
