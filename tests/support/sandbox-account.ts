import { startSandboxEmulator, type SandboxEmulator } from '../../packages/connectors/sandbox/index.ts';
import { upsertAccount } from '../../packages/server/src/demo/accounts.ts';
import type { AccountDoc } from '../../packages/server/src/models/account.ts';
import type { Inbox } from '../../packages/server/src/inbox.ts';

/** A sandbox emulator with an account connected to it in `inbox`. */
export async function connectSandbox(inbox: Inbox, opts: { seed?: number; rateLimit?: number } = {}): Promise<{ emulator: SandboxEmulator; account: AccountDoc }> {
  const emulator = await startSandboxEmulator({ seed: opts.seed ?? 7, ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}) });
  const account = await upsertAccount(inbox.registry, inbox.box, {
    network: 'sandbox',
    name: `test-${Math.random().toString(36).slice(2, 8)}`,
    credentials: emulator.credentials,
    endpoints: emulator.endpoints,
    brandHandles: ['shopco'],
  });
  return { emulator, account };
}
