// Sign-in, sessions, CSRF, rate limits, body limits, injection, headers and the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, type TestInbox } from '../../../../tests/support/inbox.ts';
import { client, TEST_PASSWORD } from '../../../../tests/support/auth.ts';
import { connectSandbox } from '../../../../tests/support/sandbox-account.ts';
import type { SandboxEmulator } from '../../../connectors/sandbox/index.ts';
import { Conversation } from '../../src/models/conversation.ts';
import { User } from '../../src/models/user.ts';
import { Account } from '../../src/models/account.ts';
import { Audit } from '../../src/models/audit.ts';

describe('sign-in, sessions and hardening', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let conversationId = '';
  let accountId = '';

  beforeAll(async () => {
    inbox = await startTestInbox({ env: { INBOX_LOGIN_RATE_LIMIT: '5', INBOX_WEBHOOK_RATE_LIMIT: '30', INBOX_SESSION_IDLE_MINUTES: '0.15' } });
    const c = await connectSandbox(inbox, { seed: 5 });
    emulator = c.emulator;
    accountId = String(c.account._id);
    await emulator.inject({ count: 2 });
    await inbox.poller.pollAccount(accountId);
    conversationId = String((await Conversation.findOne().lean())!._id);
  });
  afterAll(async () => {
    await emulator?.close();
    await inbox?.close();
  });

  const login = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${inbox.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: inbox.url, ...headers }, body: JSON.stringify(body) });

  it('signs in with a session cookie that is HttpOnly and SameSite, stores only an argon2id hash, and signs out', async () => {
    const res = await login({ email: 'ADMIN@test.local', password: TEST_PASSWORD.admin });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({ email: 'admin@test.local', role: 'admin' });
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|argon2/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('inbox.sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/); // plain http in tests; `auto` sets it on https
    const stored = await User.findOne({ email: 'admin@test.local' }).lean();
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);

    const c = client(inbox.url, cookie.split(';')[0]!);
    expect((await c.getJson('/api/auth/me')).body.data.email).toBe('admin@test.local');
    expect((await c.fetch('/api/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await c.getJson('/api/auth/me')).body).toEqual({ data: null });
    expect((await c.getJson('/api/conversations')).status).toBe(401);
  });

  it('refuses a wrong password, an unknown email and a disabled user with the same message', async () => {
    await User.updateOne({ email: 'viewer@test.local' }, { $set: { disabled: true } });
    const answers = [];
    for (const b of [
      { email: 'admin@test.local', password: 'not-the-password' },
      { email: 'ghost@test.local', password: 'whatever-password' },
      { email: 'viewer@test.local', password: TEST_PASSWORD.viewer },
    ]) {
      const r = await login(b);
      answers.push([r.status, ((await r.json()) as { error: string }).error]);
    }
    await User.updateOne({ email: 'viewer@test.local' }, { $set: { disabled: false } });
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual([401, 'email or password is incorrect']);
  });

  it('ends an idle session (rolling expiry)', async () => {
    const c = await inbox.signIn('agent@test.local', TEST_PASSWORD.agent);
    // Idle limit 9 s. Two 5 s pauses (10 s in all, more than the limit) with a request between
    // them keep the session, because each request extends it (4 s of slack per pause for a slow
    // machine); 10.5 s without a request ends it.
    await new Promise((r) => setTimeout(r, 5000));
    expect((await c.getJson('/api/conversations')).status).toBe(200); // a request extends the session
    await new Promise((r) => setTimeout(r, 5000));
    expect((await c.getJson('/api/conversations')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 10_500));
    expect((await c.getJson('/api/conversations')).status).toBe(401);
    expect((await c.getJson('/api/auth/me')).body.data).toBeNull();
    // The other test sessions idled out too: sign in again for the tests that follow.
    inbox.admin = await inbox.signIn('admin@test.local', TEST_PASSWORD.admin);
    inbox.agent = await inbox.signIn('agent@test.local', TEST_PASSWORD.agent);
  });

  it('refuses cross-site changes (CSRF): no Origin, a foreign Origin, Sec-Fetch-Site cross-site', async () => {
    const body = JSON.stringify({ status: 'closed' });
    const url = `${inbox.url}/api/conversations/${conversationId}`;
    const cookie = inbox.admin.cookie;
    for (const headers of [
      { cookie, 'content-type': 'application/json' } as Record<string, string>,
      { cookie, 'content-type': 'application/json', origin: 'https://evil.example' },
      { cookie, 'content-type': 'application/json', origin: inbox.url, 'sec-fetch-site': 'cross-site' },
      { cookie, 'content-type': 'application/json', referer: 'https://evil.example/page' },
    ]) {
      const res = await fetch(url, { method: 'PATCH', headers, body });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/cross-site/);
    }
    expect((await Conversation.findById(conversationId).lean())!.status).not.toBe('closed');
    // The same request from the site itself goes through.
    expect((await inbox.admin.getJson(url, { method: 'PATCH', body, headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
  });

  it('refuses MongoDB operator injection, $where, dotted and __proto__ keys, storing nothing', async () => {
    const before = await Promise.all([Conversation.countDocuments(), User.countDocuments(), Account.countDocuments()]);
    const bodies: Array<[string, string, string]> = [
      ['POST', '/api/auth/login', '{"email":{"$gt":""},"password":{"$gt":""}}'],
      ['POST', '/api/auth/login', '{"email":"admin@test.local","password":{"$ne":null}}'],
      ['POST', '/api/auth/login', '{"$where":"1==1","email":"a@b.c","password":"x"}'],
      ['PATCH', `/api/conversations/${conversationId}`, '{"status":{"$gt":""}}'],
      ['PATCH', `/api/conversations/${conversationId}`, '{"$set":{"status":"closed"}}'],
      ['PATCH', `/api/conversations/${conversationId}`, '{"assignee.name":"x"}'],
      ['PATCH', `/api/conversations/${conversationId}`, '{"labels":[{"$where":"sleep(1000)"}]}'],
      ['PATCH', `/api/conversations/${conversationId}`, '{"__proto__":{"admin":true},"status":"open"}'],
      ['POST', '/api/users', '{"email":"x@test.local","role":"admin","password":"long-enough-1","__proto__":{"role":"admin"}}'],
      ['POST', '/api/users', '{"email":{"$regex":".*"},"role":"admin","password":"long-enough-1"}'],
      ['POST', '/api/accounts', '{"network":"sandbox","name":"inj","credentials":{"token":{"$gt":""},"webhookSecret":"abcdefghij"}}'],
      ['POST', '/api/accounts', '{"network":"sandbox","name":"inj","credentials":{"a.b":"abcdefghij"}}'],
      ['PATCH', `/api/accounts/${accountId}`, '{"name":"x","sealedCredentials":{"kid":"x"}}'],
      ['PATCH', `/api/users/${conversationId}`, '{"role":{"$in":["admin"]}}'],
    ];
    for (const [method, path, body] of bodies) {
      const r = await inbox.admin.getJson(path, { method, body });
      expect(r.status, `${method} ${path} ${body}`).toBe(400);
    }
    for (const q of ['status[$ne]=open', 'status=%7B%22%24gt%22%3A%22%22%7D', '%24where=1', 'a.b=1', '__proto__=x']) {
      expect((await inbox.admin.getJson(`/api/conversations?${q}`)).status, q).toBe(400);
    }
    expect((await inbox.admin.getJson('/api/audit?action[$ne]=x')).status).toBe(400);
    const after = await Promise.all([Conversation.countDocuments(), User.countDocuments(), Account.countDocuments()]);
    expect(after).toEqual(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await User.countDocuments({ role: 'admin' })).toBe(1);
  });

  it('refuses oversized bodies with 413 and bad JSON with 400, without a stack trace', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(100 * 1024), key: 'big-key-0001' });
    const r = await inbox.admin.getJson(`/api/conversations/${conversationId}/replies`, { method: 'POST', body: big });
    expect(r.status).toBe(413);
    expect(r.body).toEqual({ error: 'request body too large' });
    const bad = await inbox.admin.getJson(`/api/conversations/${conversationId}`, { method: 'PATCH', body: '{"status": "open",' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    const hook = await fetch(`${inbox.url}/webhooks/sandbox/${accountId}`, { method: 'POST', body: Buffer.alloc(2 * 1024 * 1024, 'a') });
    expect(hook.status).toBe(413);
  });

  it('sends a strict CSP and the other security headers', async () => {
    const res = await fetch(`${inbox.url}/api/health`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const health = (await res.json()) as Record<string, unknown>;
    expect(JSON.stringify(health)).not.toMatch(/mongodb:|password|secret|version/i);
  });

  it('rate-limits webhook deliveries', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await fetch(`${inbox.url}/webhooks/sandbox/${accountId}`, { method: 'POST', body: '{}' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses).toContain(429);
  });

  it('manages users: create with a role (who signs in at once), change role, refuse to lose the last admin', async () => {
    const created = await inbox.admin.getJson('/api/users', { method: 'POST', body: JSON.stringify({ email: 'New.Agent@test.local', role: 'agent', password: 'fresh-password-1' }) });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ email: 'new.agent@test.local', role: 'agent', disabled: false });
    expect(JSON.stringify(created.body)).not.toContain('fresh-password-1');
    const newcomer = await inbox.signIn('new.agent@test.local', 'fresh-password-1');
    expect((await newcomer.getJson('/api/auth/me')).body.data.role).toBe('agent');
    const dup = await inbox.admin.getJson('/api/users', { method: 'POST', body: JSON.stringify({ email: 'new.agent@test.local', role: 'agent', password: 'fresh-password-1' }) });
    expect(dup.status).toBe(409);
    const short = await inbox.admin.getJson('/api/users', { method: 'POST', body: JSON.stringify({ email: 'x@test.local', role: 'agent', password: 'short' }) });
    expect(short.status).toBe(400);
    expect(short.body.error).toContain('password');

    const me = (await inbox.admin.getJson('/api/auth/me')).body.data;
    const demote = await inbox.admin.getJson(`/api/users/${me.id}`, { method: 'PATCH', body: JSON.stringify({ role: 'agent' }) });
    expect(demote.status).toBe(409);
    const role = await inbox.admin.getJson(`/api/users/${created.body.data.id}`, { method: 'PATCH', body: JSON.stringify({ role: 'viewer' }) });
    expect(role.body.data.role).toBe('viewer');
    // The role change ended the newcomer's session; the next sign-in has the new role.
    expect((await newcomer.getJson('/api/auth/me')).body.data).toBeNull();
    expect((await (await inbox.signIn('new.agent@test.local', 'fresh-password-1')).getJson('/api/auth/me')).body.data.role).toBe('viewer');
  });

  it('keeps an append-only audit log of who did what, for admins, paginated and filtered', async () => {
    await inbox.agent.getJson(`/api/conversations/${conversationId}`, { method: 'PATCH', body: JSON.stringify({ assignee: 'agent@test.local' }) });
    // (An earlier test may have closed it: only a change is audited.)
    await inbox.agent.getJson(`/api/conversations/${conversationId}`, { method: 'PATCH', body: JSON.stringify({ status: 'open' }) });
    await inbox.agent.getJson(`/api/conversations/${conversationId}`, { method: 'PATCH', body: JSON.stringify({ status: 'closed' }) });
    await inbox.agent.getJson(`/api/conversations/${conversationId}/replies`, { method: 'POST', body: JSON.stringify({ text: 'On it', key: 'audit-key-1' }) });
    const connected = await inbox.admin.getJson('/api/accounts', { method: 'POST', body: JSON.stringify({ network: 'sandbox', name: 'audited', credentials: emulator.credentials, endpoints: emulator.endpoints }) });
    expect(connected.status).toBe(201);
    await inbox.admin.getJson(`/api/accounts/${accountId}`, { method: 'PATCH', body: JSON.stringify({ credentials: emulator.credentials }) });
    await inbox.admin.getJson(`/api/accounts/${accountId}`, { method: 'PATCH', body: JSON.stringify({ enabled: true }) });
    const actions = new Set((await Audit.find().lean()).map((a) => a.action));
    for (const a of ['auth.login', 'auth.login_failed', 'auth.logout', 'user.create', 'user.role', 'conversation.assign', 'conversation.status', 'conversation.reply', 'account.connect', 'account.credentials', 'account.update']) {
      expect(actions, a).toContain(a);
    }
    const page1 = await inbox.admin.getJson('/api/audit?limit=3');
    expect(page1.body.data).toHaveLength(3);
    const page2 = await inbox.admin.getJson(`/api/audit?limit=3&cursor=${page1.body.nextCursor}`);
    expect(page2.body.data[0].id).not.toBe(page1.body.data[2].id);
    expect(page1.body.data[0].at >= page2.body.data[0].at).toBe(true);
    const closes = await inbox.admin.getJson('/api/audit?action=conversation.status');
    expect(closes.body.data[0]).toMatchObject({ action: 'conversation.status', actor: { email: 'agent@test.local', role: 'agent' }, details: { status: 'closed' } });
    const failed = await inbox.admin.getJson('/api/audit?action=auth.login_failed');
    expect(failed.body.data.length).toBeGreaterThan(0);
    expect(JSON.stringify(failed.body)).not.toMatch(/not-the-password|guess-/);
    // Read only through the API.
    const n = await Audit.countDocuments();
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) {
      const r = await inbox.admin.getJson(`/api/audit${method === 'POST' ? '' : `/${page1.body.data[0].id}`}`, { method, body: '{}' });
      expect(r.status, method).toBe(404);
    }
    expect(await Audit.countDocuments()).toBe(n);
    expect((await inbox.agent.getJson('/api/audit')).status).toBe(403);
  });

  it('rate-limits failed sign-ins per client address and account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login({ email: 'admin@test.local', password: `guess-${i}-xxxxxx` })).status);
    expect(statuses).toContain(429);
    // Earlier failures in this file count too: the 429 comes at the latest after 5.
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // While the account is blocked even the right password waits (the limiter is no password oracle)...
    expect((await login({ email: 'admin@test.local', password: TEST_PASSWORD.admin })).status).toBe(429);
    // ...but another user behind the same address is not locked out by those failures.
    expect((await login({ email: 'agent@test.local', password: TEST_PASSWORD.agent })).status).toBe(200);
  });
});
