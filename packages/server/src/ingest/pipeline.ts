import type { IncomingMention } from '@inbox/connectors';
import { Mention } from '../models/mention.ts';
import { insertManyChunked } from '../db/chunked.ts';
import { sanitizeIncoming } from './sanitize.ts';
import type { EventBus } from '../events/bus.ts';
import { toPublicMention } from '../api/present.ts';
import { toMentionDoc, type AccountRef, type NewMentionDoc } from './normalize.ts';

export interface IngestResult {
  inserted: number;
  duplicates: number;
}

function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** Indexes of a bulk insert's documents refused as duplicates; throws for any other failure. */
function duplicateIndexes(err: unknown): Set<number> {
  const e = err as { code?: number; writeErrors?: unknown };
  const list = (Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : []) as Array<{ code?: number; index?: number }>;
  if (list.length === 0 || !list.every((w) => isDuplicateKeyError(w) && typeof w.index === 'number')) throw err;
  return new Set(list.map((w) => w.index!));
}

/**
 * Stores mentions idempotently: each has an `_id` derived from (account, externalId), so a message
 * delivered twice (poll + webhook, a retried page, a restart, two servers racing) is refused as a
 * duplicate key and stored once. One unordered bulk insert per batch; resolves only after the write
 * is acknowledged, so callers may advance cursors after it. Publishes `mention.created` for new ones.
 */
export async function ingest(account: AccountRef, incoming: IncomingMention[], bus?: EventBus): Promise<IngestResult> {
  if (incoming.length === 0) return { inserted: 0, duplicates: 0 };
  const now = new Date();
  // The same id twice in one batch is one message.
  const unique = new Map<string, NewMentionDoc>();
  for (const m of incoming) if (!unique.has(m.externalId)) unique.set(m.externalId, toMentionDoc(account, sanitizeIncoming(m), now));
  const docs = [...unique.values()];

  let refused = new Set<number>();
  try {
    await insertManyChunked(Mention.collection, docs, { ordered: false });
  } catch (err) {
    refused = duplicateIndexes(err);
  }
  const inserted = docs.filter((_, i) => !refused.has(i));
  for (const doc of inserted) bus?.publish({ type: 'mention.created', mention: toPublicMention(doc) });
  return { inserted: inserted.length, duplicates: incoming.length - inserted.length };
}
