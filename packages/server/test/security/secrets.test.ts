// Connector credentials: sealed at rest, write-only through the API, absent from logs, errors, SSE
// and every response; and re-encrypted under a new key by the rotate-key command.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, waitFor, type TestInbox } from '../../../../tests/support/inbox.ts';
import { startSandboxEmulator, type SandboxEmulator } from '../../../connectors/sandbox/index.ts';
import { REPO_ROOT } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { Account } from '../../src/models/account.ts';
import { SecretBox, type Sealed } from '../../src/secrets/cipher.ts';
import { rotateSecrets } from '../../scripts/rotate-key.ts';

describe('connector secrets', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  const logged: string[] = [];
  const responses: string[] = [];
  let secrets: string[] = [];
  let accountId = '';

  /** Every response body read in this file is kept for the final grep. */
  const call = async (c: TestInbox['admin'], path: string, init?: RequestInit) => {
    const r = await c.getJson(path, init);
    responses.push(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    return r;
  };

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logged.push(String(chunk));
        cb();
      },
    });
    inbox = await startTestInbox({ log: createLogger('trace', sink) });
    emulator = await startSandboxEmulator({ seed: 21 });
    secrets = [String(emulator.credentials.token), String(emulator.credentials.webhookSecret)];
  });
  afterAll(async () => {
    await emulator?.close();
    await inbox?.close();
  });

  it('connects an account through the API: validated, checked with the network, sealed, never echoed', async () => {
    const bad = await call(inbox.admin, '/api/accounts', { method: 'POST', body: JSON.stringify({ network: 'sandbox', name: 'Brand', credentials: { token: 'short' } }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/credentials\.(token|webhookSecret)/);
    const wrong = await call(inbox.admin, '/api/accounts', {
      method: 'POST',
      body: JSON.stringify({ network: 'sandbox', name: 'Brand', credentials: { token: 'wrong-token-12345', webhookSecret: secrets[1] }, endpoints: emulator.endpoints }),
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatch(/did not accept/);
    expect(wrong.body.error).not.toContain('wrong-token-12345');

    const ok = await call(inbox.admin, '/api/accounts', {
      method: 'POST',
      body: JSON.stringify({ network: 'sandbox', name: 'Brand', credentials: emulator.credentials, endpoints: emulator.endpoints, brandHandles: ['shopco'] }),
    });
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ network: 'sandbox', name: 'Brand', hasCredentials: true });
    accountId = ok.body.data.id;
    expect((await call(inbox.admin, '/api/accounts', { method: 'POST', body: JSON.stringify({ network: 'sandbox', name: 'Brand', credentials: emulator.credentials, endpoints: emulator.endpoints }) })).status).toBe(409);

    // At rest: AES-256-GCM under the current key id, no plaintext anywhere in the document.
    const raw = await mongoose.connection.db!.collection('accounts').findOne({ _id: new mongoose.Types.ObjectId(accountId) });
    const doc = JSON.stringify(raw);
    for (const s of secrets) expect(doc).not.toContain(s);
    expect((raw!.sealedCredentials as Sealed).kid).toBe(inbox.box.kid);
  });

  it('polls with the sealed credentials (scheduled on connect) and keeps them out of SSE, lists and errors', async () => {
    const ctrl = new AbortController();
    const res = await inbox.viewer.fetch('/api/stream', { signal: ctrl.signal });
    let seen = '';
    const reader = res.body!.getReader();
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        seen += new TextDecoder().decode(value);
      }
    })();
    await emulator.inject({ count: 3, text: 'Where is my parcel? @shopco' });
    await waitFor(async () => ((await call(inbox.viewer, '/api/conversations')).body.data as Array<{ messageCount: number }>).reduce((n, c) => n + c.messageCount, 0) >= 3, 20_000);
    const d = await emulator.webhookDelivery!({ text: 'webhook one' });
    await fetch(`${inbox.url}/webhooks/sandbox/${accountId}`, { method: 'POST', headers: d.headers as Record<string, string>, body: d.rawBody });
    const forged = await emulator.webhookDelivery!({ forge: true, text: 'forged' });
    responses.push(await (await fetch(`${inbox.url}/webhooks/sandbox/${accountId}`, { method: 'POST', headers: forged.headers as Record<string, string>, body: forged.rawBody })).text());
    await waitFor(() => seen.includes('webhook one'));
    ctrl.abort();
    await reading.catch(() => {});
    responses.push(seen);
    for (const who of [inbox.admin, inbox.agent, inbox.viewer]) await call(who, '/api/accounts');
    await call(inbox.admin, '/api/networks');
    await call(inbox.admin, '/api/audit?limit=200');
    const m = (await call(inbox.admin, '/api/conversations')).body.data[0];
    await call(inbox.agent, `/api/conversations/${m.id}/replies`, { method: 'POST', body: JSON.stringify({ text: 'Sorry!', key: 'secrets-key-01' }) });
    await call(inbox.agent, `/api/conversations/${m.id}`);
  });

  it('replaces credentials write-only: checked first, the old ones kept on refusal', async () => {
    const before = (await Account.findById(accountId).lean())!.sealedCredentials as Sealed;
    const refused = await call(inbox.admin, `/api/accounts/${accountId}`, { method: 'PATCH', body: JSON.stringify({ credentials: { token: 'nope-nope-nope', webhookSecret: 'whatever-secret' } }) });
    expect(refused.status).toBe(422);
    expect(((await Account.findById(accountId).lean())!.sealedCredentials as Sealed).data).toBe(before.data);
    const replaced = await call(inbox.admin, `/api/accounts/${accountId}`, { method: 'PATCH', body: JSON.stringify({ credentials: emulator.credentials, name: 'Brand (main)' }) });
    expect(replaced.status).toBe(200);
    expect(replaced.body.data.name).toBe('Brand (main)');
    expect(((await Account.findById(accountId).lean())!.sealedCredentials as Sealed).data).not.toBe(before.data);
    const disabled = await call(inbox.admin, `/api/accounts/${accountId}`, { method: 'PATCH', body: JSON.stringify({ enabled: false }) });
    expect(disabled.body.data.enabled).toBe(false);
    await call(inbox.admin, `/api/accounts/${accountId}`, { method: 'PATCH', body: JSON.stringify({ enabled: true }) });
  });

  it('finds no credential value in any response or log line of this run', () => {
    expect(responses.length).toBeGreaterThan(15);
    expect(logged.length).toBeGreaterThanOrEqual(5);
    expect(logged.join('')).toContain('webhook refused');
    const all = responses.join('\n') + logged.join('');
    for (const s of [...secrets, 'wrong-token-12345', 'nope-nope-nope']) expect(all.includes(s), s).toBe(false);
    expect(all).not.toMatch(/sealedCredentials|passwordHash|\$argon2/);
  });

  it('rotates the key: every secret re-sealed once, idempotent, and back again through the command', async () => {
    await call(inbox.admin, '/api/accounts', {
      method: 'POST',
      body: JSON.stringify({ network: 'sandbox', name: 'Second', credentials: emulator.credentials, endpoints: emulator.endpoints }),
    });
    const oldBox = inbox.box;
    const newKey = randomBytes(32).toString('base64');
    const newBox = new SecretBox(newKey);
    expect(await rotateSecrets(oldBox, newBox)).toEqual({ rotated: 2, alreadyNew: 0, unknownKey: [] });
    expect(await rotateSecrets(oldBox, newBox)).toEqual({ rotated: 0, alreadyNew: 2, unknownKey: [] });
    for (const a of await Account.find().lean()) {
      expect((a.sealedCredentials as Sealed).kid).toBe(newBox.kid);
      expect(newBox.open(a.sealedCredentials as Sealed)).toEqual(emulator.credentials);
    }
    // And back, through the command itself (env keys; the database this test runs on).
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'packages/server/scripts/rotate-key.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, MONGODB_URI: inbox.testDb.uri, INBOX_DATA_DIR: inbox.dataDir, INBOX_SECRET_KEY: newKey, INBOX_NEW_SECRET_KEY: inbox.secretKey, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('2 re-encrypted, 0 already under the new key');
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(secrets[0]);
    for (const a of await Account.find().lean()) expect((a.sealedCredentials as Sealed).kid).toBe(oldBox.kid);
  });

  it('rotates the data-folder key (demo): generates a new key, re-seals, then replaces secret.key', () => {
    const keyFile = path.join(inbox.dataDir, 'secret.key');
    fs.writeFileSync(keyFile, inbox.secretKey + '\n', { mode: 0o600 });
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'packages/server/scripts/rotate-key.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, MONGODB_URI: inbox.testDb.uri, INBOX_DATA_DIR: inbox.dataDir, INBOX_SECRET_KEY: '', INBOX_NEW_SECRET_KEY: '', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const newKey = fs.readFileSync(keyFile, 'utf8').trim();
    expect(newKey).not.toBe(inbox.secretKey);
    expect(fs.existsSync(keyFile + '.new')).toBe(false);
    expect(r.stdout).not.toContain(newKey);
    return Account.find()
      .lean()
      .then((accounts) => {
        for (const a of accounts) expect(new SecretBox(newKey).open(a.sealedCredentials as Sealed)).toEqual(emulator.credentials);
      });
  });
});
