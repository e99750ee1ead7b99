import type { Types } from 'mongoose';
import type { IncomingMention } from '@inbox/connectors';
import { scoreMessage } from '@inbox/scoring';
import { searchTokens } from '../search/tokens.ts';
import { conversationId, messageId } from '../conversations/ids.ts';
import { mentionPriority } from './priority.ts';

/** Public complaints must be answered within this long. */
export const PUBLIC_COMPLAINT_SLA_MS = 60 * 60 * 1000;
const MAX_TEXT = 20_000;

export interface AccountRef {
  _id: Types.ObjectId;
  brandHandles?: string[];
}

function subjectOf(m: IncomingMention): string | null {
  const s = m.replyTarget.meta?.subject;
  return typeof s === 'string' && s.trim() ? s.trim().slice(0, 500) : null;
}

/** Turns what a connector delivered into the stored message: language, sentiment, complaint, priority. */
export function toMessageDoc(account: AccountRef, m: IncomingMention, now: Date = new Date()) {
  const text = m.text.slice(0, MAX_TEXT);
  const createdAt = new Date(m.createdAt);
  const created = Number.isNaN(createdAt.getTime()) ? now : createdAt;
  const score = scoreMessage({
    text,
    ...(m.langHint ? { langHint: m.langHint } : {}),
    visibility: m.visibility,
    brandHandles: account.brandHandles ?? [],
    // Everything a connector fetches reached the brand's own account: mentions of it, comments and
    // posts on its page, direct messages, mail to its mailbox.
    addressed: true,
  });
  const priority = mentionPriority({ complaint: score.complaint, visibility: m.visibility, author: { reach: m.author.reach ?? 0 }, createdAt: created }, now);
  const subject = subjectOf(m);
  return {
    _id: messageId(account._id, m.externalId),
    account: account._id,
    conversation: conversationId(account._id, m.threadKey),
    network: m.network,
    externalId: m.externalId,
    threadKey: m.threadKey,
    inReplyTo: m.inReplyTo ?? null,
    kind: m.kind,
    visibility: m.visibility,
    author: { id: m.author.id, handle: m.author.handle ?? null, name: m.author.name ?? null, reach: m.author.reach ?? 0 },
    subject,
    text,
    lang: score.lang,
    url: m.url ?? null,
    createdAt: created,
    receivedAt: now,
    sentiment: score.sentiment,
    complaint: score.complaint,
    priority,
    dueAt: score.complaint.flag && m.visibility === 'public' ? new Date(created.getTime() + PUBLIC_COMPLAINT_SLA_MS) : null,
    replyTarget: m.replyTarget,
    tokens: searchTokens(`${subject ?? ''} ${text} ${m.author.handle ?? ''} ${m.author.name ?? ''}`),
    /** False until its conversation has counted it (ingest/pipeline.ts). */
    applied: false,
  };
}

export type NewMessageDoc = ReturnType<typeof toMessageDoc>;
