// A network error that echoes the request URL (access_token in its query) must not carry the token
// into account health (API, SSE, database) or the log: the connect-time redaction rule applies.
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, type TestInbox } from '../../../../tests/support/inbox.ts';
import { startGraphEmulator, type GraphEmulator } from '../../../connectors/sandbox/index.ts';
import { upsertAccount } from '../../src/demo/accounts.ts';
import { createLogger } from '../../src/logger.ts';
import { scrubCredentials } from '../../src/secrets/scrub.ts';

describe('poll errors in account health', () => {
  let inbox: TestInbox;
  let graph: GraphEmulator;
  const logged: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logged.push(String(chunk));
        cb();
      },
    });
    inbox = await startTestInbox({ log: createLogger('trace', sink) });
    graph = await startGraphEmulator({ seed: 3 });
  });
  afterAll(async () => {
    await graph?.close();
    await inbox?.close();
  });

  it('stores, shows and logs a poll failure whose message echoes the token, with the token redacted', async () => {
    const fb = graph.facebook;
    const token = fb.credentials.pageAccessToken;
    const account = await upsertAccount(inbox.registry, inbox.box, { network: 'facebook', name: 'echo', credentials: fb.credentials, endpoints: fb.endpoints, brandHandles: [] });
    fb.throttle({ echoUrl: true, count: 5 });
    const outcome = await inbox.poller.pollAccount(String(account._id));
    expect(outcome.error).toMatch(/access_token=\[redacted\]/);

    const api = JSON.stringify((await inbox.admin.getJson('/api/accounts')).body);
    const stored = JSON.stringify(await mongoose.connection.db!.collection('accounts').findOne({ _id: account._id }));
    expect(api).toContain('[redacted]');
    const where = { api: api.includes(token), database: stored.includes(token), log: logged.join('').includes(token) };
    console.log(`poll error with the token echoed: token found in api=${where.api} database=${where.database} log=${where.log}`);
    expect(where).toEqual({ api: false, database: false, log: false });
  });

  it('redacts credential values as sent or URL-encoded, and token-like URL parameters', () => {
    const creds = { appSecret: 'app|secret value', other: 'abc' };
    const msg = 'failed GET /x?access_token=EAAB123&client_secret=zz&limit=5 app%7Csecret%20value app|secret value';
    expect(scrubCredentials(msg, creds)).toBe('failed GET /x?access_token=[redacted]&client_secret=[redacted]&limit=5 [redacted] [redacted]');
  });
});
