// The review's low findings: per-account sign-in lockout, forged webhooks on their own allowance,
// http(s)-only links, bidi controls, a declared oversized body that never comes, allowed Host names.
import net from 'node:net';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, type TestInbox } from '../../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../../tests/support/sandbox-account.ts';
import type { SandboxEmulator } from '../../../connectors/sandbox/index.ts';
import { createUser } from '../../src/auth/users.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { Message } from '../../src/models/message.ts';

/** Sends raw request bytes and collects the answer until the server closes the connection. */
function raw(port: number, request: string, timeoutMs = 10_000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    const s = net.connect(port, '127.0.0.1', () => s.write(request));
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ text, closed: false });
    }, timeoutMs);
    s.on('data', (d) => (text += d.toString()));
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    s.on('error', () => {});
  });
}

describe('low findings', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let hook = '';

  beforeAll(async () => {
    inbox = await startTestInbox({ env: { INBOX_LOGIN_RATE_LIMIT: '20', INBOX_WEBHOOK_RATE_LIMIT: '10' } });
    const c = await connectSandbox(inbox, { seed: 9 });
    emulator = c.emulator;
    hook = `${inbox.url}/webhooks/sandbox/${String(c.account._id)}`;
    for (const who of ['target', 'neighbour']) await createUser({ email: `${who}@test.local`, password: `${who}-password-1`, role: 'agent' });
  });
  afterAll(async () => {
    await emulator?.close();
    await inbox?.close();
  });

  const login = (email: string, password: string) =>
    fetch(`${inbox.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: inbox.url }, body: JSON.stringify({ email, password }) });

  it('locks one account after repeated failures (even the right password waits), not its neighbours', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login('target@test.local', `wrong-guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await login('target@test.local', 'target-password-1');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await locked.json()) as { code?: string }).code).toBe('account_locked');
    // Same address, another account: not affected.
    expect((await login('neighbour@test.local', 'neighbour-password-1')).status).toBe(200);
  });

  it('answers forged deliveries 429 past their own allowance while genuine ones still get in', async () => {
    const forged = await emulator.webhookDelivery({ forge: true, text: 'forged' });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await fetch(hook, { method: 'POST', headers: forged.headers as Record<string, string>, body: forged.rawBody })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(11).every((s) => s === 429)).toBe(true);
    const genuine = await emulator.webhookDelivery({ text: 'genuine after a forged flood' });
    const res = await fetch(hook, { method: 'POST', headers: genuine.headers as Record<string, string>, body: genuine.rawBody });
    expect(res.status).toBe(200);
    expect(await Message.countDocuments({ text: 'genuine after a forged flood' })).toBe(1);
  });

  it('stores only http(s) links, and names and texts without bidi override controls', async () => {
    const account = { _id: new Types.ObjectId(), brandHandles: [] };
    const base = (id: string, url: string) => ({
      network: 'sandbox' as const,
      externalId: id,
      threadKey: id,
      kind: 'mention' as const,
      visibility: 'public' as const,
      author: { id: 'u', handle: 'evil\u202Egpj.exe', name: '\u2067Admin\u2069 \u202Dsupport' },
      text: 'refund \u202Eplease\u202C now',
      createdAt: new Date().toISOString(),
      url,
      replyTarget: { kind: 'mention' as const, externalId: id, threadKey: id, authorId: 'u' },
    });
    const urls = ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', ' JaVaScRiPt:alert(1)', 'https://example.com/p/1', 'http://example.com/p/2'];
    await ingest(account, urls.map((u, i) => base(`link-${i}`, u)));
    const docs = await Message.find({ account: account._id }).sort({ externalId: 1 }).lean();
    expect(docs.map((d) => d.url)).toEqual([null, null, null, null, 'https://example.com/p/1', 'http://example.com/p/2']);
    for (const d of docs) {
      expect(`${d.text}|${d.author?.handle}|${d.author?.name}`).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(d.text).toBe('refund please now');
    }
  });

  it('answers 413 and closes the connection when a request declares an oversized body and sends none', async () => {
    const host = `127.0.0.1:${inbox.port}`;
    for (const path of ['/api/auth/login', hook.replace(inbox.url, '')]) {
      const r = await raw(inbox.port, `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n`);
      expect(r.text.split('\r\n')[0], path).toBe('HTTP/1.1 413 Payload Too Large');
      expect(r.closed, path).toBe(true);
    }
  });
});

describe('INBOX_ALLOWED_HOSTS', () => {
  it('answers only the configured host names', async () => {
    const inbox = await startTestInbox({ env: { INBOX_ALLOWED_HOSTS: 'inbox.example.com, 127.0.0.1' } });
    try {
      const ok = await raw(inbox.port, `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${inbox.port}\r\nConnection: close\r\n\r\n`);
      expect(ok.text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
      const named = await raw(inbox.port, `GET /api/health HTTP/1.1\r\nHost: inbox.example.com\r\nConnection: close\r\n\r\n`);
      expect(named.text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
      const other = await raw(inbox.port, `GET /api/health HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n`);
      expect(other.text.split('\r\n')[0]).toBe('HTTP/1.1 421 Misdirected Request');
    } finally {
      await inbox.close();
    }
  });
});
