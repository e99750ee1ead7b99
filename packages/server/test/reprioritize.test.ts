import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { Types } from 'mongoose';
import type { IncomingMention } from '@inbox/connectors';
import { startTestDb, type TestDb } from '../../../tests/support/db.ts';
import { Mention } from '../src/models/mention.ts';
import { ingest } from '../src/ingest/pipeline.ts';
import { reprioritizeWaiting } from '../src/jobs/reprioritize.ts';
import { EventBus, type InboxEvent } from '../src/events/bus.ts';

const HOUR = 3_600_000;

function mention(id: string, text: string, createdAt: Date): IncomingMention {
  return {
    network: 'sandbox',
    externalId: id,
    threadKey: id,
    kind: 'mention',
    visibility: 'public',
    author: { id: 'u1', handle: 'amina', name: 'Amina', reach: 1200 },
    text,
    createdAt: createdAt.toISOString(),
    replyTarget: { kind: 'mention', externalId: id, threadKey: id, authorId: 'u1' },
  };
}

describe('priority rises while a message waits (real FerretDB)', () => {
  let db: TestDb;
  const account = { _id: new Types.ObjectId(), brandHandles: ['shopco'] };
  const priorityOf = async (id: string): Promise<number> => (await Mention.findOne({ externalId: id }).lean())!.priority;

  beforeAll(async () => {
    db = await startTestDb();
    await mongoose.connect(db.uri, { dbName: 'reprioritize', autoIndex: false });
    await Mention.createIndexes();
  });
  afterAll(async () => {
    await mongoose.disconnect();
    await db.destroy();
  });

  it('raises waiting messages, more for complaints, leaves closed, answered and day-old ones alone', async () => {
    const t0 = new Date();
    await ingest(account, [
      mention('complaint', '@shopco my parcel never arrived and nobody answers. I want a refund!', t0),
      mention('thanks', 'Thanks, lovely shoes', t0),
      mention('closed', '@shopco my parcel never arrived and nobody answers. I want a refund!', t0),
      mention('answered', '@shopco my parcel never arrived and nobody answers. I want a refund!', t0),
      mention('old', '@shopco my parcel never arrived and nobody answers. I want a refund!', new Date(t0.getTime() - 30 * HOUR)),
    ]);
    await Mention.updateOne({ externalId: 'closed' }, { $set: { status: 'closed' } });
    await Mention.updateOne({ externalId: 'answered' }, { $set: { replyCount: 1 } });
    const before = Object.fromEntries(await Promise.all(['complaint', 'thanks', 'closed', 'answered', 'old'].map(async (id) => [id, await priorityOf(id)])));

    const bus = new EventBus();
    const events: InboxEvent[] = [];
    bus.subscribe((e) => events.push(e));
    const r = await reprioritizeWaiting(new Date(t0.getTime() + 12 * HOUR), bus);
    expect(r.scanned).toBe(2); // the complaint and the thank-you; not closed, answered or older than the window
    expect(r.updated).toBe(2);
    const complaintGain = (await priorityOf('complaint')) - before.complaint;
    const thanksGain = (await priorityOf('thanks')) - before.thanks;
    expect(complaintGain).toBeGreaterThan(thanksGain);
    expect(thanksGain).toBeGreaterThan(0);
    for (const id of ['closed', 'answered', 'old']) expect(await priorityOf(id)).toBe(before[id]);
    expect(events.map((e) => e.type)).toEqual(['mention.updated', 'mention.updated']);

    // Past the window the value stays; running again at the same time changes nothing.
    const full = await reprioritizeWaiting(new Date(t0.getTime() + 24.5 * HOUR));
    expect(full.updated).toBe(2);
    const capped = await priorityOf('complaint');
    expect(await reprioritizeWaiting(new Date(t0.getTime() + 24.5 * HOUR))).toEqual({ scanned: 2, updated: 0 });
    expect(capped - before.complaint).toBeGreaterThan(complaintGain);
    expect(capped).toBeLessThanOrEqual(100);
  });
});
