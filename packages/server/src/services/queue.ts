// Reading the queue: pages of conversations, and search. Every read here is shaped so the database
// answers it from an index and returns about a page (equality on top-level scalars, a sort the
// index holds, a limit): the embedded database runs such finds in SQL when they carry PUSHDOWN.
import { Types } from 'mongoose';
import { z } from 'zod';
import type { Conversation as PublicConversation, ListConversationsQuery } from '@inbox/contract';
import { Conversation } from '../models/conversation.ts';
import { SearchPosting } from '../models/search-posting.ts';
import { PUSHDOWN } from '../db/pushdown.ts';
import { HttpError } from '../errors.ts';
import { searchTokens } from '../search/tokens.ts';
import { toPublicConversation } from '../present/conversation.ts';
import type { StoredConversation } from './conversation-store.ts';

type Query = z.output<typeof import('@inbox/contract').ListConversationsQuery>;
export type { ListConversationsQuery };

const ListCursor = z.object({ p: z.number().optional(), t: z.number(), i: z.string().regex(/^[0-9a-f]{24}$/) });
type ListCursor = z.infer<typeof ListCursor>;
const DueCursor = z.object({ d: z.number(), i: z.string().regex(/^[0-9a-f]{24}$/) });
const SearchCursor = z.object({ s: z.literal(1), t: z.number(), i: z.string().regex(/^[0-9a-f]{24}$/) });
type SearchCursor = z.infer<typeof SearchCursor>;

const encode = (c: ListCursor | SearchCursor | z.infer<typeof DueCursor>) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode<T>(schema: z.ZodType<T>, s: string): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError(400, 'cursor: not a cursor this API returned for this query');
  }
}

/** Equality filters of a query: all on top-level scalar fields of a conversation. */
function equalities(q: Query, me: string | null): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (q.status) f.status = q.status;
  if (q.network) f.network = q.network;
  if (q.account) f.account = new Types.ObjectId(q.account);
  if (q.complaint !== undefined) f.complaint = q.complaint;
  if (q.sentiment) f.sentiment = q.sentiment;
  if (q.visibility) f.visibility = q.visibility;
  if (q.lang) f.lang = q.lang;
  if (q.assignee === 'none') f.assignee = null;
  else if (q.assignee === 'me') f.assignee = me ?? '\0nobody';
  else if (q.assignee) f.assignee = q.assignee.toLowerCase();
  return f;
}

function matches(c: StoredConversation, f: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(f)) {
    const have = (c as unknown as Record<string, unknown>)[k];
    if (v instanceof Types.ObjectId ? !(have instanceof Types.ObjectId && have.equals(v)) : (have ?? null) !== v) return false;
  }
  return true;
}

/** A queue item needs none of the bookkeeping arrays (the largest part of a conversation). */
const LIST_FIELDS = { waiting: 0, recentIds: 0 };

export interface Page {
  data: PublicConversation[];
  nextCursor: string | null;
}

/** A page of the queue, newest activity or highest priority first, cursor-paged. */
export async function listConversations(q: Query, me: string | null): Promise<Page> {
  if (q.q && searchTokens(q.q).length > 0) return searchConversations(q, me);
  if (q.overdue) return overdueConversations(q, me);
  const filter: Record<string, unknown> = equalities(q, me);
  const byPriority = q.order === 'priority';
  if (q.cursor) {
    const c = decode(ListCursor, q.cursor);
    if (byPriority !== (c.p !== undefined)) throw new HttpError(400, 'cursor: belongs to the other order');
    const t = new Date(c.t);
    const i = new Types.ObjectId(c.i);
    const after = [{ lastMessageAt: { $lt: t } }, { lastMessageAt: t, _id: { $lt: i } }];
    filter.$or = byPriority ? [{ priority: { $lt: c.p } }, ...after.map((a) => ({ priority: c.p, ...a }))] : after;
  }
  const sort: Record<string, 1 | -1> = byPriority ? { priority: -1, lastMessageAt: -1, _id: -1 } : { lastMessageAt: -1, _id: -1 };
  const rows = await Conversation.find(filter, LIST_FIELDS).sort(sort).limit(q.limit + 1).comment(PUSHDOWN).lean<StoredConversation[]>();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? encode({ ...(byPriority ? { p: last.priority } : {}), t: last.lastMessageAt.getTime(), i: last._id.toHexString() }) : null;
  return { data: page.map(toPublicConversation), nextCursor };
}

/**
 * The Overdue view: reply-by deadline passed, oldest deadline first (a closed conversation has no
 * deadline). A range on `dueAt` with the sort the {dueAt, _id} index holds and a limit.
 */
