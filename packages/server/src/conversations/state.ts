// How a conversation's state follows from its messages, replies and the team's actions. Pure
// functions over plain objects: services/conversation-store.ts applies them to the database, the
// migration builds conversations from stored messages with the same rules, and tests call them.
import type { Types } from 'mongoose';
import type { SentimentLabel, Status } from '@inbox/contract';
import { mentionPriority } from '../ingest/priority.ts';

/** Unanswered messages kept per conversation (their priority fields); older ones drop off. */
export const WAITING_MAX = 50;
/** Ids of the latest messages already counted, so a message applied twice is counted once. */
export const RECENT_IDS_MAX = 100;
const REASONS_MAX = 8;
const PREVIEW_CHARS = 280;

export interface AuthorFacts {
  id: string;
  handle: string | null;
  name: string | null;
  reach: number;
}

/** What a conversation needs to know of one of its customer messages. */
export interface MessageFacts {
  _id: Types.ObjectId;
  account: Types.ObjectId;
  network: string;
  threadKey: string;
  kind: string;
  visibility: 'public' | 'private';
  author: AuthorFacts;
  subject: string | null;
  text: string;
  lang: string;
  createdAt: Date;
  sentiment: { label: SentimentLabel };
  complaint: { flag: boolean; score: number; reasons: string[] };
  dueAt: Date | null;
}

export interface Waiting {
  id: Types.ObjectId;
  flag: boolean;
  score: number;
  reasons: string[];
  visibility: string;
  reach: number;
  createdAt: Date;
  dueAt: Date | null;
}

