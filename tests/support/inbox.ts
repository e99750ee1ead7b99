import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { startInbox, type Inbox } from '../../packages/server/src/inbox.ts';
import { loadConfig } from '../../packages/server/src/config.ts';
import { startTestDb, tempDir, type TestDb } from './db.ts';

export interface TestInbox extends Inbox {
  testDb: TestDb;
  close(): Promise<void>;
}

/** The whole server on a free port against its own fresh FerretDB; demo networks off unless asked. */
export async function startTestInbox(opts: { demo?: boolean } = {}): Promise<TestInbox> {
  const testDb = await startTestDb();
  const dataDir = tempDir('inbox-data-');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: testDb.uri,
    INBOX_DATA_DIR: dataDir,
    INBOX_DEMO: opts.demo ? '1' : '0',
    INBOX_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
  });
  const inbox = await startInbox(config);
  return {
    ...inbox,
    url: `http://127.0.0.1:${inbox.port}`,
    testDb,
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

// `any` by default: tests read whatever JSON the route answered and assert on it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function getJson<T = any>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON; keep the text
  }
  return { status: res.status, body: body as T };
}
