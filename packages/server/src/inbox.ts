import http from 'node:http';
import path from 'node:path';
import mongoose from 'mongoose';
import type { AddressInfo } from 'node:net';
import { createRegistry, type ConnectorRegistry } from '@inbox/connectors';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/connect.ts';
import { EventBus } from './events/bus.ts';
import { createApp } from './api/app.ts';
import { Poller } from './jobs/poller.ts';
import { reprioritizeWaiting, REPRIORITIZE_EVERY_MS } from './jobs/reprioritize.ts';
import { pruneArchive, PRUNE_EVERY_MS } from './archive/prune.ts';
import { RawDelivery } from './archive/raw-delivery.ts';
import { SecretBox, loadOrCreateKey } from './secrets/cipher.ts';
import { createLogger, type Logger } from './logger.ts';
import { startDemo, type Demo } from './demo/start-demo.ts';
import { startInboundMail } from './email/inbound-mail.ts';
import { ensureFirstAdmin, type FirstAdmin } from './auth/bootstrap.ts';
import { migrateToConversations } from './migrations/conversations.ts';
import { backfillAnalytics } from './migrations/analytics.ts';
import { recount } from './services/counts.ts';
import { checkSpikes, SPIKE_EVERY_MS } from './analytics/spikes.ts';
import { deriveSessionSecret } from './auth/session.ts';
import type { AccountDoc } from './models/account.ts';

/** How often the queue's counters are checked against the conversations. */
const RECOUNT_EVERY_MS = 6 * 60 * 60_000;

export interface Inbox {
  url: string;
  port: number;
  db: Database;
  bus: EventBus;
  registry: ConnectorRegistry;
  box: SecretBox;
  poller: Poller;
  log: Logger;
  /** Port of the inbound SMTP listener, when it runs (INBOX_SMTP_PORT, or the demo). */
  inboundSmtpPort?: number;
  /** The first admin; `password` only on the start that generated it (main.ts prints it once). */
  firstAdmin: FirstAdmin;
  stop(): Promise<void>;
}

/** Starts the whole server: database, API + web, pollers, and (demo) the emulated networks. */
export async function startInbox(config: Config, opts: { log?: Logger; progress?: (m: string) => void } = {}): Promise<Inbox> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const demo = config.INBOX_DEMO === '1';
  const db = await openDatabase({ ...(config.MONGODB_URI ? { mongoUri: config.MONGODB_URI } : {}), dataDir: config.INBOX_DATA_DIR, ...(opts.progress ? { log: opts.progress } : {}) });
  const cleanup: Array<() => Promise<void>> = [() => db.close()];
  const stopAll = async () => {
    for (const fn of cleanup.reverse()) await fn().catch((err: unknown) => log.error({ err }, 'shutdown step failed'));
  };
  try {
    const registry = createRegistry();
    const secretKey = loadOrCreateKey(config.INBOX_SECRET_KEY, config.INBOX_DATA_DIR, demo);
    const box = new SecretBox(secretKey);
    const bus = new EventBus();
    await migrateToConversations(log);
    await backfillAnalytics(log);
    const firstAdmin = await ensureFirstAdmin(config, log);
    const hooks: { accountChanged?: (a: AccountDoc) => Promise<void> } = {};
    const app = createApp({
      registry,
      box,
      bus,
      log,
      embeddedDb: db.embedded !== null,
      hooks,
      auth: {
        secret: deriveSessionSecret(secretKey),
        cookieSecure: config.INBOX_COOKIE_SECURE === 'auto' ? 'auto' : config.INBOX_COOKIE_SECURE === 'true',
        idleMs: config.INBOX_SESSION_IDLE_MINUTES * 60_000,
        trustProxy: config.INBOX_TRUST_PROXY,
        loginRateLimit: config.INBOX_LOGIN_RATE_LIMIT,
        webhookRateLimit: config.INBOX_WEBHOOK_RATE_LIMIT,
        ...(config.INBOX_ALLOWED_HOSTS ? { allowedHosts: config.INBOX_ALLOWED_HOSTS.split(',').map((h) => h.trim()).filter(Boolean) } : {}),
      },
    });
    const server = http.createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => resolve());
    });
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const mongooseDb = mongoose.connection.db;
    if (!mongooseDb) throw new Error('database connection has no db handle');
    const port = (server.address() as AddressInfo).port;
    const smtpPort = config.INBOX_SMTP_PORT ?? (demo ? 0 : undefined);
    let inboundSmtpPort: number | undefined;
    if (smtpPort !== undefined) {
      const smtp = await startInboundMail({ host: config.INBOX_SMTP_HOST, port: smtpPort, bus, log });
      cleanup.push(() => smtp.close());
      inboundSmtpPort = smtp.port;
      log.info({ port: smtp.port }, 'inbound SMTP listening');
    }
    // Demo accounts are pointed at this run's emulators before polling starts, so no poll goes to
    // the previous run's ports; live traffic (and webhook subscriptions) start once polling runs.
    let demoHandle: Demo | null = null;
    if (demo) {
      const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
      demoHandle = await startDemo({ registry, box, log, stateDir: path.join(config.INBOX_DATA_DIR, 'emulators'), serverUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, ...(inboundSmtpPort !== undefined ? { inboundSmtpPort } : {}) });
      const d = demoHandle;
      cleanup.push(() => d.stop());
    }
    const poller = new Poller({ db: mongooseDb, registry, box, bus, log });
    await poller.start();
    await poller.every('reprioritize-waiting', REPRIORITIZE_EVERY_MS, () => reprioritizeWaiting(new Date(), bus));
    // The header's counters are kept at write time; this corrects drift a crash between a
    // conversation's write and its counter bump could leave (a crash means a restart, and the job
    // also runs once at start). It reads every conversation, so it runs rarely.
    await poller.every('recount-queue', RECOUNT_EVERY_MS, () => recount());
    await poller.every('spike-alerts', SPIKE_EVERY_MS, () => checkSpikes(new Date()));
    void recount().catch((err: unknown) => log.warn({ err }, 'counting the queue failed'));
    await RawDelivery.createIndexes();
    await poller.every('prune-raw-archive', PRUNE_EVERY_MS, () => pruneArchive({ days: config.INBOX_RAW_ARCHIVE_DAYS, megabytes: config.INBOX_RAW_ARCHIVE_MB }));
    cleanup.push(() => poller.stop());
    await demoHandle?.goLive();
    hooks.accountChanged = (a) => poller.schedule(a);
    return { url: `http://${config.HOST === '127.0.0.1' ? 'localhost' : config.HOST}:${port}`, port, db, bus, registry, box, poller, log, firstAdmin, ...(inboundSmtpPort !== undefined ? { inboundSmtpPort } : {}), stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
