// The one shape of each conversation-model record the API and live events return: internal fields
// (search words, reply targets, counters' bookkeeping) never leave the server.
import type { Conversation as PublicConversation, Message as PublicMessage, Reply as PublicReply, SentimentLabel } from '@inbox/contract';
import type { ConversationState } from '../conversations/state.ts';
import type { MessageDoc } from '../models/message.ts';
import type { ReplyDoc } from '../models/reply.ts';

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const isoReq = (d: Date | string): string => new Date(d).toISOString();

function author(a: { id: string; handle?: string | null; name?: string | null; reach?: number | null }) {
  return { id: a.id, handle: a.handle ?? null, name: a.name ?? null, reach: a.reach ?? 0 };
}

export function toPublicConversation(c: ConversationState): PublicConversation {
  return {
    id: c._id.toHexString(),
    account: String(c.account),
    network: c.network as PublicConversation['network'],
    kind: c.kind,
    visibility: c.visibility,
    subject: c.subject ?? null,
    customer: author(c.customer),
    status: c.status,
    assignee: c.assignee ?? null,
    labels: c.labels ?? [],
    priority: c.priority,
    complaint: c.complaint,
    reasons: c.reasons ?? [],
    sentiment: c.sentiment,
    lang: c.lang,
    dueAt: c.status === 'closed' ? null : iso(c.dueAt),
    messageCount: c.messageCount,
    unansweredCount: c.unansweredCount ?? 0,
    replyCount: c.replyCount ?? 0,
    lastMessage: {
      id: String(c.lastMessage.id),
      text: c.lastMessage.text,
      author: author(c.lastMessage.author),
      createdAt: isoReq(c.lastMessage.createdAt),
      lang: c.lastMessage.lang,
      sentiment: c.lastMessage.sentiment as SentimentLabel,
      complaint: c.lastMessage.complaint,
    },
    lastMessageAt: isoReq(c.lastMessageAt),
    firstMessageAt: isoReq(c.firstMessageAt),
    firstResponseAt: iso(c.firstResponseAt),
    firstResponseMs: c.firstResponseMs ?? null,
    resolvedAt: iso(c.resolvedAt),
    resolutionMs: c.resolutionMs ?? null,
    createdAt: isoReq(c.createdAt),
    updatedAt: isoReq(c.updatedAt),
  };
}

/** Fields of a stored message the public shape needs (a lean document or a freshly built one). */
export type MessageLike = Pick<MessageDoc, '_id' | 'conversation' | 'account' | 'network' | 'externalId' | 'kind' | 'visibility' | 'text' | 'lang' | 'url' | 'createdAt' | 'receivedAt' | 'priority' | 'dueAt'> & {
  subject?: string | null;
  author: { id: string; handle?: string | null; name?: string | null; reach?: number | null };
  sentiment: { label: SentimentLabel; score: number; words?: string[] | null };
  complaint: { flag: boolean; score: number; reasons?: string[] | null };
};

export function toPublicMessage(m: MessageLike): PublicMessage {
  return {
    id: String(m._id),
    conversation: String(m.conversation),
    account: String(m.account),
    network: m.network,
    externalId: m.externalId,
    kind: m.kind,
    visibility: m.visibility,
    author: author(m.author),
    subject: m.subject ?? null,
    text: m.text,
    lang: m.lang,
    url: m.url ?? null,
    createdAt: isoReq(m.createdAt),
    receivedAt: isoReq(m.receivedAt),
    sentiment: { label: m.sentiment.label, score: m.sentiment.score, words: m.sentiment.words ?? [] },
    complaint: { flag: m.complaint.flag, score: m.complaint.score, reasons: m.complaint.reasons ?? [] },
    priority: m.priority,
    dueAt: iso(m.dueAt),
  };
}

export function toPublicReply(r: ReplyDoc): PublicReply {
  return {
    id: String(r._id),
    conversation: String(r.conversation),
    message: String(r.message),
    key: r.key,
    text: r.text,
    status: r.status,
    externalId: r.externalId ?? null,
    error: r.error ?? null,
    by: r.by ?? null,
    createdAt: isoReq(r.createdAt),
    sentAt: iso(r.sentAt),
  };
}
