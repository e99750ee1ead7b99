// Every bulk write the app sends goes through here, in chunks of at most MAX_BULK_OPS operations.
// FerretDB v1 on SQLite holds one pooled SQLite connection per statement of a single update command:
// at 100 statements (its pool size) that command and every other client wait forever. Chunks keep
// each command far below that, on FerretDB and (harmlessly) on MongoDB.
import type mongoose from 'mongoose';

export const MAX_BULK_OPS = 50;

export function chunksOf<T>(items: readonly T[], size: number = MAX_BULK_OPS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface IndexedWriteError {
  code?: number;
  index: number;
  errmsg?: string;
}

/**
 * `insertMany` in chunks, one after the other. Unordered: every chunk is tried; then, if any document
 * was refused, throws one error shaped like the driver's (`code`, `writeErrors` with each refused
 * document's index in `docs`). A failure that is not per-document is thrown as it is, at once.
 */
export async function insertManyChunked<T extends mongoose.mongo.Document>(
  collection: mongoose.mongo.Collection<T>,
  docs: readonly mongoose.mongo.OptionalUnlessRequiredId<T>[],
  opts: mongoose.mongo.BulkWriteOptions = { ordered: false },
): Promise<void> {
  const refused: IndexedWriteError[] = [];
  let offset = 0;
  for (const chunk of chunksOf(docs)) {
    try {
      await collection.insertMany(chunk, opts);
    } catch (err) {
      const list = (err as { writeErrors?: unknown }).writeErrors;
      const errors = (Array.isArray(list) ? list : list ? [list] : []) as Array<{ code?: number; index?: number; errmsg?: string }>;
      if (errors.length === 0 || errors.some((w) => typeof w.index !== 'number')) throw err;
      for (const w of errors) refused.push({ ...(w.code !== undefined ? { code: w.code } : {}), index: offset + w.index!, ...(w.errmsg ? { errmsg: w.errmsg } : {}) });
      if (opts.ordered) break;
    }
    offset += chunk.length;
  }
  if (refused.length > 0) {
    throw Object.assign(new Error(`${refused.length} of ${docs.length} documents refused`), { code: refused[0]!.code, writeErrors: refused });
  }
}

/** Something with mongoose's `Model.bulkWrite` shape. */
interface BulkWriter<Op> {
  bulkWrite(ops: Op[], opts?: mongoose.MongooseBulkWriteOptions): Promise<mongoose.mongo.BulkWriteResult>;
}

/** `Model.bulkWrite` in chunks, one after the other; returns the summed counts. */
export async function bulkWriteChunked<Op>(
  model: BulkWriter<Op>,
  ops: readonly Op[],
  opts: mongoose.MongooseBulkWriteOptions = { ordered: false },
): Promise<{ matchedCount: number; modifiedCount: number; upsertedCount: number; insertedCount: number; deletedCount: number }> {
  const sum = { matchedCount: 0, modifiedCount: 0, upsertedCount: 0, insertedCount: 0, deletedCount: 0 };
  for (const chunk of chunksOf(ops)) {
    const r = await model.bulkWrite(chunk, opts);
    sum.matchedCount += r.matchedCount;
    sum.modifiedCount += r.modifiedCount;
    sum.upsertedCount += r.upsertedCount;
    sum.insertedCount += r.insertedCount;
    sum.deletedCount += r.deletedCount;
  }
  return sum;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; rejects with the first failure. */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
