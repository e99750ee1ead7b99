import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/**
 * A message's `_id` is derived from (account, externalId): the same message always gets the same
 * id, so a second delivery is refused as a duplicate key by an `_id` lookup, the one lookup every
 * engine serves by index; the unique (account, externalId) index stays as the second guard. (The
 * derivation predates conversations: stored messages keep their ids.)
 */
export function messageId(account: Types.ObjectId, externalId: string): Types.ObjectId {
  const digest = createHash('sha256').update(account.toHexString()).update('\0').update(externalId).digest();
  return new Types.ObjectId(digest.subarray(0, 12));
}

/** A conversation's `_id`, derived from (account, threadKey) the same way, under its own prefix. */
export function conversationId(account: Types.ObjectId, threadKey: string): Types.ObjectId {
  const digest = createHash('sha256').update('conversation\0').update(account.toHexString()).update('\0').update(threadKey).digest();
  return new Types.ObjectId(digest.subarray(0, 12));
}
