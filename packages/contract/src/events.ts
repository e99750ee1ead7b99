import type { Conversation, Message } from './conversations.ts';

/**
 * What `GET /api/stream` sends (Server-Sent Events; the SSE `event:` field is `type`, `data:` is the
 * rest as JSON). Each event carries what changed, so clients merge it instead of refetching.
 */
export type LiveEvent =
  | { type: 'conversation.updated'; conversation: Conversation }
  | { type: 'message.created'; message: Message; conversation: Conversation }
  | { type: 'account.updated'; account: Record<string, unknown> };

export type LiveEventType = LiveEvent['type'];
