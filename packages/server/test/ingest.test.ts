import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { Types } from 'mongoose';
import type { IncomingMention } from '@inbox/connectors';
import { startTestDb, type TestDb } from '../../../tests/support/db.ts';
import { Message } from '../src/models/message.ts';
import { Conversation } from '../src/models/conversation.ts';
import { SearchPosting } from '../src/models/search-posting.ts';
import { ingest } from '../src/ingest/pipeline.ts';
import { EventBus, type InboxEvent } from '../src/events/bus.ts';
import { reprioritizeWaiting } from '../src/jobs/reprioritize.ts';
import { conversationId } from '../src/conversations/ids.ts';
import { patchConversation } from '../src/services/conversations.ts';
import { mutateConversation } from '../src/services/conversation-store.ts';
import { recordReply } from '../src/conversations/state.ts';
import { queueCounts, recount } from '../src/services/counts.ts';
import { toMessageDoc } from '../src/ingest/normalize.ts';
import { listConversations } from '../src/services/queue.ts';

const HOUR = 3_600_000;

function mention(id: string, text: string, over: Partial<IncomingMention> = {}): IncomingMention {
  const threadKey = over.threadKey ?? id;
  return {
    network: 'sandbox',
    externalId: id,
    threadKey,
    kind: 'mention',
    visibility: 'public',
    author: { id: 'u1', handle: 'amina', name: 'Amina', reach: 1200 },
    text,
    createdAt: new Date().toISOString(),
    replyTarget: { kind: 'mention', externalId: id, threadKey, authorId: 'u1' },
    ...over,
  };
}

