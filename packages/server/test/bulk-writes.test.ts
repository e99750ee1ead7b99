// Bulk writes are bounded: FerretDB v1 on SQLite freezes (every client, forever) on one update command
// of 100 statements. A reprioritize that changes three times that many priorities and an ingest of a
// thousand must finish, and the database must keep answering. (Sizes: FerretDB v1.24 on SQLite scans
// the collection for every update statement, ~300 ms each at 2,000 stored mentions on this machine,
// so a reprioritize over thousands takes minutes; 300 changes already show the freeze, 3x the pool.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { Types } from 'mongoose';
import type { IncomingMention } from '@inbox/connectors';
import { startTestDb, type TestDb } from '../../../tests/support/db.ts';
import { Message } from '../src/models/message.ts';
import { Conversation } from '../src/models/conversation.ts';
import { SearchPosting } from '../src/models/search-posting.ts';
import { conversationId } from '../src/conversations/ids.ts';
import { ingest } from '../src/ingest/pipeline.ts';
import { reprioritizeWaiting } from '../src/jobs/reprioritize.ts';
import { chunksOf, MAX_BULK_OPS } from '../src/db/chunked.ts';

const WAITING = 300;
const N = 1000;
const HOUR = 3_600_000;

function mention(i: number, createdAt: Date): IncomingMention {
  const id = `bulk-${i}`;
  return {
    network: 'sandbox',
    externalId: id,
    threadKey: id,
    kind: 'mention',
    visibility: 'public',
    author: { id: `u${i % 50}`, handle: `c${i % 50}`, name: 'Customer', reach: 100 + i },
    text: i % 3 === 0 ? '@shopco my parcel never arrived, I want a refund' : `@shopco question ${i} about sizes`,
    createdAt: createdAt.toISOString(),
    replyTarget: { kind: 'mention', externalId: id, threadKey: id, authorId: `u${i % 50}` },
  };
}

describe('bounded bulk writes (real FerretDB)', () => {
  let db: TestDb;
  const account = { _id: new Types.ObjectId(), brandHandles: ['shopco'] };

  beforeAll(async () => {
    db = await startTestDb();
    await mongoose.connect(db.uri, { dbName: 'bulk', autoIndex: false });
    await Promise.all([Message.createIndexes(), Conversation.createIndexes(), SearchPosting.createIndexes()]);
  });
  afterAll(async () => {
    await mongoose.disconnect();
    await db.destroy();
  });

  it('chunks evenly and never above the bound', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksOf(Array.from({ length: 101 })).map((c) => c.length)).toEqual([MAX_BULK_OPS, MAX_BULK_OPS, 1]);
    expect(MAX_BULK_OPS).toBeLessThan(100);
  });

  it(`reprioritizes ${WAITING} waiting mentions (${WAITING} changed priorities) and the database keeps answering`, async () => {
    const t0 = new Date();
    const waiting = { _id: new Types.ObjectId(), brandHandles: ['shopco'] };
    expect(await ingest(waiting, Array.from({ length: WAITING }, (_, i) => mention(i, t0)))).toEqual({ inserted: WAITING, duplicates: 0 });
    const before = await Conversation.findById(conversationId(waiting._id, 'bulk-0')).lean();
    const started = performance.now();
    const r = await reprioritizeWaiting(new Date(t0.getTime() + 12 * HOUR));
    console.log(`reprioritize: scanned ${r.scanned}, updated ${r.updated} in ${Math.round(performance.now() - started)} ms`);
    expect(r).toEqual({ scanned: WAITING, updated: WAITING });
    const after = await Conversation.findById(conversationId(waiting._id, 'bulk-0')).lean();
    expect(after!.priority).toBeGreaterThan(before!.priority);
    // Running again at the same time changes nothing: every update was applied.
    expect((await reprioritizeWaiting(new Date(t0.getTime() + 12 * HOUR))).updated).toBe(0);
    await Promise.all([Message.deleteMany({ account: waiting._id }), Conversation.deleteMany({ account: waiting._id })]);
  }, 180_000);

  it(`ingests ${N} mentions in one batch, and again with duplicates mixed in, counting each exactly`, async () => {
    const t0 = new Date();
    const all = Array.from({ length: N }, (_, i) => mention(10_000 + i, t0));
    expect(await ingest(account, all)).toEqual({ inserted: N, duplicates: 0 });
    // Again, less every 100th, with 30 new ones spread among the duplicates of every chunk.
    const again = all.filter((_, i) => i % 100 !== 0);
    for (let k = 0; k < 30; k++) again.splice(k * 33, 0, mention(20_000 + k, t0));
    expect(await ingest(account, again)).toEqual({ inserted: 30, duplicates: again.length - 30 });
    expect(await Message.countDocuments({ account: account._id })).toBe(N + 30);
    expect(await Conversation.countDocuments({ account: account._id })).toBe(N + 30);
  }, 300_000);
});
