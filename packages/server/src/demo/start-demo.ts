import { startSandboxEmulator } from '@inbox/connectors/sandbox';
import type { ConnectorRegistry } from '@inbox/connectors';
import type { SecretBox } from '../secrets/cipher.ts';
import type { Logger } from '../logger.ts';
import { upsertAccount } from './accounts.ts';

export interface Demo {
  stop(): Promise<void>;
}

/**
 * Demo mode: starts the network emulators on loopback, connects one account on each, and lets them
 * produce live customer traffic. Everything then flows through the same connectors and ingest path
 * as real networks.
 */
export async function startDemo(deps: { registry: ConnectorRegistry; box: SecretBox; log: Logger; trafficMs?: number }): Promise<Demo> {
  const brand = 'ShopCo';
  const sandbox = await startSandboxEmulator({ brand, seed: Date.now() % 2 ** 31 });
  await upsertAccount(deps.registry, deps.box, {
    network: 'sandbox',
    name: 'ShopCo (sandbox)',
    credentials: sandbox.credentials,
    endpoints: sandbox.endpoints,
    brandHandles: [brand.toLowerCase()],
    resetCursor: true,
  });
  await sandbox.inject({ count: 12 });
  sandbox.startTraffic(deps.trafficMs ?? 4000);
  deps.log.info({ sandbox: sandbox.url }, 'demo networks started');
  return {
    async stop() {
      await sandbox.close();
    },
  };
}
