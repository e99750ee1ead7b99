import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type mongoose from 'mongoose';
import { isConnectorError, ConnectorError, type ConnectorRegistry } from '@inbox/connectors';
import { Account, toPublicAccount, type AccountDoc } from '../models/account.ts';
import { ingest } from '../ingest/pipeline.ts';
import type { EventBus } from '../events/bus.ts';
import type { SecretBox } from '../secrets/cipher.ts';
import type { Logger } from '../logger.ts';
import { contextFor } from '../accounts/context.ts';
import { planAfterFailure } from './backoff.ts';
import { scrubCredentials } from '../secrets/scrub.ts';
import { archivePollPage } from '../archive/poll-archive.ts';

const JOB = 'poll-account';
/** Pages fetched in one run before yielding to other accounts. */
const MAX_PAGES_PER_RUN = 20;

export interface PollerDeps {
  db: mongoose.mongo.Db;
  registry: ConnectorRegistry;
  box: SecretBox;
  bus: EventBus;
  log: Logger;
  /** How often agenda looks for due jobs. */
  processEveryMs?: number;
}

export interface PollOutcome {
  inserted: number;
  duplicates: number;
  pages: number;
  skipped?: string;
  error?: string;
}

/**
 * Polls every enabled account through agenda: one repeating job per account (agenda's lock keeps it
 * on one process when several share the database). Retries, backoff and cursors live here, never
 * in connectors; a cursor is saved only after the mentions it covers are stored.
 */
export class Poller {
  private readonly agenda: Agenda;

  constructor(private readonly deps: PollerDeps) {
    this.agenda = new Agenda({
      backend: new MongoBackend({ mongo: deps.db, collection: 'agendaJobs' }),
      processEvery: deps.processEveryMs ?? 1000,
      defaultLockLifetime: 5 * 60_000,
      defaultConcurrency: 4,
    });
    this.agenda.define<{ accountId: string }>(JOB, async (job) => {
      await this.pollAccount(job.attrs.data.accountId);
    });
  }

  async start(): Promise<void> {
    await this.agenda.start();
    const accounts = await Account.find({ enabled: true }).lean<AccountDoc[]>();
    for (const a of accounts) await this.schedule(a);
  }

  async schedule(account: Pick<AccountDoc, '_id' | 'pollIntervalMs'>): Promise<void> {
    const accountId = String(account._id);
    await this.agenda
      .create(JOB, { accountId })
      .unique({ name: JOB, 'data.accountId': accountId })
      .repeatEvery(account.pollIntervalMs)
      .schedule(new Date())
      .save();
  }

  /**
   * Runs `fn` every `everyMs` on the same agenda, so with several processes on one database only one
   * runs it at a time (housekeeping such as jobs/reprioritize.ts). Failures are logged, never thrown.
   */
  async every(name: string, everyMs: number, fn: () => Promise<unknown>): Promise<void> {
    this.agenda.define(name, async () => {
      try {
        await fn();
      } catch (err) {
        this.deps.log.warn({ err, job: name }, `${name} failed`);
      }
    });
    await this.agenda.create(name, {}).unique({ name }).repeatEvery(everyMs).schedule(new Date(Date.now() + everyMs)).save();
  }

  async stop(): Promise<void> {
    await this.agenda.stop(false);
  }

  /** One polling run for one account. Never throws: failures are recorded on the account. */
  async pollAccount(accountId: string): Promise<PollOutcome> {
    const { registry, box, bus, log } = this.deps;
    const outcome: PollOutcome = { inserted: 0, duplicates: 0, pages: 0 };
    const account = await Account.findById(accountId).lean<AccountDoc>();
    if (!account || !account.enabled) return { ...outcome, skipped: 'disabled or removed' };
    if (account.health?.state === 'needs_reauth') return { ...outcome, skipped: 'needs_reauth' };
    const notBefore = account.health?.nextAttemptAt?.getTime() ?? 0;
    if (notBefore > Date.now()) return { ...outcome, skipped: 'backing off' };

    let cursor = account.cursor ?? null;
    // Kept for redacting the failure message: a network's error may echo what it was sent.
    let credentials: Record<string, unknown> = {};
    try {
      const { connector, ctx } = contextFor(registry, box, account);
      credentials = ctx.credentials;
      for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
        const res = await connector.poll(ctx, cursor);
        const settle = await archivePollPage(log, account, res);
        const stored = await ingest(account, res.mentions, bus);
        await settle();
        outcome.inserted += stored.inserted;
        outcome.duplicates += stored.duplicates;
        outcome.pages += 1;
        // Only now, with the mentions durably written, may the cursor move.
        if (res.cursor !== cursor) {
          await Account.updateOne({ _id: account._id }, { $set: { cursor: res.cursor } });
          cursor = res.cursor;
        }
        if (!res.more) break;
      }
      await this.recordHealth(account, {
        'health.state': 'ok',
        'health.message': null,
        'health.lastPollAt': new Date(),
        'health.lastSuccessAt': new Date(),
        'health.nextAttemptAt': null,
        'health.consecutiveFailures': 0,
        'health.authFailures': 0,
      });
    } catch (err) {
      const cerr = isConnectorError(err)
        ? err
        : new ConnectorError('transient', err instanceof Error ? err.message : String(err), { cause: err });
      const plan = planAfterFailure(cerr, { consecutiveFailures: account.health?.consecutiveFailures ?? 0, authFailures: account.health?.authFailures ?? 0 }, account.pollIntervalMs);
      const message = `${cerr.code}: ${scrubCredentials(cerr.message, credentials, 500)}`;
      outcome.error = message;
      log.warn({ accountId, network: account.network, code: cerr.code, nextAttemptAt: plan.nextAttemptAt }, `poll failed: ${message}`);
      await this.recordHealth(account, {
        'health.state': plan.state,
        'health.message': message,
        'health.lastPollAt': new Date(),
        'health.nextAttemptAt': plan.nextAttemptAt,
        'health.consecutiveFailures': plan.consecutiveFailures,
        'health.authFailures': plan.authFailures,
      });
    }
    return outcome;
  }

  private async recordHealth(account: AccountDoc, set: Record<string, unknown>): Promise<void> {
    const updated = await Account.findOneAndUpdate({ _id: account._id }, { $set: set }, { returnDocument: 'after' }).lean<AccountDoc>();
    if (updated && updated.health?.state !== account.health?.state) {
      this.deps.bus.publish({ type: 'account.updated', account: toPublicAccount(updated) });
    }
  }
}
