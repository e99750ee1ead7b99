import type { IncomingMention } from '../core/index.ts';
import { graphTimeToIso } from './webhook.ts';

/** The Messenger Platform `messaging[]` event, shared by Page (Messenger) and Instagram webhooks. */
export interface MessagingEventLike {
  sender: { id: string };
  timestamp: number;
  message?: {
    mid: string;
    text?: string | undefined;
    is_echo?: boolean | undefined;
    is_deleted?: boolean | undefined;
    attachments?: Array<{ type: string }> | undefined;
    reply_to?: { mid?: string | undefined } | undefined;
  } | undefined;
}

/**
 * A direct message from a Messenger-platform event, or null for what is not a customer's new
 * message: echoes and the account's own sends, deletions, events without a message.
 */
export function messagingMention(
  network: 'facebook' | 'instagram',
  ownId: string,
  threadPrefix: string,
  ev: MessagingEventLike,
): IncomingMention | null {
  const m = ev.message;
  if (!m || m.is_echo || m.is_deleted || ev.sender.id === ownId) return null;
  const text = m.text ?? (m.attachments?.length ? m.attachments.map((a) => `[${a.type}]`).join(' ') : '');
  const threadKey = `${threadPrefix}:${ev.sender.id}`;
  return {
    network,
    externalId: m.mid,
    threadKey,
    kind: 'dm',
    visibility: 'private',
    author: { id: ev.sender.id },
    text,
    createdAt: graphTimeToIso(ev.timestamp),
    ...(m.reply_to?.mid ? { inReplyTo: m.reply_to.mid } : {}),
    replyTarget: { kind: 'dm', externalId: m.mid, threadKey, authorId: ev.sender.id },
  };
}
