import type { Connector, ConnectorContext, ConnectorRegistry, Network } from '@inbox/connectors';
import type { SecretBox, Sealed } from '../secrets/cipher.ts';
import type { AccountDoc } from '../models/account.ts';

/** Decrypts an account's credentials into the context a connector call gets. */
export function contextFor(
  registry: ConnectorRegistry,
  box: SecretBox,
  account: Pick<AccountDoc, '_id' | 'network' | 'sealedCredentials' | 'endpoints'>,
  signal?: AbortSignal,
): { connector: Connector; ctx: ConnectorContext } {
  const connector = registry.get(account.network as Network);
  const credentials = connector.credentials.parse(box.open(account.sealedCredentials as Sealed)) as Record<string, unknown>;
  return {
    connector,
    ctx: {
      accountId: String(account._id),
      credentials,
      endpoints: (account.endpoints ?? {}) as Record<string, string>,
      ...(signal ? { signal } : {}),
    },
  };
}
