import { Types } from 'mongoose';
import type { IncomingMention } from '@inbox/connectors';
import { priorityOf, scoreMessage } from '../scoring/index.ts';
import { searchTokens } from '../search/tokens.ts';

/** Public complaints must be answered within this long. */
export const PUBLIC_COMPLAINT_SLA_MS = 60 * 60 * 1000;
const MAX_TEXT = 20_000;

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
    ...(m.langHint ? { lang: m.langHint } : {}),
    visibility: m.visibility,
    brandHandles: account.brandHandles ?? [],
  });
  const priority = priorityOf({
    complaintScore: score.complaint.flag ? score.complaint.score : score.complaint.score / 2,
    visibility: m.visibility,
    reach: m.author.reach ?? 0,
    ageHours: Math.max(0, (now.getTime() - created.getTime()) / 3_600_000),
  });
  return {
    _id: new Types.ObjectId(),
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
