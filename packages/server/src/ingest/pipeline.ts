import type { IncomingMention } from '@inbox/connectors';
import { Mention } from '../models/mention.ts';
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

/**
 * Stores mentions idempotently: one upsert per (account, externalId) with $setOnInsert, so a message
 * delivered twice (poll + webhook, a retried page, a restart) is stored once. Resolves only after the
 * write is acknowledged; callers advance cursors after that. Publishes `mention.created` for new ones.
 */
export async function ingest(account: AccountRef, incoming: IncomingMention[], bus?: EventBus): Promise<IngestResult> {
  if (incoming.length === 0) return { inserted: 0, duplicates: 0 };
  const now = new Date();
  // The same id twice in one batch is one message.
  const unique = new Map<string, NewMentionDoc>();
  for (const m of incoming) if (!unique.has(m.externalId)) unique.set(m.externalId, toMentionDoc(account, m, now));
  const docs = [...unique.values()];

  const ops = docs.map((d) => ({
    updateOne: {
      filter: { account: d.account, externalId: d.externalId },
      update: { $setOnInsert: d },
      upsert: true,
    },
  }));
  let insertedIdx: number[];
  try {
    const res = await Mention.collection.bulkWrite(ops, { ordered: false });
    insertedIdx = Object.keys(res.upsertedIds).map(Number);
  } catch (err) {
    // Two writers racing on one key: the loser gets E11000, which means "already stored".
    const bulk = err as { code?: number; result?: { upsertedIds?: Record<string, unknown> }; writeErrors?: unknown[] };
    const writeErrors = (bulk.writeErrors ?? []) as Array<{ code?: number }>;
    if (!writeErrors.length || !writeErrors.every((e) => isDuplicateKeyError(e))) throw err;
    insertedIdx = Object.keys(bulk.result?.upsertedIds ?? {}).map(Number);
  }
  for (const i of insertedIdx) {
    const doc = docs[i];
    if (doc) bus?.publish({ type: 'mention.created', mention: toPublicMention(doc) });
  }
  return { inserted: insertedIdx.length, duplicates: docs.length - insertedIdx.length + (incoming.length - docs.length) };
}
