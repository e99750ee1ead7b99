import { z } from 'zod';
import type { IncomingMention } from '../core/index.ts';
import { graphTimeToIso } from './webhook.ts';

/**
 * The Messenger Platform `entry[].messaging[]` event, the same for Page (Messenger) and Instagram
 * webhooks; only `message` events matter here. Timestamp in ms. Instagram adds `is_deleted`.
 */
export const MessagingEventSchema = z.object({
  sender: z.object({ id: z.string() }),
  recipient: z.object({ id: z.string() }),
  timestamp: z.number(),
  message: z
    .object({
      mid: z.string(),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      attachments: z.array(z.object({ type: z.string() }).passthrough()).optional(),
      reply_to: z.object({ mid: z.string().optional() }).passthrough().optional(),
    })
    .optional(),
});
export type MessagingEvent = z.infer<typeof MessagingEventSchema>;

/**
 * A direct message from a Messenger-platform event, or null for what is not a customer's new
 * message: echoes and the account's own sends, deletions, events without a message.
 */
export function messagingMention(
  network: 'facebook' | 'instagram',
  ownId: string,
  threadPrefix: string,
  ev: MessagingEvent,
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