/** A conversation as stored, less `rev` (the store owns it). */
export interface ConversationState {
  _id: Types.ObjectId;
  account: Types.ObjectId;
  network: string;
  threadKey: string;
  kind: string;
  visibility: 'public' | 'private';
  subject: string | null;
  customer: AuthorFacts;
  status: Status;
  assignee: string | null;
  labels: string[];
  priority: number;
  complaint: boolean;
  reasons: string[];
  sentiment: SentimentLabel;
  lang: string;
  dueAt: Date | null;
  messageCount: number;
  replyCount: number;
  waiting: Waiting[];
  unansweredCount: number;
  recentIds: Types.ObjectId[];
  lastMessage: {
    id: Types.ObjectId;
    text: string;
    author: AuthorFacts;
    createdAt: Date;
    lang: string;
    sentiment: SentimentLabel;
    complaint: boolean;
  };
  lastMessageAt: Date;
  firstMessageAt: Date;
  lastReplyAt: Date | null;
  firstResponseAt: Date | null;
  firstResponseMs: number | null;
  resolvedAt: Date | null;
  resolutionMs: number | null;
  reopenCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const byTime = (a: MessageFacts, b: MessageFacts) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.toHexString().localeCompare(b._id.toHexString());

function preview(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

function waitingOf(m: MessageFacts): Waiting {
  return {
    id: m._id,
    flag: m.complaint.flag,
    score: m.complaint.score,
    reasons: m.complaint.reasons,
    visibility: m.visibility,
    reach: m.author.reach,
    createdAt: m.createdAt,
    dueAt: m.dueAt,
  };
}

/**
 * Priority, complaint flag, reasons and reply-by deadline from the unanswered messages at `now`.
 * Nothing waiting, or closed: priority 0 and no deadline.
 */
export function urgency(c: Pick<ConversationState, 'waiting' | 'status'>, now: Date): Pick<ConversationState, 'priority' | 'complaint' | 'reasons' | 'dueAt'> {
  if (c.status === 'closed' || c.waiting.length === 0) return { priority: 0, complaint: false, reasons: [], dueAt: null };
  let priority = 0;
  let dueAt: Date | null = null;
  const reasons = new Set<string>();
  for (const w of c.waiting) {
    const p = mentionPriority({ complaint: { flag: w.flag, score: w.score }, visibility: w.visibility === 'public' ? 'public' : 'private', author: { reach: w.reach }, createdAt: w.createdAt }, now);
    priority = Math.max(priority, p);
    if (w.flag) for (const r of w.reasons) reasons.add(r);
    if (w.dueAt && (!dueAt || w.dueAt < dueAt)) dueAt = w.dueAt;
  }
  return { priority, complaint: c.waiting.some((w) => w.flag), reasons: [...reasons].slice(0, REASONS_MAX), dueAt };
}

function withUrgency<T extends ConversationState>(c: T, now: Date): T {
  return { ...c, ...urgency(c, now) };
}

/** A new conversation from its first message(s); status open. */
export function startConversation(id: Types.ObjectId, messages: MessageFacts[], now: Date): ConversationState {
  const sorted = [...messages].sort(byTime);
  const first = sorted[0];
  if (!first) throw new Error('a conversation starts with a message');
  const base: ConversationState = {
    _id: id,
    account: first.account,
    network: first.network,
    threadKey: first.threadKey,
    kind: first.kind,
    visibility: first.visibility,
    subject: first.subject,
    customer: first.author,
    status: 'open',
    assignee: null,
    labels: [],
    priority: 0,
    complaint: false,
    reasons: [],
    sentiment: first.sentiment.label,
    lang: first.lang,
    dueAt: null,
    messageCount: 0,
    replyCount: 0,
    waiting: [],
    unansweredCount: 0,
    recentIds: [],
    lastMessage: { id: first._id, text: '', author: first.author, createdAt: first.createdAt, lang: first.lang, sentiment: first.sentiment.label, complaint: false },
    lastMessageAt: first.createdAt,
    firstMessageAt: first.createdAt,
    lastReplyAt: null,
    firstResponseAt: null,
    firstResponseMs: null,
    resolvedAt: null,
    resolutionMs: null,
    reopenCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  return addMessages(base, sorted, now).next;
}

/**
 * New customer messages: counted once each (ids already in `recentIds` are skipped), unanswered
 * until the team replies, and a pending or closed conversation opens again.
 */
export function addMessages(c: ConversationState, messages: MessageFacts[], now: Date): { next: ConversationState; added: number; reopened: boolean } {
  const seen = new Set(c.recentIds.map((i) => i.toHexString()));
  const fresh = messages.filter((m) => !seen.has(m._id.toHexString())).sort(byTime);
  if (fresh.length === 0) return { next: c, added: 0, reopened: false };
  let next: ConversationState = { ...c };
  for (const m of fresh) {
    const answeredAlready = next.lastReplyAt !== null && m.createdAt < next.lastReplyAt;
    if (!answeredAlready) {
      next.waiting = [...next.waiting, waitingOf(m)].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).slice(-WAITING_MAX);
      next.unansweredCount += 1;
    }
    next.messageCount += 1;
    next.recentIds = [...next.recentIds, m._id].slice(-RECENT_IDS_MAX);
    if (m.createdAt >= next.lastMessageAt || next.messageCount === 1) {
      next.lastMessageAt = m.createdAt;
      next.lastMessage = { id: m._id, text: preview(m.text), author: m.author, createdAt: m.createdAt, lang: m.lang, sentiment: m.sentiment.label, complaint: m.complaint.flag };
      next.sentiment = m.sentiment.label;
      next.lang = m.lang;
    }
    if (m.createdAt < next.firstMessageAt) next.firstMessageAt = m.createdAt;
    if (m.visibility === 'public') next.visibility = 'public';
    if (!next.subject && m.subject) next.subject = m.subject;
  }
  const reopened = next.status !== 'open' && fresh.some((m) => !(next.lastReplyAt !== null && m.createdAt < next.lastReplyAt));
  if (reopened) {
    next = { ...next, status: 'open', resolvedAt: null, resolutionMs: null, reopenCount: next.reopenCount + 1 };
  }
  return { next: withUrgency({ ...next, updatedAt: now }, now), added: fresh.length, reopened };
}

/** A reply the network accepted: everything before it is answered; "Send and close" closes. */
export function recordReply(c: ConversationState, sentAt: Date, close: boolean, now: Date): ConversationState {
  const waiting = c.waiting.filter((w) => w.createdAt > sentAt);
  const firstResponseAt = c.firstResponseAt ?? sentAt;
  let next: ConversationState = {
    ...c,
    waiting,
    unansweredCount: waiting.length,
    replyCount: c.replyCount + 1,
    lastReplyAt: c.lastReplyAt && c.lastReplyAt > sentAt ? c.lastReplyAt : sentAt,
    firstResponseAt,
    firstResponseMs: c.firstResponseMs ?? Math.max(0, firstResponseAt.getTime() - c.firstMessageAt.getTime()),
    updatedAt: now,
  };
  if (close) next = changeStatus(next, 'closed', now);
  return withUrgency(next, now);
}

/** A status the team set. Closing records the resolution time; opening again clears it. */
export function changeStatus(c: ConversationState, status: Status, now: Date): ConversationState {
  if (c.status === status) return c;
  const next: ConversationState = { ...c, status, updatedAt: now };
  if (status === 'closed') {
    next.resolvedAt = now;
    next.resolutionMs = Math.max(0, now.getTime() - c.firstMessageAt.getTime());
  } else if (c.status === 'closed') {
    next.resolvedAt = null;
    next.resolutionMs = null;
  }
  return withUrgency(next, now);
}

/** Priority and deadline again at `now` (they grow as messages wait); the same object when unchanged. */
export function refreshUrgency(c: ConversationState, now: Date): ConversationState {
  const u = urgency(c, now);
  const same = u.priority === c.priority && u.complaint === c.complaint && (u.dueAt?.getTime() ?? null) === (c.dueAt?.getTime() ?? null) && u.reasons.join('\0') === c.reasons.join('\0');
  return same ? c : { ...c, ...u };
}

/** What a conversation adds to the header's counters. */
export function countsOf(c: Pick<ConversationState, 'status' | 'complaint' | 'assignee'> | null): Record<'open' | 'pending' | 'closed' | 'openComplaints' | 'openUnassigned', number> {
  const open = c?.status === 'open';
  return {
    open: open ? 1 : 0,
    pending: c?.status === 'pending' ? 1 : 0,
    closed: c?.status === 'closed' ? 1 : 0,
    openComplaints: open && c.complaint ? 1 : 0,
    openUnassigned: open && !c.assignee ? 1 : 0,
  };
}
