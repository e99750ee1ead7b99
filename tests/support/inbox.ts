import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { startInbox, type Inbox } from '../../packages/server/src/inbox.ts';
import { loadConfig } from '../../packages/server/src/config.ts';
import { createUser } from '../../packages/server/src/auth/users.ts';
import type { Logger } from '../../packages/server/src/logger.ts';
import { startTestDb, tempDir, type TestDb } from './db.ts';
import { TEST_PASSWORD, client, signIn, testEmail, type Client } from './auth.ts';
import { createLogger } from '../../packages/server/src/logger.ts';
import { recordSecrets, serverLogDestination } from './artifacts.ts';

export interface TestInbox extends Inbox {
  testDb: TestDb;
  dataDir: string;
  secretKey: string;
  /** Signed in as the admin (admin@test.local), the agent and the viewer; and no session at all. */
  admin: Client;
  agent: Client;
  viewer: Client;
  anon: Client;
  signIn(email: string, password: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * The whole server on a free port against its own fresh FerretDB; demo networks off unless asked.
 * An admin, an agent and a viewer exist (passwords in TEST_PASSWORD) and are signed in.
 */
export async function startTestInbox(opts: { demo?: boolean; env?: Record<string, string>; log?: Logger } = {}): Promise<TestInbox> {
  const testDb = await startTestDb();
  const dataDir = tempDir('inbox-data-');
  const secretKey = randomBytes(32).toString('base64');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: testDb.uri,
    INBOX_DATA_DIR: dataDir,
    INBOX_DEMO: opts.demo ? '1' : '0',
    INBOX_SECRET_KEY: secretKey,
    LOG_LEVEL: 'silent',
    INBOX_ADMIN_EMAIL: testEmail('admin'),
    INBOX_ADMIN_PASSWORD: TEST_PASSWORD.admin,
    ...opts.env,
  });
  // Unless the test brings its own logger, log at debug level into the run's artifacts, which the
  // global teardown scans for credential values.
  const dest = opts.log ? undefined : serverLogDestination();
  const log = opts.log ?? (dest ? createLogger('debug', dest) : undefined);
  const inbox = await startInbox(config, log ? { log } : {});
  // Every credential the server seals from now on (API connects, test accounts) is remembered.
  const seal = inbox.box.seal.bind(inbox.box);
  inbox.box.seal = (value: unknown) => {
    recordSecrets(value);
    return seal(value);
  };
  const url = `http://127.0.0.1:${inbox.port}`;
  for (const role of ['agent', 'viewer'] as const) await createUser({ email: testEmail(role), password: TEST_PASSWORD[role], role });
  const [admin, agent, viewer] = await Promise.all((['admin', 'agent', 'viewer'] as const).map((r) => signIn(url, testEmail(r), TEST_PASSWORD[r])));
  return {
    ...inbox,
    url,
    testDb,
    dataDir,
    secretKey,
    admin: admin!,
    agent: agent!,
    viewer: viewer!,
    anon: client(url),
    signIn: (email, password) => signIn(url, email, password),
    async close() {
      await inbox.stop();
      await testDb.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes (for asynchronous arrivals, not timing). */
export async function waitFor<T>(fn: () => Promise<T> | T, timeoutMs = 15_000, stepMs = 100): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
