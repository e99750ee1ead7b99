import type { Conversation, Message } from './conversations.ts';
import type { Note, Presence } from './team.ts';

/**
 * What `GET /api/stream` sends (Server-Sent Events; the SSE `event:` field is `type`, `data:` is the
 * rest as JSON). Each event carries what changed, so clients merge it instead of refetching.
 */
export type LiveEvent =
  | { type: 'conversation.updated'; conversation: Conversation }
  | { type: 'message.created'; message: Message; conversation: Conversation }
  | { type: 'account.updated'; account: Record<string, unknown> }
  | { type: 'note.created'; note: Note }
  /** Who has a conversation open now (everyone still there, after any change or expiry). */
  | { type: 'presence'; conversation: string; present: Presence[] };

export type LiveEventType = LiveEvent['type'];
