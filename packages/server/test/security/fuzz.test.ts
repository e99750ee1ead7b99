// Thousands of random and mutated bodies (fixed seed) against the webhook and the API routes:
// no 500, the server stays up, and nothing is stored by a refused request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, type TestInbox } from '../../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../../tests/support/sandbox-account.ts';
import type { SandboxEmulator } from '../../../connectors/sandbox/index.ts';
import { hmacSha256 } from '@inbox/connectors';
import { Conversation } from '../../src/models/conversation.ts';
import { Reply } from '../../src/models/reply.ts';
import { User } from '../../src/models/user.ts';
import { Account } from '../../src/models/account.ts';
import { seededRandom as rng } from '../../../connectors/sandbox/texts.ts';

const N = Number(process.env.FUZZ_N ?? 3000);

describe('fuzz', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let accountId = '';
  let conversationId = '';
  let victimId = '';
  let secret = '';

  beforeAll(async () => {
    inbox = await startTestInbox({ env: { INBOX_LOGIN_RATE_LIMIT: '100000', INBOX_WEBHOOK_RATE_LIMIT: '100000' } });
    const c = await connectSandbox(inbox, { seed: 31 });
    emulator = c.emulator;
    accountId = String(c.account._id);
    secret = String(emulator.credentials.webhookSecret);
    await emulator.inject({ count: 2 });
    await inbox.poller.pollAccount(accountId);
    conversationId = String((await Conversation.findOne().lean())!._id);
    victimId = (await inbox.admin.getJson('/api/users', { method: 'POST', body: JSON.stringify({ email: 'victim@test.local', role: 'viewer', password: 'victim-password' }) })).body.data.id;
  });
  afterAll(async () => {
    await emulator?.close();
    await inbox?.close();
  });

  it(`survives ${N} random and mutated requests`, async () => {
    const rand = rng(20240611);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const KEYS = ['status', 'assignee', 'labels', 'text', 'key', 'email', 'password', 'role', 'name', 'disabled', 'network', 'credentials', 'endpoints', 'enabled', 'brandHandles', '$gt', '$where', '$ne', 'a.b', '__proto__', 'constructor', 'event', 'message', 'id', 'thread_id', '', ' ', 'ü', '\u0000'];
    const STRINGS = ['', ' ', 'open', 'closed', 'admin', 'agent', 'x'.repeat(5000), '<script>alert(1)</script>', "'; DROP TABLE users; --", '{"$gt":""}', '$where', 'a.b', '\u0000', '\ud800', '🙂'.repeat(50), 'sandbox', 'a@b.c', '0123456789abcdef01234567', 'NaN', '-1', '1e400'];
    const value = (d: number): unknown => {
      const r = rand();
      if (d > 3 || r < 0.3) return pick(STRINGS);
      if (r < 0.45) return pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER]);
      if (r < 0.55) return pick([true, false, null]);
      if (r < 0.75) return Array.from({ length: Math.floor(rand() * 4) }, () => value(d + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 5); i > 0; i--) o[pick(KEYS)] = value(d + 1);
      return o;
    };
    const templates: Record<string, () => Record<string, unknown>> = {
      login: () => ({ email: 'admin@test.local', password: 'wrong-but-valid-shape' }),
      patchMention: () => ({ status: 'pending', assignee: 'someone@test.local', labels: ['a'] }),
      reply: () => ({ text: 'Thanks', key: `fuzz-${Math.floor(rand() * 1e9)}` }),
      createUser: () => ({ email: `f${Math.floor(rand() * 1e9)}@test.local`, role: 'agent', password: 'fuzz-password-1' }),
      patchUser: () => ({ role: 'viewer', name: 'Victim' }),
      connect: () => ({ network: 'sandbox', name: `fuzz-${Math.floor(rand() * 1e9)}`, credentials: { token: 'bad-token-123', webhookSecret: 'bad-secret-123' }, endpoints: { api: 'http://127.0.0.1:9' } }),
      patchAccount: () => ({ brandHandles: ['shopco'] }),
      webhook: () => ({ event: 'message.created', message: { id: `m${Math.floor(rand() * 1e9)}`, thread_id: 't1', kind: 'mention', visibility: 'public', text: 'fuzz', created_at: new Date().toISOString(), author: { id: 'u1', handle: 'h', name: 'n', followers: 1 } } }),
    };
    const mutate = (t: Record<string, unknown>): unknown => {
      const o: Record<string, unknown> = structuredClone(t);
      const keys = Object.keys(o);
      for (let i = 1 + Math.floor(rand() * 3); i > 0; i--) {
        const r = rand();
        if (r < 0.3 && keys.length) delete o[pick(keys)];
        else if (r < 0.7 && keys.length) o[pick(keys)] = value(1);
        else o[pick(KEYS)] = value(1);
      }
      return rand() < 0.1 ? [o] : o;
    };
    const bodyFor = (kind: string): string => {
      const r = rand();
      if (r < 0.5) return JSON.stringify(mutate(templates[kind]!()));
      if (r < 0.8) return JSON.stringify(value(0));
      const s = JSON.stringify(templates[kind]!());
      // Truncated, spliced or byte-flipped JSON.
      if (r < 0.9) return s.slice(0, Math.floor(rand() * s.length));
      const i = Math.floor(rand() * s.length);
      return s.slice(0, i) + String.fromCharCode(Math.floor(rand() * 256)) + s.slice(i + 1);
    };
    const routes: Array<[string, string, string]> = [
      ['login', 'POST', '/api/auth/login'],
      ['patchMention', 'PATCH', `/api/conversations/${conversationId}`],
      ['reply', 'POST', `/api/conversations/${conversationId}/replies`],
      ['createUser', 'POST', '/api/users'],
      ['patchUser', 'PATCH', `/api/users/${victimId}`],
      ['connect', 'POST', '/api/accounts'],
      ['patchAccount', 'PATCH', `/api/accounts/${accountId}`],
      ['webhook', 'POST', `/webhooks/sandbox/${accountId}`],
    ];

    const count = () => Promise.all([Conversation.countDocuments(), Reply.countDocuments(), User.countDocuments(), Account.countDocuments()]);
    const before = await count();
    const expected = [...before];
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (let i = 0; i < N; i++) {
      const [kind, method, path] = pick(routes);
      let res: Response;
      let body: string;
      if (kind === 'webhook') {
        body = bodyFor(kind);
        const signed = rand() < 0.7;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (signed) headers['x-sandbox-signature'] = `sha256=${hmacSha256(secret, body).toString('hex')}`;
        res = await fetch(inbox.url + path, { method, headers, body });
      } else if (rand() < 0.1) {
        // A random query string on a list route.
        const enc = (v: unknown) => {
          try {
            return encodeURIComponent(String(v));
          } catch {
            return '%ED%A0%80%'; // a lone surrogate: invalid UTF-8 and a dangling %
          }
        };
        const q = `${enc(pick(KEYS))}=${enc(value(2))}&${pick(['limit', 'cursor', 'order', 'action', 'status'])}=${enc(value(3))}`;
        body = q;
        res = await inbox.admin.fetch(`${pick(['/api/conversations', '/api/audit', '/api/users', '/api/accounts'])}?${q}`);
      } else {
        body = bodyFor(kind);
        res = await inbox.admin.fetch(path, { method, body });
      }
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      // 502: the network refused a (valid) reply; the failed attempt is kept as a draft by design.
      if (res.status >= 500 && !(kind === 'reply' && res.status === 502)) failures.push(`${res.status} ${method} ${path} ${body.slice(0, 200)} -> ${text.slice(0, 200)}`);
      if (res.status < 300 || res.status === 502) {
        const json = JSON.parse(text) as { stored?: number; data?: { id?: string } };
        if (kind === 'webhook' && typeof json.stored === 'number') expected[0]! += json.stored;
        if (kind === 'reply' && (res.status === 201 || res.status === 502)) expected[1]! += 1;
        if (kind === 'createUser' && res.status === 201) expected[2]! += 1;
        if (kind === 'connect' && res.status === 201) expected[3]! += 1;
      }
    }
    expect(failures).toEqual([]);
    expect((await inbox.anon.getJson('/api/health')).status).toBe(200);
    expect(await count()).toEqual(expected);
    // Most requests are refused; some (valid mutations) go through.
    const refused = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
    expect(refused).toBeGreaterThan(N * 0.7);
    console.log(`fuzz: ${N} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, stored ${JSON.stringify(expected.map((e, i) => e - before[i]!))}`);
  });
});
