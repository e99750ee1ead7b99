import type mongoose from 'mongoose';
import type { PollResult } from '@inbox/connectors';
import type { Logger } from '../logger.ts';
import { archiveRaw, pollPageBody, settleRaw } from './record.ts';

/**
 * Keeps one poll page before its mentions are stored (an empty page is not worth a row) and logs what
 * the connector skipped on purpose (bounces, auto-replies). Returns the settle step for after ingest.
 */
export async function archivePollPage(log: Logger, account: { _id: mongoose.Types.ObjectId; network: string }, res: PollResult): Promise<() => Promise<void>> {
  if (res.skipped) log.info({ accountId: String(account._id), network: account.network, skipped: res.skipped }, 'poll skipped machine-written items');
  if (res.mentions.length === 0) return async () => {};
  const id = await archiveRaw(account, 'poll', pollPageBody(res));
  return () => settleRaw(id, { ok: true, mentions: res.mentions.length });
}
