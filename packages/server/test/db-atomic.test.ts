// Concurrent read-modify-write commands on one document must not lose each other's changes. Stock
// FerretDB v1 reads, applies the update in Go and writes back with no check in between; the
// patched build holds a per-collection lock across each statement (tools/ferretdb/README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { startTestDb, type TestDb } from '../../../tests/support/db.ts';

describe('single-document atomicity on the embedded database', () => {
  let db: TestDb;
  let client: MongoClient;

  beforeAll(async () => {
    db = await startTestDb();
    client = new MongoClient(db.uri, { maxPoolSize: 20 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await db?.destroy();
  });

  it('keeps every one of 200 concurrent $inc of one document (update and findAndModify)', async () => {
    const c = client.db('atomic').collection<{ _id: string; n: number; m: number }>('counters');
    await c.insertOne({ _id: 'one', n: 0, m: 0 });
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 ? c.updateOne({ _id: 'one' }, { $inc: { n: 1 } }) : c.findOneAndUpdate({ _id: 'one' }, { $inc: { m: 1 } }),
      ),
    );
    expect(await c.findOne({ _id: 'one' })).toEqual({ _id: 'one', n: 100, m: 100 });
  });

  it('lets exactly one of several concurrent conditional replaces of the same revision win', async () => {
    const c = client.db('atomic').collection<{ _id: string; rev: number; by: number }>('revs');
    await c.insertOne({ _id: 'doc', rev: 1, by: -1 });
    for (let round = 1; round <= 10; round++) {
      const results = await Promise.all(Array.from({ length: 8 }, (_, w) => c.replaceOne({ _id: 'doc', rev: round }, { rev: round + 1, by: w })));
      expect(results.filter((r) => r.modifiedCount === 1), `round ${round}`).toHaveLength(1);
    }
    expect((await c.findOne({ _id: 'doc' }))?.rev).toBe(11);
  });
});
