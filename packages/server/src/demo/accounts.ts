import type { ConnectorRegistry, Network } from '@inbox/connectors';
import { Account, type AccountDoc } from '../models/account.ts';
import type { SecretBox } from '../secrets/cipher.ts';

export interface ConnectSpec {
  network: Network;
  name: string;
  credentials: Record<string, unknown>;
  endpoints: Record<string, string>;
  brandHandles: string[];
  /** The network on the other end is new (a restarted emulator): forget the old cursor. */
  resetCursor?: boolean;
  /** Overrides the connector's default poll interval. */
  pollIntervalMs?: number;
}

/**
 * Creates or updates an account by (network, name): credentials validated by the connector's schema
 * and sealed before they are written.
 */
export async function upsertAccount(registry: ConnectorRegistry, box: SecretBox, spec: ConnectSpec): Promise<AccountDoc> {
  const connector = registry.get(spec.network);
  const creds = connector.credentials.parse(spec.credentials);
  // A credential is only saved once the network accepts it.
  const identity = await connector.check({ accountId: 'new', credentials: creds, endpoints: spec.endpoints });
  const set: Record<string, unknown> = {
    sealedCredentials: box.seal(creds),
    endpoints: spec.endpoints,
    brandHandles: spec.brandHandles,
    enabled: true,
    identity,
    'health.state': 'unknown',
    'health.nextAttemptAt': null,
    'health.authFailures': 0,
    'health.consecutiveFailures': 0,
  };
  if (spec.resetCursor) set.cursor = null;
  if (spec.pollIntervalMs) set.pollIntervalMs = spec.pollIntervalMs;
  const doc = await Account.findOneAndUpdate(
    { network: spec.network, name: spec.name },
    { $set: set, $setOnInsert: { network: spec.network, name: spec.name, ...(spec.pollIntervalMs ? {} : { pollIntervalMs: connector.pollIntervalMs }), createdAt: new Date() } },
    { upsert: true, returnDocument: 'after' },
  ).lean<AccountDoc>();
  if (!doc) throw new Error(`could not save account ${spec.network}/${spec.name}`);
  return doc;
}
