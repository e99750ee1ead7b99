// The patched embedded FerretDB (tools/ferretdb/patch): `_id` lookups through the `_id` index, the
// opt-in `inbox:pushdown` translation of filters, sorts and limits to SQL, index migration of data
// directories made by the stock binary, and two protocol faults of the stock binary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Long, MongoClient, ObjectId, type Document, type Filter, type Sort } from 'mongodb';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestDb, tempDir, type TestDb } from '../../../tests/support/db.ts';

const PUSHDOWN = 'inbox:pushdown';
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A small seeded PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('embedded FerretDB pushdown', () => {
  let db: TestDb;
  let client: MongoClient;
  beforeAll(async () => {
    db = await startTestDb();
    client = await MongoClient.connect(db.uri);
  });
  afterAll(async () => {
    await client?.close();
    await db?.destroy();
  });

  describe('filters, sorts and limits marked inbox:pushdown', () => {
    const rand = prng(20261203);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    // Few distinct values per field, so equalities, ranges and sorts meet many ties.
    const strings = ['a', 'ab', 'b', 'B', '', 'zeta', 'ሰላም'] as const;
    const dates = [0, 1, 2, 3, 4].map((i) => new Date(Date.UTC(2026, 0, 1 + i, i)));
    const oids = [0, 1, 2].map((i) => new ObjectId(`65a00000000000000000000${i}`));
    const numbers = [-2, 0, 1, 1.5, 2, 3, 7.25, 10];
    // Each field holds one type (numbers mixed int/long/double) or null/missing, as the marker vouches;
    // `mixed` holds several types and is only filtered on by equality.
    const fieldValue: Record<string, () => unknown> = {
      s: () => pick(strings),
      n: () => {
        const v = pick(numbers);
        return Number.isInteger(v) && rand() < 0.3 ? Long.fromNumber(v) : v;
      },
      d: () => pick(dates),
      b: () => rand() < 0.5,
      o: () => pick(oids),
      k: () => Math.floor(rand() * 4),
      mixed: () => pick<unknown>([1, 0, true, false, '1', 'true', null, 1.0]),
    };
    const fields = Object.keys(fieldValue);
    const sortable = ['s', 'n', 'd', 'b', 'o', 'k', '_id'];

    function doc(i: number): Document {
      const d: Document = { _id: new ObjectId(), i, text: `filler ${i} `.repeat(8) };
      for (const f of fields) {
        const r = rand();
        if (r < 0.1) continue; // missing
        d[f] = r < 0.18 && f !== 'k' ? null : fieldValue[f]!();
      }
      return d;
    }

    function scalarFor(f: string): unknown {
      if (f === '_id') return pick(ids);
      return rand() < 0.1 ? null : fieldValue[f]!();
    }

    function condition(depth = 0): Document {
      const r = rand();
      const f = pick(fields);
      if (r < 0.3) return { [f]: scalarFor(f) };
      if (r < 0.45) return { [f]: { $in: [scalarFor(f), scalarFor(f), ...(rand() < 0.5 ? [scalarFor(f)] : [])] } };
      if (r < 0.5) return { [f]: { $ne: scalarFor(f) } };
      if (r < 0.53) return { [f]: { $nin: [scalarFor(f), scalarFor(f)] } };
      if (r < 0.75) {
        const g = pick(['s', 'n', 'd', 'o', 'b', 'k']);
        const ops = rand() < 0.5 ? [pick(['$gt', '$gte'])] : [pick(['$gt', '$gte']), pick(['$lt', '$lte'])];
        const value = (op: string) => (rand() < 0.1 ? pick<unknown>(['b', 3, dates[2]]) : fieldValue[g]!()) ?? op;
        return { [g]: Object.fromEntries(ops.map((op) => [op, value(op)])) };
      }
      if (r < 0.85 && depth < 2) return { $or: [condition(depth + 1), condition(depth + 1)] };
      if (r < 0.9 && depth < 2) return { $and: [condition(depth + 1), condition(depth + 1)] };
      if (r < 0.95) return { [`${f}.x`]: 1 }; // not translated: the handler alone filters it
      return { _id: { $in: [pick(ids), pick(ids), new ObjectId()] } };
    }

    function query(): { filter: Filter<Document>; sort?: Sort; limit: number; skip: number } {
      const filter: Document = {};
      const parts = Math.floor(rand() * 3);
      for (let i = 0; i < parts; i++) Object.assign(filter, condition());
      let sort: Record<string, 1 | -1> | undefined;
      if (rand() < 0.8) {
        sort = {};
        const keys = 1 + Math.floor(rand() * 3);
        for (let i = 0; i < keys; i++) sort[pick(sortable)] = rand() < 0.5 ? 1 : -1;
      }
      return { filter, sort, limit: pick([0, 1, 5, 31, 31, 200]), skip: rand() < 0.15 ? 3 : 0 };
    }

    const ids: ObjectId[] = [];
    const coll = () => client.db('pushdown').collection('docs');

    beforeAll(async () => {
      const docs = Array.from({ length: 2000 }, (_, i) => doc(i));
      ids.push(...docs.map((d) => d._id as ObjectId));
      await coll().insertMany(docs);
      await coll().createIndex({ s: 1, n: -1 });
      await coll().createIndex({ k: 1, d: -1, _id: -1 });
      await coll().createIndex({ b: 1 });
      await coll().createIndex({ d: 1 });
      await coll().createIndex({ o: 1, n: 1 });
    }, 120_000);

    async function both(q: ReturnType<typeof query>): Promise<[unknown[], unknown[]]> {
      const run = (comment?: string) => {
        let c = coll().find(q.filter, { projection: { _id: 1 } });
        if (q.sort) c = c.sort(q.sort);
        if (q.skip) c = c.skip(q.skip);
        if (q.limit) c = c.limit(q.limit);
        if (comment) c = c.comment(comment);
        return c.toArray().then((rows) => rows.map((r) => String(r._id)));
      };
      return Promise.all([run(PUSHDOWN), run()]);
    }

    it('returns exactly what the in-memory path returns, order and ties included', async () => {
      let nonEmpty = 0;
      for (let i = 0; i < 200; i++) {
        const q = query();
        const [pushed, stock] = await both(q);
        expect(pushed, JSON.stringify(q)).toEqual(stock);
        if (stock.length > 0) nonEmpty++;
      }
      // the generator must not degenerate into queries that match nothing
      expect(nonEmpty).toBeGreaterThan(100);
    }, 300_000);

    it('keeps type brackets: true is not 1, ranges match their own type, null matches missing', async () => {
      const count = async (filter: Filter<Document>) => {
        const [pushed, stock] = await both({ filter, limit: 0, skip: 0 });
        expect(pushed).toEqual(stock);
        // with a pushed-down limit, a row the SQL wrongly matched would displace a right one
        const [page, stockPage] = await both({ filter, sort: { i: 1 }, limit: 7, skip: 0 });
        expect(page).toEqual(stockPage);
        return pushed.length;
      };
      const all = await coll().countDocuments({});
      const ones = await count({ mixed: 1 });
      const trues = await count({ mixed: true });
      const strOnes = await count({ mixed: '1' });
      expect(ones).toBeGreaterThan(0);
      expect(trues).toBeGreaterThan(0);
      expect(strOnes).toBeGreaterThan(0);
      expect(await count({ mixed: { $in: [1, true, '1'] } })).toBe(ones + trues + strOnes);
      const nulls = await count({ mixed: null });
      expect(nulls).toBeGreaterThan(0);
      expect(await count({ mixed: { $ne: null } })).toBe(all - nulls);
      expect(await count({ n: { $gte: -100 } })).toBe(await coll().countDocuments({ n: { $type: 'number' } }));
      expect(await count({ s: { $gte: '' } })).toBe(await coll().countDocuments({ s: { $type: 'string' } }));
      expect(await count({ d: { $lt: new Date('2100-01-01') } })).toBe(await coll().countDocuments({ d: { $type: 'date' } }));
    });

    it('counts what the in-memory path counts', async () => {
      for (let i = 0; i < 30; i++) {
        const { filter } = query();
        const [pushed, stock] = await Promise.all([coll().countDocuments(filter, { comment: PUSHDOWN }), coll().countDocuments(filter)]);
        expect(pushed, JSON.stringify(filter)).toBe(stock);
      }
    }, 120_000);

    it('serves the first page from the index', async () => {
      const res = await client.db('pushdown').command({
        explain: { find: 'docs', filter: { k: 2 }, sort: { d: -1, _id: -1 }, limit: 31, comment: PUSHDOWN },
      });
      const plan = (res.queryPlanner as { Plan: string[] }).Plan.join('\n');
      expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+_k_1_d_-1__id_-1/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
      expect(res.queryPlanner).toBeDefined();
    });
  });

  it('finds, updates, upserts and deletes by _id (strings and ObjectIDs)', async () => {
    const c = client.db('ids').collection<Document>('c');
    const oid = new ObjectId();
    await c.insertMany([{ _id: oid, v: 'oid' }, { _id: 'plain' as never, v: 'string' }]);
    await c.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: `k${i}` as never, v: i })));

    expect((await c.findOne({ _id: oid }))?.v).toBe('oid');
    expect(await c.findOne({ _id: oid.toHexString() as never })).toBeNull();
    expect((await c.findOne({ _id: 'plain' as never }))?.v).toBe('string');
    expect((await c.findOne({ _id: oid }, { comment: PUSHDOWN }))?.v).toBe('oid');
    expect((await c.find({ _id: { $in: ['k3', 'k150', 'nope'] as never[] } }).sort({ v: 1 }).toArray()).map((d) => d.v)).toEqual([3, 150]);
    expect(await c.countDocuments({ _id: 'k7' as never })).toBe(1);

    expect((await c.updateOne({ _id: 'k5' as never }, { $set: { v: 'five' } })).modifiedCount).toBe(1);
    expect((await c.findOne({ _id: 'k5' as never }))?.v).toBe('five');
    expect((await c.updateOne({ _id: 'k5' as never, v: 'other' }, { $set: { v: 'no' } })).matchedCount).toBe(0);
    const up = await c.updateOne({ _id: 'new' as never }, { $set: { v: 'upserted' } }, { upsert: true });
    expect(up.upsertedId).toBe('new');
    expect((await c.findOneAndUpdate({ _id: 'new' as never }, { $inc: { n: 1 } }, { returnDocument: 'after' }))?.n).toBe(1);
    expect((await c.deleteOne({ _id: oid })).deletedCount).toBe(1);
    expect(await c.findOne({ _id: oid })).toBeNull();
    expect(await c.countDocuments({})).toBe(202);

    const res = await client.db('ids').command({ explain: { find: 'c', filter: { _id: 'k9' } } });
    expect((res.queryPlanner as { Plan: string[] }).Plan.join('\n')).toMatch(/USING INDEX \S+__id_/);
  });

  it('completes an update command of 150 statements (upserts included)', async () => {
    const c = client.db('bulk').collection<Document>('c');
    await c.insertMany(Array.from({ length: 130 }, (_, i) => ({ k: i, n: 0 })));
    // Filters on `k` read the table; each statement's read stopped at its first match and, in the
    // stock binary, held its SQLite connection (the pool has 100) until the command ended.
    const ops = Array.from({ length: 150 }, (_, i) => ({
      updateOne: { filter: { k: i }, update: { $inc: { n: 1 } }, upsert: true },
    }));
    const res = await c.bulkWrite(ops, { ordered: true }); // one `update` command
    expect(res.modifiedCount).toBe(130);
    expect(res.upsertedCount).toBe(20);
    expect(await c.countDocuments({ n: 1 })).toBe(150);
  });

  it('sends no reply to an unacknowledged write, so the next command gets its own', async () => {
    const one = await MongoClient.connect(db.uri, { maxPoolSize: 1 });
    try {
      const c = one.db('w0').collection<Document>('c');
      await c.insertOne({ _id: 'ack' as never, v: 0 });
      for (let i = 0; i < 5; i++) await c.insertOne({ _id: `w${i}` as never, v: i + 1 }, { writeConcern: { w: 0 } });
      await c.updateOne({ _id: 'ack' as never }, { $set: { v: 10 } }, { writeConcern: { w: 0 } });
      const docs = await c.find({}).sort({ _id: 1 }).toArray();
      expect(docs.map((d) => d._id)).toEqual(['ack', 'w0', 'w1', 'w2', 'w3', 'w4']);
      expect(await c.countDocuments({ v: { $gte: 1 } })).toBe(6);
      expect((await one.db('w0').command({ ping: 1 })).ok).toBe(1);
    } finally {
      await one.close();
    }
  });
});

