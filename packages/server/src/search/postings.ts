import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { SearchPosting } from '../models/search-posting.ts';
import { chunksOf } from '../db/chunked.ts';

/** Postings per insert command. */
const CHUNK = 200;

export interface Posting {
  _id: Types.ObjectId;
  t: string;
  c: Types.ObjectId;
  at: Date;
}

/** One posting per word of a message; the id is derived from (word, message), so a retry adds none. */
export function postingsOf(m: { _id: Types.ObjectId; conversation: Types.ObjectId; createdAt: Date; tokens: string[] }): Posting[] {
  return m.tokens.map((t) => ({
    _id: new Types.ObjectId(createHash('sha256').update(m._id.toHexString()).update('\0').update(t).digest().subarray(0, 12)),
    t,
    c: m.conversation,
    at: m.createdAt,
  }));
}

/** Inserts postings; ones already there (a retried batch) are skipped. */
export async function writePostings(postings: Posting[]): Promise<void> {
  for (const part of chunksOf(postings, CHUNK)) {
    try {
      await SearchPosting.collection.insertMany(part, { ordered: false });
    } catch (err) {
      const e = err as { writeErrors?: unknown };
      const list = (Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : []) as Array<{ code?: number }>;
      if (list.length === 0 || !list.every((w) => w.code === 11000)) throw err;
    }
  }
}
