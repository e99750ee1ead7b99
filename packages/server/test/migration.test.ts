import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { Types } from 'mongoose';
import { startTestDb, type TestDb } from '../../../tests/support/db.ts';
import { Message } from '../src/models/message.ts';
import { Conversation } from '../src/models/conversation.ts';
import { SearchPosting } from '../src/models/search-posting.ts';
import { Reply } from '../src/models/reply.ts';
import { migrateToConversations } from '../src/migrations/conversations.ts';
import { conversationId, messageId } from '../src/conversations/ids.ts';
import { queueCounts } from '../src/services/counts.ts';
import { listConversations } from '../src/services/queue.ts';
import { searchTokens } from '../src/search/tokens.ts';

const account = new Types.ObjectId();
const t = (min: number) => new Date(Date.UTC(2026, 9, 1, 8, min));

/** A message as the inbox stored it before conversations: status, assignee, labels on the message. */
function legacy(externalId: string, threadKey: string, min: number, over: Record<string, unknown> = {}) {
  return {
    _id: messageId(account, externalId),
    account,
    network: 'sandbox',
    externalId,
    threadKey,
    inReplyTo: null,
    kind: 'mention',
    visibility: 'public',
    author: { id: 'u1', handle: 'amina', name: 'Amina', reach: 10 },
    text: `Message ${externalId} about my parcel`,
    lang: 'en',
    url: null,
    createdAt: t(min),
    receivedAt: t(min),
    updatedAt: t(min),
    sentiment: { label: 'negative', score: -0.4, words: ['late'] },
    complaint: { flag: true, score: 0.8, reasons: ['delivery problem'] },
    priority: 70,
    dueAt: t(min + 60),
    status: 'open',
    assignee: null,
    labels: [],
    replyTarget: { kind: 'mention', externalId, threadKey, authorId: 'u1' },
    replyCount: 0,
    lastReplyAt: null,
    tokens: searchTokens(`Message ${externalId} about my parcel`),
    ...over,
  };
}

describe('migration of stored messages into conversations', () => {
  let db: TestDb;

  beforeAll(async () => {
    db = await startTestDb();
    await mongoose.connect(db.uri, { dbName: 'migrate', autoIndex: false });
    const raw = mongoose.connection.db!;
    // The old model's collections and indexes, as a data folder from before conversations has them.
    await raw.collection('mentions').createIndex({ account: 1, externalId: 1 }, { unique: true });
    await raw.collection('replies').createIndex({ mention: 1, key: 1 }, { unique: true });
    await raw.collection('mentions').insertMany([
      legacy('t1-a', 'thread-1', 1, { status: 'pending', assignee: 'Agent@Test.local', labels: ['vip'], updatedAt: t(30) }),
      legacy('t1-b', 'thread-1', 5, { status: 'closed', labels: ['refund'] }),
      legacy('t1-c', 'thread-1', 9),
      legacy('t2-a', 'thread-2', 2, { status: 'closed' }),
      legacy('t2-b', 'thread-2', 3, { status: 'closed' }),
      legacy('t3-a', 'thread-3', 4, { status: 'pending', complaint: { flag: false, score: 0.1, reasons: [] } }),
    ]);
    await raw.collection('replies').insertMany([
      { _id: new Types.ObjectId(), mention: messageId(account, 't2-b'), account, key: 'old-key-1', text: 'Sorted!', status: 'sent', externalId: 'r1', error: null, by: 'agent@test.local', createdAt: t(4), sentAt: t(4) },
      { _id: new Types.ObjectId(), mention: messageId(account, 't1-a'), account, key: 'old-key-2', text: 'Looking', status: 'failed', externalId: null, error: 'transient: 500', by: 'agent@test.local', createdAt: t(2), sentAt: null },
    ]);
    await Promise.all([Message.createIndexes(), Conversation.createIndexes(), SearchPosting.createIndexes(), Reply.createIndexes()]);
  });
  afterAll(async () => {
    await mongoose.disconnect();
    await db.destroy();
  });

  it('files every message into its thread once, keeps the team state and replies, and runs only once', async () => {
    expect(await migrateToConversations()).toEqual({ migrated: 6, conversations: 3 });

    const c1 = await Conversation.findById(conversationId(account, 'thread-1')).lean();
    // One open message keeps the thread open; the latest assignee and every label survive.
    expect(c1).toMatchObject({ status: 'open', assignee: 'agent@test.local', messageCount: 3, complaint: true });
    expect(c1!.labels.sort()).toEqual(['refund', 'vip']);
    expect(c1!.lastMessage!.text).toBe('Message t1-c about my parcel');
    const c2 = await Conversation.findById(conversationId(account, 'thread-2')).lean();
    expect(c2).toMatchObject({ status: 'closed', messageCount: 2, replyCount: 1, unansweredCount: 0, dueAt: null });
    expect(c2!.firstResponseAt?.toISOString()).toBe(t(4).toISOString());
    expect(await Conversation.findById(conversationId(account, 'thread-3')).lean()).toMatchObject({ status: 'pending', complaint: false });

    // Nothing lost: every message now names its conversation; replies too.
    expect(await Message.countDocuments()).toBe(6);
    for (const m of await Message.find().lean()) expect(String(m.conversation)).toBe(String(conversationId(account, m.threadKey)));
    const replies = await Reply.find().lean();
    expect(replies.map((r) => String(r.conversation)).sort()).toEqual([String(conversationId(account, 'thread-1')), String(conversationId(account, 'thread-2'))].sort());
    expect(replies.every((r) => r.message)).toBe(true);

    // Counters, search and the queue work on the migrated data.
    expect(await queueCounts()).toEqual({ open: 1, pending: 1, closed: 1, openComplaints: 1, openUnassigned: 0 });
    const found = await listConversations({ q: 'message t2', order: 'newest', limit: 10 }, null);
    expect(found.data.map((c) => c.id)).toEqual([String(conversationId(account, 'thread-2'))]);
    const open = await listConversations({ status: 'open', order: 'priority', limit: 10 }, null);
    expect(open.data.map((c) => c.id)).toEqual([String(conversationId(account, 'thread-1'))]);

    // The old unique index on replies is gone, so two conversations may use the same draft key.
    const names = (await mongoose.connection.db!.collection('replies').indexes()).map((i) => i.name);
    expect(names).not.toContain('mention_1_key_1');

    // Second start: nothing to do, nothing changes.
    const rev = c1!.rev;
    expect(await migrateToConversations()).toBeNull();
    expect((await Conversation.findById(c1!._id).lean())!.rev).toBe(rev);
  });
});
