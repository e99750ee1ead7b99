// `npm run bench`: throughput and latency of the ingest path and the API as JSON. Every figure sits
// beside a baseline measured in the same run on the same database (raw driver inserts and finds),
// because absolute times on shared machines are noisy.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import type { IncomingMention } from '@inbox/connectors';
import { ingest } from '../packages/server/src/ingest/pipeline.ts';
import { toMessageDoc } from '../packages/server/src/ingest/normalize.ts';
import { benchQueue, type QueueFigures } from './bench-queue.ts';
import { DEMO_TEXTS } from '../packages/connectors/sandbox/texts.ts';
import { startBenchServer } from './bench-server.ts';

const N = Number(process.env.BENCH_N ?? 3000);
const BATCH = 50;
const QUERIES = Number(process.env.BENCH_QUERIES ?? 100);

function mentions(prefix: string, n: number): IncomingMention[] {
  return Array.from({ length: n }, (_, i) => {
    const t = DEMO_TEXTS[i % DEMO_TEXTS.length]!;
    const id = `${prefix}-${i}`;
    return {
      network: 'sandbox',
      externalId: id,
      threadKey: id,
      kind: 'mention',
      visibility: i % 4 === 0 ? 'private' : 'public',
      author: { id: `u${i % 97}`, handle: `user${i % 97}`, name: `User ${i % 97}`, reach: (i * 37) % 5000 },
      text: t.text.replaceAll('{brand}', 'shopco').replaceAll('{n}', String(i)),
      createdAt: new Date(Date.now() - i * 1000).toISOString(),
      replyTarget: { kind: 'mention', externalId: id, threadKey: id, authorId: `u${i % 97}` },
    };
  });
}

/** The scoring benchmark in a fresh process: one thread, no server or database sharing it or its heap. */
function scoringBench(): Record<string, unknown> | string {
  try {
    const script = fileURLToPath(new URL('../packages/scoring/scripts/bench.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(out) as Record<string, unknown>;
  } catch (err) {
    return `failed: ${(err as Error).message}`;
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) * 100) / 100;
};
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function main() {
  const server = await startBenchServer('inbox-bench-');
  const { inbox, admin } = server;
  try {
    const raw = mongoose.connection.db!.collection('bench_raw');
    const account = { _id: new mongoose.Types.ObjectId(), brandHandles: ['shopco'] };

    console.error("bench: raw insert...");
    // Baseline: the same documents (already scored) inserted raw, in the same batch size.
    const prepared = mentions('raw', N).map((m) => toMessageDoc(account, m));
    let t0 = performance.now();
    for (let i = 0; i < prepared.length; i += BATCH) await raw.insertMany(prepared.slice(i, i + BATCH));
    const rawInsertMs = performance.now() - t0;

    console.error("bench: ingest...");
    // Ingest: normalize + score + idempotent insert + search postings + conversation + event, in connector-sized batches.
    const incoming = mentions('ing', N);
    t0 = performance.now();
    for (let i = 0; i < incoming.length; i += BATCH) await ingest(account, incoming.slice(i, i + BATCH), inbox.bus);
    const ingestMs = performance.now() - t0;

    // Redelivery of everything (all duplicates): the cost of "stored once".
    t0 = performance.now();
    for (let i = 0; i < incoming.length; i += BATCH) await ingest(account, incoming.slice(i, i + BATCH), inbox.bus);
    const redeliverMs = performance.now() - t0;

    console.error("bench: api...");
    // API: first page of the priority queue over HTTP vs a raw driver find with the same sort.
    const apiMs: number[] = [];
    const findMs: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      let s = performance.now();
      const res = await admin.fetch(`/api/conversations?status=open&order=priority&limit=30`);
      await res.json();
      apiMs.push(performance.now() - s);
      s = performance.now();
      await raw.find({}).sort({ priority: -1, receivedAt: -1, _id: -1 }).limit(31).toArray();
      findMs.push(performance.now() - s);
    }

    console.error("bench: live...");
    // Live latency: ingest of one message → its SSE event at a client.
    const sse: number[] = [];
    const ctrl = new AbortController();
    const res = await admin.fetch('/api/stream', { signal: ctrl.signal });
    if (res.status !== 200) throw new Error(`stream answered ${res.status}`);
    const reader = res.body!.getReader();
    let buf = '';
    for (let i = 0; i < 50; i++) {
      const id = `sse-${i}`;
      const s = performance.now();
      await ingest(account, mentions(id, 1), inbox.bus);
      while (!buf.includes(`${id}-0`)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error("SSE stream ended");
        buf += new TextDecoder().decode(chunk.value);
      }
      sse.push(performance.now() - s);
      buf = '';
    }
    ctrl.abort();

    const report = {
      machine: { cpus: os.cpus().length, node: process.version, database: 'FerretDB v1.24.2 (SQLite), patched: tools/ferretdb', messages: N, batch: BATCH },
      ingest: {
        mentionsPerSecond: rate(N, ingestMs),
        baselineRawInsertPerSecond: rate(N, rawInsertMs),
        ratioToRawInsert: Math.round((rawInsertMs / ingestMs) * 100) / 100,
        redeliveredDuplicatesPerSecond: rate(N, redeliverMs),
      },
      api: {
        listPriorityFirstPageMs: { p50: pct(apiMs, 50), p95: pct(apiMs, 95) },
        baselineRawFindMs: { p50: pct(findMs, 50), p95: pct(findMs, 95) },
      },
      live: { ingestToSseEventMs: { p50: pct(sse, 50), p95: pct(sse, 95) }, baselineRawFindP50Ms: pct(findMs, 50) },
    };
    await server.stop();
    const queue = await queueSection();
    // Scoring is timed after the servers and the databases have stopped, so nothing else runs beside it.
    console.log(JSON.stringify({ ...report, queue, scoring: scoringBench() }, null, 2));
  } finally {
    await server.stop();
  }
}

const QUEUE_SMALL = Number(process.env.BENCH_QUEUE_SMALL ?? 1_000);
const QUEUE_LARGE = Number(process.env.BENCH_QUEUE_LARGE ?? 100_000);
const QUEUE_REQUESTS = Number(process.env.BENCH_QUEUE_REQUESTS ?? 30);
const HOT = ['first_page_ms', 'filtered_page_ms', 'next_page_ms', 'thread_ms', 'search_ms', 'patch_ms'] as const;

/** The queue at two sizes with the same open backlog, and how the large store's p95s meet the targets. */
async function queueSection(): Promise<Record<string, unknown>> {
  const log = (m: string) => console.error(m);
  log(`bench: queue at ${QUEUE_SMALL} messages...`);
  const small = await benchQueue(QUEUE_SMALL, QUEUE_REQUESTS, log);
  log(`bench: queue at ${QUEUE_LARGE} messages (filled through ingest; takes minutes)...`);
  const large = await benchQueue(QUEUE_LARGE, QUEUE_REQUESTS, log);
  const targets = Object.fromEntries(
    HOT.map((k) => {
      const l = (large as QueueFigures)[k].p95;
      const sm = (small as QueueFigures)[k].p95;
      return [k, { large_p95: l, under_50ms: l < 50, ratio_to_small_p95: Math.round((l / Math.max(sm, 0.01)) * 100) / 100, within_3x: l <= 3 * sm }];
    }),
  );
  return { small, large, targets };
}

await main();
// The figures are printed; a handle some library keeps open (seen after the queue section's servers
// stopped) must not keep the command running.
process.exit(0);
