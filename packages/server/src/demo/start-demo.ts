import path from 'node:path';
import {
  startSandboxEmulator,
  startXEmulator,
  startGraphEmulator,
  startEmailEmulator,
  startEmailDemoTraffic,
  dovecotAvailable,
} from '@inbox/connectors/sandbox';
import type { ConnectorRegistry } from '@inbox/connectors';
import type { SecretBox } from '../secrets/cipher.ts';
import type { Logger } from '../logger.ts';
import { upsertAccount } from './accounts.ts';

export interface Demo {
  /** Subscribes the emulators' webhooks to the running server and starts live traffic. */
  goLive(): Promise<void>;
  stop(): Promise<void>;
}

const BRAND = 'ShopCo';
/** Demo accounts poll often so the demo feels live; real accounts keep their network's interval. */
const DEMO_POLL_MS = 5_000;

/**
 * Demo mode: starts an emulator of every network on loopback, connects one account on each, and
 * (goLive) has them deliver signed webhooks and live customer traffic. Everything then flows through
 * the same connectors, webhooks and ingest path as real networks.
 */
export async function startDemo(deps: {
  registry: ConnectorRegistry;
  box: SecretBox;
  log: Logger;
  /** Base URL of this server, for webhook callbacks (http://127.0.0.1:PORT). */
  serverUrl: string;
  /** Port of the inbound SMTP listener, when it runs. */
  inboundSmtpPort?: number;
  trafficMs?: number;
  /**
   * Where the emulators keep their state (one JSON file each), so that after a restart the networks
   * still hold the messages Inbox stored and replies to them work, as with a real network.
   */
  stateDir?: string;
}): Promise<Demo> {
  // About one message every 3 s across the networks: lively, and the list stays fast on FerretDB.
  const traffic = deps.trafficMs ?? 8000;
  const closers: Array<() => Promise<void>> = [];
  const live: Array<() => Promise<void>> = [];
  const stateFile = (name: string) => (deps.stateDir ? { stateFile: path.join(deps.stateDir, `${name}.json`) } : {});
  const connect = async (network: 'sandbox' | 'x' | 'facebook' | 'instagram' | 'email', name: string, credentials: Record<string, unknown>, endpoints: Record<string, string>) =>
    upsertAccount(deps.registry, deps.box, { network, name, credentials, endpoints, brandHandles: [BRAND.toLowerCase()], resetCursor: true, pollIntervalMs: DEMO_POLL_MS });

  try {
    const sandbox = await startSandboxEmulator({ brand: BRAND, seed: Date.now() % 2 ** 31, ...stateFile('sandbox') });
    closers.push(() => sandbox.close());
    await connect('sandbox', `${BRAND} (sandbox)`, sandbox.credentials, sandbox.endpoints);
    await sandbox.inject({ count: 8 });
    live.push(async () => sandbox.startTraffic(traffic));

    const x = await startXEmulator({ brandHandle: BRAND.toLowerCase(), seed: Date.now() % 2 ** 31, ...stateFile('x') });
    closers.push(() => x.close());
    const xAccount = await connect('x', `@${BRAND.toLowerCase()}`, x.credentials, x.endpoints);
    await x.inject({ count: 4 });
    live.push(async () => {
      await x.registerWebhook(`${deps.serverUrl}/webhooks/x/${String(xAccount._id)}`);
      x.startTraffic(traffic * 1.5);
    });

    const graph = await startGraphEmulator({ brand: BRAND, seed: Date.now() % 2 ** 31, ...stateFile('graph') });
    closers.push(() => graph.close());
    const fb = await connect('facebook', `${BRAND} Page`, graph.facebook.credentials, graph.facebook.endpoints);
    const ig = await connect('instagram', `${BRAND.toLowerCase()} on Instagram`, graph.instagram.credentials, graph.instagram.endpoints);
    await graph.facebook.inject({ count: 3 });
    await graph.instagram.inject({ count: 3 });
    live.push(async () => {
      await graph.subscribe('page', `${deps.serverUrl}/webhooks/facebook/${String(fb._id)}`);
      await graph.subscribe('instagram', `${deps.serverUrl}/webhooks/instagram/${String(ig._id)}`);
      graph.startTraffic(traffic * 1.5);
    });

    // Email: the mailbox is a real IMAP server (dovecot), so the demo mailbox exists only where
    // dovecot is installed. Customer mail reaches it both in the mailbox (IMAP poll) and through
    // Inbox's inbound SMTP listener; the same Message-ID is stored once.
    const address = `care@${BRAND.toLowerCase()}.example`;
    if (dovecotAvailable()) {
      const mail = await startEmailEmulator({ address, brand: BRAND, seed: Date.now() % 100_000 });
      closers.push(() => mail.close());
      await connect('email', address, mail.credentials, mail.endpoints);
      await mail.inject({ count: 3 });
      live.push(async () => {
        const t = setInterval(() => void mail.inject({ count: 1 }).catch(() => {}), traffic * 3);
        t.unref();
        closers.push(async () => clearInterval(t));
      });
    } else {
      deps.log.warn('dovecot is not installed (apt-get install dovecot-imapd): the demo mailbox is not polled over IMAP');
    }
    if (deps.inboundSmtpPort && dovecotAvailable()) {
      const port = deps.inboundSmtpPort;
      live.push(async () => {
        const mailTraffic = startEmailDemoTraffic({ port, to: address, brand: BRAND, intervalMs: traffic * 4 });
        closers.push(() => mailTraffic.stop());
      });
    }
  } catch (err) {
    for (const c of closers.reverse()) await c().catch(() => {});
    throw err;
  }

  deps.log.info('demo networks started: sandbox, x, facebook, instagram, email');
  return {
    async goLive() {
      for (const fn of live) {
        await fn().catch((err: unknown) => deps.log.warn({ err: (err as Error).message }, 'demo: could not start live traffic for one network'));
      }
    },
    async stop() {
      for (const c of closers.reverse()) await c().catch(() => {});
    },
  };
}