async function overdueConversations(q: Query, me: string | null): Promise<Page> {
  const filter: Record<string, unknown> = equalities(q, me);
  const now = new Date();
  if (q.cursor) {
    const c = decode(DueCursor, q.cursor);
    const d = new Date(c.d);
    filter.$or = [{ dueAt: { $gt: d, $lt: now } }, { dueAt: d, _id: { $gt: new Types.ObjectId(c.i) } }];
  } else filter.dueAt = { $lt: now };
  const rows = await Conversation.find(filter, LIST_FIELDS).sort({ dueAt: 1, _id: 1 }).limit(q.limit + 1).comment(PUSHDOWN).lean<StoredConversation[]>();
  // A deadline can pass while the conversation is closed only if stored before closing cleared it.
  const page = rows.slice(0, q.limit).filter((c) => c.status !== 'closed' && c.dueAt);
  const last = rows.slice(0, q.limit).at(-1);
  const nextCursor = rows.length > q.limit && last?.dueAt ? encode({ d: last.dueAt.getTime(), i: last._id.toHexString() }) : null;
  return { data: page.map(toPublicConversation), nextCursor };
}

/** Postings read per round, and rounds per page: a search costs at most this many postings. */
const POSTINGS_PER_ROUND = 200;
const MAX_ROUNDS = 5;

/**
 * Conversations with a message containing every word of `q` (any status unless asked), newest
 * matching message first. Reads the newest postings of the query's longest word (likely its rarest)
 * by index, checks the other words on those messages, then loads the conversations by `_id`. A page
 * reads at most MAX_ROUNDS × POSTINGS_PER_ROUND postings; when that runs out before the page is
 * full, the page is returned short with a cursor to read on.
 */
async function searchConversations(q: Query, me: string | null): Promise<Page> {
  const words = searchTokens(q.q ?? '');
  const lead = [...words].sort((a, b) => b.length - a.length)[0]!;
  const others = words.filter((w) => w !== lead);
  const filter = equalities(q, me);
  let from: SearchCursor | null = q.cursor ? decode(SearchCursor, q.cursor) : null;
  const start = from;
  const found: Array<{ c: StoredConversation; at: SearchCursor }> = [];
  const seen = new Set<string>();
  let exhausted = false;
  for (let round = 0; round < MAX_ROUNDS && found.length <= q.limit && !exhausted; round++) {
    const pf: Record<string, unknown> = { t: lead };
    if (from) {
      const t = new Date(from.t);
      pf.$or = [{ at: { $lt: t } }, { at: t, _id: { $lt: new Types.ObjectId(from.i) } }];
    }
    const postings = await SearchPosting.find(pf).sort({ at: -1, _id: -1 }).limit(POSTINGS_PER_ROUND).comment(PUSHDOWN).lean<Array<{ _id: Types.ObjectId; c: Types.ObjectId; at: Date }>>();
    exhausted = postings.length < POSTINGS_PER_ROUND;
    // Each conversation once, at its newest matching message.
    const candidates: Array<{ key: string; at: SearchCursor }> = [];
    for (const p of postings) {
      const key = p.c.toHexString();
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push({ key, at: { s: 1, t: p.at.getTime(), i: p._id.toHexString() } });
    }
    if (postings.length) from = { s: 1, t: postings.at(-1)!.at.getTime(), i: postings.at(-1)!._id.toHexString() };
    // Load only as many conversations as the page still needs (decoding a conversation is the cost).
    for (let i = 0; i < candidates.length && found.length <= q.limit; ) {
      const chunk = candidates.slice(i, i + Math.max(8, q.limit + 1 - found.length));
      i += chunk.length;
      let keys = chunk.map((x) => x.key);
      // On a later page, a conversation with a newer match was a candidate on an earlier page already.
      if (start) {
        const t0 = new Date(start.t);
        const earlier = await SearchPosting.find(
          { t: lead, c: { $in: keys.map((k) => new Types.ObjectId(k)) }, $or: [{ at: { $gt: t0 } }, { at: t0, _id: { $gt: new Types.ObjectId(start.i) } }] },
          { c: 1 },
        )
          .comment(PUSHDOWN)
          .lean<Array<{ c: Types.ObjectId }>>();
        const shown = new Set(earlier.map((e) => e.c.toHexString()));
        keys = keys.filter((k) => !shown.has(k));
      }
      // Multi-word: keep those that also hold each other word (by the (t, c) index).
      for (const w of others) {
        if (keys.length === 0) break;
        const have = await SearchPosting.find({ t: w, c: { $in: keys.map((k) => new Types.ObjectId(k)) } }, { c: 1 }).comment(PUSHDOWN).lean<Array<{ c: Types.ObjectId }>>();
        const holding = new Set(have.map((h) => h.c.toHexString()));
        keys = keys.filter((k) => holding.has(k));
      }
      if (keys.length === 0) continue;
      const convs = new Map((await Conversation.find({ _id: { $in: keys.map((k) => new Types.ObjectId(k)) } }, LIST_FIELDS).lean<StoredConversation[]>()).map((c) => [c._id.toHexString(), c] as const));
      for (const x of chunk) {
        const c = convs.get(x.key);
        if (!c || !matches(c, filter)) continue;
        found.push({ c, at: x.at });
        if (found.length > q.limit) break;
      }
    }
  }
  const page = found.slice(0, q.limit);
  // Resume after the page's last conversation when the page is full, else after the last posting read.
  const resume = found.length > q.limit ? page.at(-1)?.at : exhausted ? null : from;
  return { data: page.map((f) => toPublicConversation(f.c)), nextCursor: resume ? encode(resume) : null };
}
