import mongoose from 'mongoose';
import type { IncomingMention, PollResult } from '@inbox/connectors';
import { Account } from '../models/account.ts';
import type { Logger } from '../logger.ts';
import { RawDelivery } from './raw-delivery.ts';
import { redactError } from './redact.ts';

interface AccountLike {
  _id: mongoose.Types.ObjectId;
  network: string;
}

/** Keeps a raw body before it is processed; returns the archive id. */
export async function archiveRaw(account: AccountLike, source: 'webhook' | 'poll', body: string, receivedAt = new Date()): Promise<mongoose.Types.ObjectId> {
  const _id = new mongoose.Types.ObjectId();
  await RawDelivery.collection.insertOne({ _id, account: account._id, network: account.network, source, receivedAt, body, bytes: Buffer.byteLength(body), parsed: 'received', error: null, mentions: 0, replayedAt: null });
  return _id;
}

/** A poll page as archived: the connector's normalized mentions (what ingest receives). */
export const pollPageBody = (res: Pick<PollResult, 'mentions'>): string => JSON.stringify({ mentions: res.mentions });
export const mentionsOfPollPage = (body: string): IncomingMention[] => (JSON.parse(body) as { mentions: IncomingMention[] }).mentions;

/** Records how processing went. `problems`: parts skipped as malformed (partial), or the whole failure. */
export async function settleRaw(id: mongoose.Types.ObjectId, outcome: { ok: true; mentions: number; problems?: string[] } | { ok: false; error: string }, replayed = false): Promise<void> {
  const set = outcome.ok
    ? { parsed: outcome.problems?.length ? 'partial' : 'ok', error: outcome.problems?.length ? redactError(outcome.problems.join('; ')) : null, mentions: outcome.mentions }
    : { parsed: 'failed', error: redactError(outcome.error) };
  await RawDelivery.updateOne({ _id: id }, { $set: { ...set, ...(replayed ? { replayedAt: new Date() } : {}) } });
}

/**
 * A correctly signed delivery that could not be read (wholly, or in part): logged without its body,
 * counted on the account's health (`parseFailures`, `lastParseError`, redacted) for Admin › Accounts.
 */
export async function recordParseFailure(account: AccountLike, message: string, log: Logger, archiveId?: mongoose.Types.ObjectId): Promise<void> {
  const error = redactError(message);
  log.warn({ accountId: String(account._id), network: account.network, archiveId: archiveId ? String(archiveId) : undefined, error }, 'delivery could not be parsed (kept in the raw archive for replay)');
  await Account.updateOne(
    { _id: account._id },
    { $inc: { 'health.parseFailures': 1 }, $set: { 'health.lastParseError': { at: new Date(), message: error } } },
  );
}