describe('ingest into conversations (real FerretDB)', () => {
  let db: TestDb;
  const account = { _id: new Types.ObjectId(), brandHandles: ['shopco'] };
  const conv = (threadKey: string) => Conversation.findById(conversationId(account._id, threadKey)).lean();

  beforeAll(async () => {
    db = await startTestDb();
    await mongoose.connect(db.uri, { dbName: 'ingest', autoIndex: false });
    await Promise.all([Message.createIndexes(), Conversation.createIndexes(), SearchPosting.createIndexes()]);
  });
  afterAll(async () => {
    await mongoose.disconnect();
    await db.destroy();
  });

  it('stores a message once however often it is delivered, counts it once, and announces it once', async () => {
    const bus = new EventBus();
    const events: InboxEvent[] = [];
    bus.subscribe((e) => events.push(e));
    const batch = [
      mention('a1', '@shopco my order never arrived, I want a refund!'),
      mention('a2', 'Thank you, the delivery was fast and the shoes are great'),
      mention('a1', '@shopco my order never arrived, I want a refund!'),
    ];
    expect(await ingest(account, batch, bus)).toEqual({ inserted: 2, duplicates: 1 });
    expect(await ingest(account, batch, bus)).toEqual({ inserted: 0, duplicates: 3 });
    // Concurrent deliveries of the same new message (poll and webhook racing).
    const racers = await Promise.all([1, 2, 3, 4].map(() => ingest(account, [mention('a3', 'Where is my parcel?')], bus)));
    expect(racers.reduce((n, r) => n + r.inserted, 0)).toBe(1);
    expect(await Message.countDocuments({ account: account._id })).toBe(3);
    expect(events.filter((e) => e.type === 'message.created')).toHaveLength(3);
    for (const k of ['a1', 'a2', 'a3']) expect((await conv(k))?.messageCount).toBe(1);
  });

  it('scores, prioritises and indexes what it stores', async () => {
    await ingest(account, [mention('b1', '@shopco the parcel came broken and nobody answers. Refund me now!')]);
    await ingest(account, [mention('b2', 'Love the new collection!', { visibility: 'private', kind: 'dm' })]);
    const complaint = await Message.findOne({ externalId: 'b1' }).lean();
    const praise = await Message.findOne({ externalId: 'b2' }).lean();
    expect(complaint?.complaint?.flag).toBe(true);
    expect(complaint?.sentiment?.label).toBe('negative');
    expect(complaint?.dueAt).toBeInstanceOf(Date);
    expect(await SearchPosting.countDocuments({ c: complaint!.conversation, t: { $in: ['parcel', 'broken', 'refund'] } })).toBe(3);
    expect(praise?.complaint?.flag).toBe(false);
    const c1 = await conv('b1');
    const c2 = await conv('b2');
    expect(c1).toMatchObject({ status: 'open', complaint: true, sentiment: 'negative', visibility: 'public' });
    expect(c1!.dueAt).toBeInstanceOf(Date);
    expect(c1!.priority).toBeGreaterThan(c2!.priority);
  });

  it('groups a DM conversation, an email thread and a comment thread, each in order', async () => {
    const t = (min: number) => new Date(Date.UTC(2026, 10, 1, 9, min)).toISOString();
    const dm = (id: string, text: string, min: number) =>
      mention(id, text, { kind: 'dm', visibility: 'private', threadKey: 'x:dm:42-7', createdAt: t(min), replyTarget: { kind: 'dm', externalId: id, threadKey: 'x:dm:42-7', authorId: 'u1' } });
    // Delivered out of order, in two batches.
    await ingest(account, [dm('dm-3', 'Order 5512, still nothing.', 3), dm('dm-1', 'Hi, my parcel is late', 1)]);
    await ingest(account, [dm('dm-2', 'It was due Monday', 2)]);
    const d = await conv('x:dm:42-7');
    expect(d).toMatchObject({ messageCount: 3, kind: 'dm', visibility: 'private', unansweredCount: 3 });
    expect(d!.lastMessage!.text).toBe('Order 5512, still nothing.');
    expect(d!.firstMessageAt.toISOString()).toBe(t(1));
    expect(await Message.find({ conversation: d!._id }).sort({ createdAt: 1 }).lean().then((ms) => ms.map((m) => m.externalId))).toEqual(['dm-1', 'dm-2', 'dm-3']);

    const mail = (id: string, min: number) =>
      mention(id, `Mail ${id}`, {
        network: 'email',
        kind: 'email',
        visibility: 'private',
        threadKey: '<root@customer.example>',
        createdAt: t(min),
        author: { id: 'kofi@customer.example', handle: 'kofi@customer.example', name: 'Kofi' },
        replyTarget: { kind: 'email', externalId: id, threadKey: '<root@customer.example>', authorId: 'kofi@customer.example', meta: { subject: 'Refund for order 77' } },
      });
    await ingest(account, [mail('<root@customer.example>', 10), mail('<second@customer.example>', 12)]);
    const e = await conv('<root@customer.example>');
    expect(e).toMatchObject({ messageCount: 2, network: 'email', subject: 'Refund for order 77', customer: { name: 'Kofi' } });

    // A public post and customers' comments under it: one conversation, public.
    const comment = (id: string, min: number) => mention(id, `Comment ${id}: where is my order?`, { kind: 'comment', threadKey: 'fb-post-9', createdAt: t(min), replyTarget: { kind: 'comment', externalId: id, threadKey: 'fb-post-9', authorId: 'u1' } });
    await ingest(account, [comment('c-1', 20), comment('c-2', 21), comment('c-3', 22)]);
    expect(await conv('fb-post-9')).toMatchObject({ messageCount: 3, visibility: 'public', kind: 'comment' });
  });

  it('reopens a closed or pending conversation when the customer writes again, and keeps the counters right', async () => {
    await recount();
    const before = await queueCounts();
    await ingest(account, [mention('r-1', '@shopco my refund never came', { threadKey: 'r-thread' })]);
    const id = conversationId(account._id, 'r-thread');
    await patchConversation(id.toHexString(), { status: 'closed' });
    const closed = await conv('r-thread');
    expect(closed).toMatchObject({ status: 'closed', dueAt: null, priority: 0 });
    expect(closed!.resolutionMs).toBeGreaterThanOrEqual(0);
    await ingest(account, [mention('r-2', 'Still waiting for that refund', { threadKey: 'r-thread' })]);
    const reopened = await conv('r-thread');
    expect(reopened).toMatchObject({ status: 'open', reopenCount: 1, messageCount: 2, resolvedAt: null });

    // An answer the agent sent before this message does not count against it; a pending one reopens too.
    await mutateConversation(id, (c) => (c ? recordReply(c, new Date(), false, new Date()) : null));
    await patchConversation(id.toHexString(), { status: 'pending' });
    expect((await conv('r-thread'))?.unansweredCount).toBe(0);
    await ingest(account, [mention('r-3', 'Any news?', { threadKey: 'r-thread' })]);
    expect(await conv('r-thread')).toMatchObject({ status: 'open', reopenCount: 2, unansweredCount: 1 });

    // Counters kept at write time agree with a full count.
    const kept = await queueCounts();
    expect(kept.open).toBe(before.open + 1);
    expect(await recount()).toEqual(kept);
  });

  it('finishes filing a message a crash left stored but uncounted, when it is delivered again', async () => {
    const m = mention('crash-1', 'My parcel is lost', { threadKey: 'crash-thread' });
    // As if the process died right after the message insert, before its conversation counted it.
    await Message.collection.insertOne(toMessageDoc(account, m));
    expect(await conv('crash-thread')).toBeNull();
    expect(await ingest(account, [m])).toEqual({ inserted: 0, duplicates: 1 });
    expect((await conv('crash-thread'))?.messageCount).toBe(1);
    expect((await Message.findOne({ externalId: 'crash-1' }).lean())?.applied).toBe(true);
    // And a further redelivery changes nothing.
    await ingest(account, [m]);
    expect((await conv('crash-thread'))?.messageCount).toBe(1);
  });

  it('raises the priority of waiting conversations, more for complaints, leaves closed, answered and day-old ones alone', async () => {
    const t0 = new Date();
    const at = (offsetMs: number) => ({ createdAt: new Date(t0.getTime() + offsetMs).toISOString() });
    const COMPLAINT = '@shopco my parcel never arrived and nobody answers. I want a refund!';
    const priorityOf = async (id: string): Promise<number> => (await conv(id))!.priority;
    await ingest(account, [
      mention('w-complaint', COMPLAINT, at(0)),
      mention('w-thanks', 'Thanks, lovely shoes', at(0)),
      mention('w-closed', COMPLAINT, at(0)),
      mention('w-answered', COMPLAINT, at(0)),
      mention('w-old', COMPLAINT, at(-30 * HOUR)),
    ]);
    await patchConversation(conversationId(account._id, 'w-closed').toHexString(), { status: 'closed' });
    await mutateConversation(conversationId(account._id, 'w-answered'), (c) => (c ? recordReply(c, new Date(t0.getTime() + 1000), false, new Date()) : null));
    const before = Object.fromEntries(await Promise.all(['complaint', 'thanks', 'closed', 'answered', 'old'].map(async (id) => [id, await priorityOf(`w-${id}`)])));

    const bus = new EventBus();
    const events: InboxEvent[] = [];
    bus.subscribe((e) => events.push(e));
    await reprioritizeWaiting(new Date(t0.getTime() + 12 * HOUR), bus);
    const complaintGain = (await priorityOf('w-complaint')) - before.complaint;
    const thanksGain = (await priorityOf('w-thanks')) - before.thanks;
    expect(complaintGain).toBeGreaterThan(thanksGain);
    expect(thanksGain).toBeGreaterThan(0);
    for (const id of ['closed', 'answered', 'old']) expect(await priorityOf(`w-${id}`)).toBe(before[id]);
    const announced = events.flatMap((e) => (e.type === 'conversation.updated' ? [e.conversation.lastMessage.text] : []));
    expect(announced).toContain(COMPLAINT);
    expect(announced).toContain('Thanks, lovely shoes');

    // Past the window the value stays; running again at the same time changes nothing.
    await reprioritizeWaiting(new Date(t0.getTime() + 24.5 * HOUR));
    const capped = await priorityOf('w-complaint');
    expect((await reprioritizeWaiting(new Date(t0.getTime() + 24.5 * HOUR))).updated).toBe(0);
    expect(capped - before.complaint).toBeGreaterThan(complaintGain);
    expect(capped).toBeLessThanOrEqual(100);
  });

  it('searches any status, each conversation once at its newest match, paging to the end', async () => {
    const t = (min: number) => new Date(Date.UTC(2026, 10, 2, 9, min)).toISOString();
    // 25 threads mention a zebra-striped parcel; some twice; one thread also says "umbrella".
    const batch: IncomingMention[] = [];
    for (let i = 0; i < 25; i++) {
      batch.push(mention(`s-${i}-a`, `Where is my zebrastripe parcel number ${i}?`, { threadKey: `s-thread-${i}`, createdAt: t(i) }));
      if (i % 3 === 0) batch.push(mention(`s-${i}-b`, `Still no zebrastripe parcel ${i}${i === 9 ? ', and the umbrella is broken' : ''}`, { threadKey: `s-thread-${i}`, createdAt: t(30 + i) }));
    }
    await ingest(account, batch);
    await patchConversation(conversationId(account._id, 's-thread-4').toHexString(), { status: 'closed' });
    const walk = async (extra: Record<string, unknown>) => {
      const out: string[] = [];
      let cursor: string | undefined;
      for (let n = 0; n < 20; n++) {
        const page = await listConversations({ q: 'zebrastripe', order: 'newest', limit: 7, ...extra, ...(cursor ? { cursor } : {}) } as never, null);
        out.push(...page.data.map((c) => c.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return out;
    };
    const all = await walk({});
    expect(all).toHaveLength(25);
    expect(new Set(all).size).toBe(25);
    // Newest matching message first: the threads with a second message (at 30+ minutes) lead.
    expect(all.slice(0, 9)).toEqual([24, 21, 18, 15, 12, 9, 6, 3, 0].map((i) => String(conversationId(account._id, `s-thread-${i}`))));
    expect(await walk({ status: 'closed' })).toEqual([String(conversationId(account._id, 's-thread-4'))]);
    expect(await walk({ q: 'zebrastripe umbrella' })).toEqual([String(conversationId(account._id, 's-thread-9'))]);
    expect(await walk({ q: 'nowhere-to-be-found' })).toEqual([]);
  });
});
