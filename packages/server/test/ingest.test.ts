import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { Types } from 'mongoose';
import type { IncomingMention } from '@inbox/connectors';
import { startTestDb, type TestDb } from '../../../tests/support/db.ts';
import { Mention } from '../src/models/mention.ts';
import { ingest } from '../src/ingest/pipeline.ts';
import { EventBus, type InboxEvent } from '../src/events/bus.ts';
import { reprioritizeWaiting } from '../src/jobs/reprioritize.ts';

const HOUR = 3_600_000;

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

  it('raises the priority of waiting messages, more for complaints, leaves closed, answered and day-old ones alone', async () => {
    const t0 = new Date();
    const at = (offsetMs: number) => ({ createdAt: new Date(t0.getTime() + offsetMs).toISOString() });
    const COMPLAINT = '@shopco my parcel never arrived and nobody answers. I want a refund!';
    const priorityOf = async (id: string): Promise<number> => (await Mention.findOne({ externalId: id }).lean())!.priority;
    await ingest(account, [
      mention('w-complaint', COMPLAINT, at(0)),
      mention('w-thanks', 'Thanks, lovely shoes', at(0)),
      mention('w-closed', COMPLAINT, at(0)),
      mention('w-answered', COMPLAINT, at(0)),
      mention('w-old', COMPLAINT, at(-30 * HOUR)),
    ]);
    await Mention.updateOne({ externalId: 'w-closed' }, { $set: { status: 'closed' } });
    await Mention.updateOne({ externalId: 'w-answered' }, { $set: { replyCount: 1 } });
    const before = Object.fromEntries(await Promise.all(['complaint', 'thanks', 'closed', 'answered', 'old'].map(async (id) => [id, await priorityOf(`w-${id}`)])));

    const bus = new EventBus();
    const events: InboxEvent[] = [];
    bus.subscribe((e) => events.push(e));
    // (Other tests' mentions in this database are scanned too: assert on this test's own.)
    await reprioritizeWaiting(new Date(t0.getTime() + 12 * HOUR), bus);
    const complaintGain = (await priorityOf('w-complaint')) - before.complaint;
    const thanksGain = (await priorityOf('w-thanks')) - before.thanks;
    expect(complaintGain).toBeGreaterThan(thanksGain);
    expect(thanksGain).toBeGreaterThan(0);
    for (const id of ['closed', 'answered', 'old']) expect(await priorityOf(`w-${id}`)).toBe(before[id]);
    const announced = events.filter((e) => e.type === 'mention.updated').map((e) => String(e.mention.externalId)).filter((id) => id.startsWith('w-'));
    expect(announced.sort()).toEqual(['w-complaint', 'w-thanks']);

    // Past the window the value stays; running again at the same time changes nothing.
    await reprioritizeWaiting(new Date(t0.getTime() + 24.5 * HOUR));
    const capped = await priorityOf('w-complaint');
    expect((await reprioritizeWaiting(new Date(t0.getTime() + 24.5 * HOUR))).updated).toBe(0);
    expect(capped - before.complaint).toBeGreaterThan(complaintGain);
    expect(capped).toBeLessThanOrEqual(100);
  });
});
