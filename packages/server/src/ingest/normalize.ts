import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { IncomingMention } from '@inbox/connectors';
import { priorityOf, scoreMessage } from '@inbox/scoring';
import { searchTokens } from '../search/tokens.ts';

/** Public complaints must be answered within this long. */
export const PUBLIC_COMPLAINT_SLA_MS = 60 * 60 * 1000;
const MAX_TEXT = 20_000;

/**
 * A mention's `_id` is derived from (account, externalId): the same message always gets the same id.
 * FerretDB's SQLite backend looks documents up by `_id` only (other filters scan the collection), so
 * deduplicating on `_id` keeps ingest at raw insert speed; the unique (account, externalId) index
 * stays as the second guard.
 */
export function mentionId(account: Types.ObjectId, externalId: string): Types.ObjectId {
  const digest = createHash('sha256').update(account.toHexString()).update('\0').update(externalId).digest();
  return new Types.ObjectId(digest.subarray(0, 12));
}

/** The stored fields a mention's priority is computed from (at ingest, and again as it waits). */
export interface PriorityFields {
  complaint: { flag: boolean; score: number };
  visibility: 'public' | 'private';
  author: { reach?: number | null };
  createdAt: Date;
}

/** Queue priority of a mention at time `now`: an unflagged message counts half its complaint score. */
export function mentionPriority(m: PriorityFields, now: Date): number {
  return priorityOf({
    complaintScore: m.complaint.flag ? m.complaint.score : m.complaint.score / 2,
    visibility: m.visibility,
    reach: m.author.reach ?? 0,
    ageHours: Math.max(0, (now.getTime() - m.createdAt.getTime()) / 3_600_000),
  });
}

export interface AccountRef {
  _id: Types.ObjectId;
  brandHandles?: string[];
}

/** Turns what a connector delivered into the stored document: language, sentiment, complaint, priority. */
export function toMentionDoc(account: AccountRef, m: IncomingMention, now: Date = new Date()) {
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
  return {
    _id: mentionId(account._id, m.externalId),
    account: account._id,
    network: m.network,
    externalId: m.externalId,
    threadKey: m.threadKey,
    inReplyTo: m.inReplyTo ?? null,
    kind: m.kind,
    visibility: m.visibility,
    author: { id: m.author.id, handle: m.author.handle ?? null, name: m.author.name ?? null, reach: m.author.reach ?? 0 },
    text,
    lang: score.lang,
    url: m.url ?? null,
    createdAt: created,
    receivedAt: now,
    updatedAt: now,
    sentiment: score.sentiment,
    complaint: score.complaint,
    priority,
    dueAt: score.complaint.flag && m.visibility === 'public' ? new Date(created.getTime() + PUBLIC_COMPLAINT_SLA_MS) : null,
    status: 'open' as const,
    assignee: null,
    labels: [] as string[],
    replyTarget: m.replyTarget,
    replyCount: 0,
    lastReplyAt: null,
    tokens: searchTokens(`${text} ${m.author.handle ?? ''} ${m.author.name ?? ''}`),
  };
}

export type NewMentionDoc = ReturnType<typeof toMentionDoc>;