describe('a data directory made by the stock FerretDB binary', () => {
  it('is migrated to the new index expressions without losing data or uniqueness', async () => {
    const dir = tempDir('inbox-db-legacy-');
    fs.cpSync(path.join(FIXTURES, 'ferretdb-v1.24.2-stock'), dir, { recursive: true });
    const db = await startTestDb(dir);
    const client = await MongoClient.connect(db.uri);
    try {
      const c = client.db('legacy').collection<Document>('items');
      expect(await c.countDocuments({})).toBe(40);
      const id = new ObjectId('65a000000000000000000007');
      expect((await c.findOne({ _id: id }))?.key).toBe('k7');
      await expect(c.insertOne({ key: 'k3' })).rejects.toThrow(/duplicate key/i);
      expect((await c.indexes()).map((i) => i.name).sort()).toEqual(['_id_', 'key_1', 'n_-1_at_-1']);

      const plan = async (cmd: Document) =>
        ((await client.db('legacy').command({ explain: cmd })).queryPlanner as { Plan: string[] }).Plan.join('\n');
      expect(await plan({ find: 'items', filter: { _id: id } })).toMatch(/USING INDEX \S+__id_/);
      expect(await plan({ find: 'items', filter: { n: 3 }, sort: { at: -1 }, limit: 5, comment: PUSHDOWN })).toMatch(
        /USING INDEX \S+_n_-1_at_-1/,
      );
      const page = await c.find({ n: 3 }).sort({ at: -1 }).limit(3).comment(PUSHDOWN).toArray();
      expect(page.map((d) => d.key)).toEqual(['k38', 'k33', 'k28']);
    } finally {
      await client.close();
      await db.destroy();
    }
  });
});
