// Sending an agent's reply. State machine of a reply (models/reply.ts):
//   (none) --claim--> sending --network accepted--> sent
//                        \----network refused----> failed --retry (same key)--> sending
// A reply is posted only by the request that claimed it. Once the network has accepted it, no
// later failure (the database's included) may mark it failed: a retry would post it twice. If the
// bookkeeping after a successful send cannot be written, the reply stays `sending`, which a retry
// answers with 202 and never posts again.
import { Types } from 'mongoose';
import type { z } from 'zod';
import { isConnectorError, type ConnectorRegistry, type ReplyTarget } from '@inbox/connectors';
import type { ReplyBody } from '@inbox/contract';
import { Account, type AccountDoc } from '../models/account.ts';
import { Message } from '../models/message.ts';
import type { NewMessageDoc as MessageDoc } from '../ingest/normalize.ts';
import { Reply, type ReplyDoc } from '../models/reply.ts';
import { HttpError } from '../errors.ts';
import type { SecretBox } from '../secrets/cipher.ts';
import type { EventBus } from '../events/bus.ts';
import type { Logger } from '../logger.ts';
import { contextFor } from '../accounts/context.ts';
import { recordReply } from '../conversations/state.ts';
import { toPublicConversation } from '../present/conversation.ts';
import { getConversation } from './conversations.ts';
import { mutateConversation, type StoredConversation } from './conversation-store.ts';
import { AnalyticsDeltas } from '../analytics/buckets.ts';

export interface ReplyDeps {
  registry: ConnectorRegistry;
  box: SecretBox;
  bus?: EventBus;
  log: Logger;
}

export type ReplyOutcome =
  | { kind: 'sent'; reply: ReplyDoc; conversation: StoredConversation }
  | { kind: 'already'; reply: ReplyDoc }
  | { kind: 'failed'; reply: ReplyDoc; error: string; rateLimited: boolean };

/** How often the bookkeeping after a successful send is tried before it is left to the log. */
const RECORD_ATTEMPTS = 3;

async function claim(conversation: StoredConversation, target: MessageDoc, body: z.output<typeof ReplyBody>, by: string | null): Promise<{ reply: ReplyDoc } | { existing: ReplyDoc }> {
  try {
    const reply = (
      await Reply.create({ conversation: conversation._id, message: target._id, account: conversation.account, key: body.key, text: body.text, status: 'sending', by, createdAt: new Date() })
    ).toObject() as ReplyDoc;
    return { reply };
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const existing = await Reply.findOne({ conversation: conversation._id, key: body.key }).lean<ReplyDoc>();
  if (!existing) throw new HttpError(409, 'this draft is being sent by another request; try again');
  if (existing.status !== 'failed') return { existing };
  // A failed attempt may be retried, with the draft's current text; claim it back atomically.
  const again = await Reply.findOneAndUpdate({ _id: existing._id, status: 'failed' }, { $set: { status: 'sending', error: null, text: body.text, by } }, { returnDocument: 'after' }).lean<ReplyDoc>();
  return again ? { reply: again } : { existing };
}

async function targetOf(conversation: StoredConversation, to: string | undefined): Promise<MessageDoc> {
  const id = to ? new Types.ObjectId(to) : conversation.lastMessage.id;
  const m = await Message.findById(id).lean<MessageDoc>();
  if (!m || !m.conversation.equals(conversation._id)) throw new HttpError(400, `to: message ${id.toHexString()} is not in this conversation`);
  return m;
}

/** The dashboard's response counters (analytics/buckets.ts); a failure is logged, never retried (it would post nothing, but count twice). */
async function countResponse(deps: ReplyDeps, before: StoredConversation, after: StoredConversation, sentAt: Date): Promise<void> {
  const first = before.firstResponseAt === null && after.firstResponseMs !== null ? after.firstResponseMs : null;
  const due = before.dueAt ? (sentAt <= before.dueAt ? 'met' : 'missed') : null;
  await new AnalyticsDeltas()
    .addResponse(sentAt, first, due)
    .flush()
    .catch((err: unknown) => deps.log.warn({ err }, 'response counters not bumped'));
}

/** Records a sent reply and its effect on the conversation, retrying briefly; never throws. */
async function recordSent(deps: ReplyDeps, reply: ReplyDoc, externalId: string, close: boolean): Promise<{ reply: ReplyDoc; conversation: StoredConversation | null }> {
  const sentAt = new Date();
  let lastErr: unknown = null;
  for (let attempt = 0; attempt < RECORD_ATTEMPTS; attempt++) {
    try {
      const done = (await Reply.findByIdAndUpdate(reply._id, { $set: { status: 'sent', externalId, sentAt, error: null } }, { returnDocument: 'after' }).lean<ReplyDoc>()) ?? reply;
      const { before, after, changed } = await mutateConversation(reply.conversation, (cur) => (cur ? recordReply(cur, sentAt, close, new Date()) : null));
      if (changed && before && after) await countResponse(deps, before, after, sentAt);
      return { reply: done, conversation: after };
    } catch (err) {
      lastErr = err;
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
  }
  deps.log.error({ err: lastErr, reply: String(reply._id) }, 'reply sent but not recorded; it stays "sending" and is not posted again');
  return { reply, conversation: null };
}

export async function sendReply(deps: ReplyDeps, conversationId: string, body: z.output<typeof ReplyBody>, by: string | null): Promise<ReplyOutcome> {
  const conversation = await getConversation(conversationId);
  const target = await targetOf(conversation, body.to);
  const account = await Account.findById(conversation.account).lean<AccountDoc>();
  if (!account) throw new HttpError(409, 'the account this conversation came from was removed');

  const claimed = await claim(conversation, target, body, by);
  if ('existing' in claimed) return { kind: 'already', reply: claimed.existing };
  const reply = claimed.reply;

  let externalId: string;
  try {
    const { connector, ctx } = contextFor(deps.registry, deps.box, account);
    externalId = (await connector.reply(ctx, target.replyTarget as ReplyTarget, reply.text, `${conversationId}:${body.key}`)).externalId;
  } catch (err) {
    const error = isConnectorError(err) ? `${err.code}: ${err.message}` : 'could not send the reply';
    if (!isConnectorError(err)) deps.log.error({ err }, 'reply failed');
    const failed = (await Reply.findByIdAndUpdate(reply._id, { $set: { status: 'failed', error: error.slice(0, 500) } }, { returnDocument: 'after' }).lean<ReplyDoc>()) ?? reply;
    return { kind: 'failed', reply: failed, error, rateLimited: isConnectorError(err) && err.code === 'rate_limited' };
  }

  const recorded = await recordSent(deps, reply, externalId, body.close === true);
  if (recorded.conversation) deps.bus?.publish({ type: 'conversation.updated', conversation: toPublicConversation(recorded.conversation) });
  return { kind: 'sent', reply: recorded.reply, conversation: recorded.conversation ?? conversation };
}
