import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { Types } from 'mongoose';
import type { IncomingMention } from '@inbox/connectors';
import { startTestDb, type TestDb } from '../../../tests/support/db.ts';
import { Mention } from '../src/models/mention.ts';
import { ingest } from '../src/ingest/pipeline.ts';
import { EventBus, type InboxEvent } from '../src/events/bus.ts';

function mention(id: string, text: string, over: Partial<IncomingMention> = {}): IncomingMention {
  return {
    network: 'sandbox',
    externalId: id,
    threadKey: id,
    kind: 'mention',
    visibility: 'public',
    author: { id: 'u1', handle: 'amina', name: 'Amina', reach: 1200 },
    text,
    createdAt: new Date().toISOString(),
    replyTarget: { kind: 'mention', externalId: id, threadKey: id, authorId: 'u1' },
    ...over,
  };
}

describe('ingest pipeline (real FerretDB)', () => {
  let db: TestDb;
  const account = { _id: new Types.ObjectId(), brandHandles: ['shopco'] };

  beforeAll(async () => {
    db = await startTestDb();
    await mongoose.connect(db.uri, { dbName: 'ingest', autoIndex: false });
    await Mention.createIndexes();
  });
  afterAll(async () => {
    await mongoose.disconnect();
    await db.destroy();
  });

  it('stores a message once however often it is delivered, and announces it once', async () => {
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
    expect(await Mention.countDocuments({ account: account._id })).toBe(3);
    expect(events.filter((e) => e.type === 'mention.created')).toHaveLength(3);
  });

  it('scores, prioritises and indexes what it stores', async () => {
    await ingest(account, [mention('b1', '@shopco the parcel came broken and nobody answers. Refund me now!')]);
    await ingest(account, [mention('b2', 'Love the new collection!', { visibility: 'private', kind: 'dm' })]);
    const complaint = await Mention.findOne({ externalId: 'b1' }).lean();
    const praise = await Mention.findOne({ externalId: 'b2' }).lean();
    expect(complaint?.complaint?.flag).toBe(true);
    expect(complaint?.complaint?.reasons).toContain('public');
    expect(complaint?.sentiment?.label).toBe('negative');
    expect(complaint?.dueAt).toBeInstanceOf(Date);
    expect(complaint?.tokens).toEqual(expect.arrayContaining(['parcel', 'broken', 'refund']));
    expect(praise?.complaint?.flag).toBe(false);
    expect(praise?.sentiment?.label).toBe('positive');
    expect(complaint!.priority).toBeGreaterThan(praise!.priority);
  });
});
