// `npx tsx scripts/bench-db.ts`: the embedded database's hot reads at inbox scale, as JSON. A
// collection of BENCH_DB_N (100,000) conversation-shaped documents, 1,000 of them open; p50/p95 of
// the queue's first page, a network-filtered page, the open count, findOne and updateOne by _id, each with the
// `inbox:pushdown` comment and without it (the in-memory path), beside the raw insertMany rate of the
// same run. BENCH_DB_BINARY runs another FerretDB binary (e.g. the stock one) for comparison.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { ensureFerretdbBinary, startFerretdb } from '../packages/server/src/db/embedded-ferretdb.ts';

const N = Number(process.env.BENCH_DB_N ?? 100_000);
const OPEN = Number(process.env.BENCH_DB_OPEN ?? 1000);
const RUNS = Number(process.env.BENCH_DB_RUNS ?? 50);
// The in-memory path reads the whole collection per query: a few runs are enough to see it.
const SLOW_RUNS = Number(process.env.BENCH_DB_SLOW_RUNS ?? 5);
const PUSHDOWN = 'inbox:pushdown';
const NETWORKS = ['x', 'facebook', 'instagram', 'email'] as const;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) * 100) / 100;
};

async function timed(runs: number, f: (i: number) => Promise<unknown>): Promise<{ runs: number; p50_ms: number; p95_ms: number }> {
  await f(-1); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f(i);
    ms.push(performance.now() - t);
  }
  return { runs, p50_ms: pct(ms, 50), p95_ms: pct(ms, 95) };
}

async function main() {
  const binary = process.env.BENCH_DB_BINARY ?? (await ensureFerretdbBinary());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-bench-db-'));
  const db = await startFerretdb({ binary, dbDir: dir });
  const client = await MongoClient.connect(db.uri);
  try {
    const c = client.db('bench').collection<Document>('conversations');
    await c.createIndex({ status: 1, priority: -1, lastMessageAt: -1, _id: -1 });
    await c.createIndex({ status: 1, network: 1, priority: -1, lastMessageAt: -1, _id: -1 });

    const accounts = Array.from({ length: 5 }, () => new ObjectId());
    const agents = Array.from({ length: 8 }, () => new ObjectId());
    const filler = 'lorem ipsum dolor sit amet, consectetur adipiscing elit; '.repeat(18); // ~1 KB
    const ids: ObjectId[] = [];
    // a seeded PRNG keeps the fields independent (open conversations spread over every network)
    let seed = 42;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const openEvery = Math.max(1, Math.floor(N / OPEN));
    const t0 = performance.now();
    for (let start = 0; start < N; start += 1000) {
      const batch: Document[] = [];
      for (let i = start; i < Math.min(N, start + 1000); i++) {
        const _id = new ObjectId();
        ids.push(_id);
        batch.push({
          _id,
          status: i % openEvery === 0 ? 'open' : rand() < 0.3 ? 'snoozed' : 'closed',
          priority: Math.floor(rand() * 100),
          lastMessageAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 31_536_000) * 1000),
          network: NETWORKS[Math.floor(rand() * NETWORKS.length)],
          assignee: rand() < 0.2 ? null : agents[Math.floor(rand() * agents.length)],
          account: accounts[Math.floor(rand() * accounts.length)],
          text: `${i} ${filler}`,
        });
      }
      await c.insertMany(batch, { ordered: false });
    }
    const insertMs = performance.now() - t0;

    const sort = { priority: -1, lastMessageAt: -1, _id: -1 } as const;
    const firstPage = (comment?: string) => () => c.find({ status: 'open' }, comment ? { comment } : {}).sort(sort).limit(31).toArray();
    const networkPage = (comment?: string) => () =>
      c.find({ status: 'open', network: 'instagram' }, comment ? { comment } : {}).sort(sort).limit(31).toArray();
    const pick = (i: number) => ids[(Math.abs(i) * 7793) % ids.length]!;

    const open = await c.countDocuments({ status: 'open' }, { comment: PUSHDOWN });
    // the pushed-down pages must be the in-memory pages
    for (const page of [firstPage, networkPage]) {
      const [a, b] = await Promise.all([page(PUSHDOWN)(), page()()]);
      if (a.length === 0 || JSON.stringify(a.map((d) => d._id)) !== JSON.stringify(b.map((d) => d._id))) throw new Error('pushed-down page differs');
    }

    const result = {
      binary: path.basename(binary),
      docs: N,
      open,
      baseline_insertMany_docs_per_s: Math.round((N / insertMs) * 1000),
      first_page: { pushdown: await timed(RUNS, firstPage(PUSHDOWN)), in_memory: await timed(SLOW_RUNS, firstPage()) },
      network_page: { pushdown: await timed(RUNS, networkPage(PUSHDOWN)), in_memory: await timed(SLOW_RUNS, networkPage()) },
      count_open: {
        pushdown: await timed(RUNS, () => c.countDocuments({ status: 'open' }, { comment: PUSHDOWN })),
        in_memory: await timed(SLOW_RUNS, () => c.countDocuments({ status: 'open' })),
      },
      findOne_by_id: {
        pushdown: await timed(RUNS, (i) => c.findOne({ _id: pick(i) }, { comment: PUSHDOWN })),
        plain: await timed(RUNS, (i) => c.findOne({ _id: pick(i) })),
      },
      updateOne_by_id: {
        plain: await timed(RUNS, (i) => c.updateOne({ _id: pick(i) }, { $set: { priority: i % 100 } })),
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await client.close();
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
