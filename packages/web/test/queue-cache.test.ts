// The cache merges behind the live queue: what a conversation.updated / message.created event, or
// our own PATCH and reply responses, do to the cached list and thread (no refetch involved).
import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { Conversation, ConversationDetail, Message, Reply } from '@inbox/contract';
import { applyConversation, applyMessage, applyReply, detailKey, freshKey, listKey, matches, showFresh, type ListData } from '../src/lib/queue-cache.ts';
import type { Filters } from '../src/lib/types.ts';

const ME = 'me@test.local';
let seq = 0;
const hex = (n: number) => n.toString(16).padStart(24, '0');

function conv(over: Partial<Conversation> = {}): Conversation {
  seq += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString();
  const author = { id: `u${seq}`, handle: `cust${seq}`, name: null, reach: 10 };
  return {
    id: hex(seq),
    account: hex(999),
    network: 'sandbox',
    kind: 'mention',
    visibility: 'public',
    subject: null,
    customer: author,
    status: 'open',
    assignee: null,
    labels: [],
    priority: 50,
    complaint: false,
    reasons: [],
    sentiment: 'neutral',
    lang: 'en',
    dueAt: null,
    messageCount: 1,
    unansweredCount: 1,
    replyCount: 0,
    lastMessage: { id: hex(seq + 5000), text: `hello ${seq}`, author, createdAt: at, lang: 'en', sentiment: 'neutral', complaint: false },
    lastMessageAt: at,
    firstMessageAt: at,
    firstResponseAt: null,
    firstResponseMs: null,
    resolvedAt: null,
    resolutionMs: null,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

function seed(f: Filters, pages: Conversation[][], more = false): QueryClient {
  const qc = new QueryClient();
  qc.setQueryData<ListData>(listKey(f), {
    pages: pages.map((data, i) => ({ data, nextCursor: i < pages.length - 1 || more ? `c${i}` : null })),
    pageParams: pages.map((_, i) => (i === 0 ? null : `c${i - 1}`)),
  });
  return qc;
}

const ids = (qc: QueryClient, f: Filters) => qc.getQueryData<ListData>(listKey(f))!.pages.flatMap((p) => p.data.map((c) => c.id));
const fresh = (qc: QueryClient, f: Filters) => (qc.getQueryData<Conversation[]>(freshKey(f)) ?? []).map((c) => c.id);

describe('queue cache merges', () => {
  const open: Filters = { order: 'priority', status: 'open' };

  it('updates a listed conversation where it stands, without reordering', () => {
    const [a, b, c] = [conv({ priority: 90 }), conv({ priority: 60 }), conv({ priority: 30 })];
    const qc = seed(open, [[a!, b!, c!]]);
    applyConversation(qc, { ...c!, priority: 99, messageCount: 3 }, ME);
    expect(ids(qc, open)).toEqual([a!.id, b!.id, c!.id]);
    expect(qc.getQueryData<ListData>(listKey(open))!.pages[0]!.data[2]!.messageCount).toBe(3);
    expect(fresh(qc, open)).toEqual([]);
  });

  it('takes a conversation out of a list it no longer matches (closed, in the open queue)', () => {
    const [a, b] = [conv(), conv()];
    const qc = seed(open, [[a!, b!]]);
    applyConversation(qc, { ...a!, status: 'closed' }, ME);
    expect(ids(qc, open)).toEqual([b!.id]);
  });

  it('holds back a new conversation that would appear on top behind the "N new" bar, then shows it on top', () => {
    const newest: Filters = { order: 'newest' };
    const [a, b] = [conv(), conv()];
    const qc = seed(newest, [[b!, a!]]);
    const n1 = conv();
    const n2 = conv();
    applyConversation(qc, n1, ME);
    applyConversation(qc, n2, ME);
    applyConversation(qc, n2, ME); // the same event twice counts once
    expect(ids(qc, newest)).toEqual([b!.id, a!.id]);
    expect(fresh(qc, newest).sort()).toEqual([n1.id, n2.id].sort());
    showFresh(qc, newest);
    expect(ids(qc, newest)).toEqual([n2.id, n1.id, b!.id, a!.id]);
    expect(fresh(qc, newest)).toEqual([]);
  });

  it('puts a new conversation ranked inside the loaded part in its place; one below it waits for its page', () => {
    const [a, b] = [conv({ priority: 90 }), conv({ priority: 10 })];
    const qc = seed(open, [[a!], [b!]], true);
    const mid = conv({ priority: 50 });
    const low = conv({ priority: 1 });
    applyConversation(qc, mid, ME);
    applyConversation(qc, low, ME);
    expect(ids(qc, open)).toEqual([a!.id, mid.id, b!.id]);
    expect(fresh(qc, open)).toEqual([]);
  });

  it('does not add a conversation the filters exclude', () => {
    const mine: Filters = { order: 'newest', assignee: 'me' };
    const a = conv({ assignee: ME });
    const qc = seed(mine, [[a]]);
    applyConversation(qc, conv({ assignee: 'other@test.local' }), ME);
    applyConversation(qc, conv({ assignee: null }), ME);
    expect(ids(qc, mine)).toEqual([a.id]);
    expect(fresh(qc, mine)).toEqual([]);
    applyConversation(qc, { ...a, assignee: null }, ME);
    expect(ids(qc, mine)).toEqual([]);
  });

  it('matches each filter', () => {
    const c = conv({ network: 'x', complaint: true, sentiment: 'negative', lang: 'sw', visibility: 'private', assignee: null });
    expect(matches(c, { order: 'newest', network: 'x', complaint: 'true', sentiment: 'negative', lang: 'sw', visibility: 'private', assignee: 'none' }, ME)).toBe(true);
    expect(matches(c, { order: 'newest', network: 'email' }, ME)).toBe(false);
    expect(matches(c, { order: 'newest', complaint: 'false' }, ME)).toBe(false);
    expect(matches(c, { order: 'newest', assignee: 'me' }, ME)).toBe(false);
    expect(matches({ ...c, assignee: ME }, { order: 'newest', assignee: ME }, ME)).toBe(true);
    // A search the last message does not show: the browser cannot tell, so it adds nothing.
    expect(matches(c, { order: 'newest', q: 'refund' }, ME)).toBeUndefined();
  });

  it('appends an arriving message to the open thread once, and updates the thread header', () => {
    const c = conv();
    const qc = seed(open, [[c]]);
    const first = { ...message(c, 1), replies: [] };
    qc.setQueryData<ConversationDetail>(detailKey(c.id), { ...c, messages: [first], notes: [] });
    const m2 = message(c, 2);
    const updated = { ...c, messageCount: 2 };
    applyMessage(qc, m2, updated, ME);
    applyMessage(qc, m2, updated, ME);
    const d = qc.getQueryData<ConversationDetail>(detailKey(c.id))!;
    expect(d.messages.map((m) => m.id)).toEqual([first.id, m2.id]);
    expect(d.messageCount).toBe(2);
  });

  it('shows a refused reply under its message, then the sent retry in its place', () => {
    const c = conv();
    const qc = new QueryClient();
    const m = { ...message(c, 1), replies: [] };
    qc.setQueryData<ConversationDetail>(detailKey(c.id), { ...c, messages: [m], notes: [] });
    const failed: Reply = { id: hex(7001), conversation: c.id, message: m.id, key: 'draftkey123', text: 'Sorry!', status: 'failed', externalId: null, error: 'rate limited', by: ME, createdAt: c.createdAt, sentAt: null };
    applyReply(qc, failed);
    expect(qc.getQueryData<ConversationDetail>(detailKey(c.id))!.messages[0]!.replies.map((r) => r.status)).toEqual(['failed']);
    applyReply(qc, { ...failed, status: 'sent', error: null, externalId: 'x1' });
    expect(qc.getQueryData<ConversationDetail>(detailKey(c.id))!.messages[0]!.replies.map((r) => r.status)).toEqual(['sent']);
  });
});

function message(c: Conversation, n: number): Message {
  return {
    id: hex(8000 + seq * 10 + n),
    conversation: c.id,
    account: c.account,
    network: c.network,
    externalId: `e${seq}-${n}`,
    kind: c.kind,
    visibility: c.visibility,
    author: c.customer,
    subject: null,
    text: `message ${n}`,
    lang: 'en',
    url: null,
    createdAt: new Date(Date.UTC(2026, 0, 2, 0, n)).toISOString(),
    receivedAt: new Date(Date.UTC(2026, 0, 2, 0, n)).toISOString(),
    sentiment: { label: 'neutral', score: 0, words: [] },
    complaint: { flag: false, score: 0, reasons: [] },
    priority: 10,
    dueAt: null,
  };
}
