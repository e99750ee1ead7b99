import { RawDelivery } from './raw-delivery.ts';

export interface ArchiveLimits {
  /** Bodies older than this are dropped (INBOX_RAW_ARCHIVE_DAYS, default 7). */
  days: number;
  /** The archive's bodies together stay under this (INBOX_RAW_ARCHIVE_MB, default 200): oldest go first. */
  megabytes: number;
}

export const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Bounds the raw archive by age, then by total size (oldest first). Runs as a job
 * (inbox.ts); the size pass reads only `_id`, `bytes` and `receivedAt`.
 */
export async function pruneArchive(limits: ArchiveLimits, now = new Date()): Promise<{ byAge: number; bySize: number }> {
  const cutoff = new Date(now.getTime() - limits.days * 86_400_000);
  const byAge = (await RawDelivery.deleteMany({ receivedAt: { $lt: cutoff } })).deletedCount ?? 0;
  const maxBytes = limits.megabytes * 1024 * 1024;
  const rows = await RawDelivery.find({}, { _id: 1, bytes: 1, receivedAt: 1 }).sort({ receivedAt: 1 }).lean<{ _id: unknown; bytes: number }[]>();
  let total = rows.reduce((n, r) => n + (r.bytes ?? 0), 0);
  const drop: unknown[] = [];
  for (const r of rows) {
    if (total <= maxBytes) break;
    drop.push(r._id);
    total -= r.bytes ?? 0;
  }
  let bySize = 0;
  // In slices: a long $in list is one big in-memory filter on FerretDB.
  for (let i = 0; i < drop.length; i += 500) bySize += (await RawDelivery.deleteMany({ _id: { $in: drop.slice(i, i + 500) } })).deletedCount ?? 0;
  return { byAge, bySize };
}
