// Every API route × every role (and no session): the server answers what the role allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, type TestInbox } from '../../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../../tests/support/sandbox-account.ts';
import type { Client } from '../../../../tests/support/auth.ts';
import type { SandboxEmulator } from '../../../connectors/sandbox/index.ts';
import { createApp } from '../../src/api/app.ts';
import { listRoutes } from '../../src/api/routes-list.ts';
import { createUser } from '../../src/auth/users.ts';
import { Conversation } from '../../src/models/conversation.ts';
import { Message } from '../../src/models/message.ts';
import { CannedReply } from '../../src/models/canned-reply.ts';

type Who = 'anon' | 'viewer' | 'agent' | 'admin';
const WHO: Who[] = ['anon', 'viewer', 'agent', 'admin'];

interface Row {
  route: string;
  path: () => string;
  body?: (who: Who) => unknown;
  expect: Record<Who, number>;
  /** Uses a fresh session (the request ends it). */
  fresh?: boolean;
}

describe('route × role', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let accountId = '';
  let conversationId = '';
  let userId = '';
  let messageId = '';
  let cannedId = '';
  const clients = {} as Record<Who, Client>;

  beforeAll(async () => {
    inbox = await startTestInbox();
    const c = await connectSandbox(inbox, { seed: 3 });
    emulator = c.emulator;
    accountId = String(c.account._id);
    await emulator.inject({ count: 3 });
    await inbox.poller.pollAccount(accountId);
    conversationId = String((await Conversation.findOne().lean())!._id);
    messageId = String((await Message.findOne().lean())!._id);
    cannedId = String((await CannedReply.create({ title: 'Hello', text: 'Hi {{customer.name}}', createdAt: new Date(), updatedAt: new Date() }))._id);
    userId = String((await createUser({ email: 'someone@test.local', password: 'someone-password', role: 'viewer' }))._id);
    Object.assign(clients, { anon: inbox.anon, viewer: inbox.viewer, agent: inbox.agent, admin: inbox.admin });
  });
  afterAll(async () => {
    await emulator?.close();
    await inbox?.close();
  });

  const all = (s: number) => ({ anon: s, viewer: s, agent: s, admin: s });
  const signedIn = (s: number) => ({ anon: 401, viewer: s, agent: s, admin: s });
  const agents = (s: number) => ({ anon: 401, viewer: 403, agent: s, admin: s });
  const admins = (s: number) => ({ anon: 401, viewer: 403, agent: 403, admin: s });

  const rows: Row[] = [
    { route: 'GET /health', path: () => '/api/health', expect: all(200) },
    { route: 'POST /auth/login', path: () => '/api/auth/login', body: () => ({ email: 'nobody@test.local', password: 'wrong-password' }), expect: all(401) },
    { route: 'POST /auth/logout', path: () => '/api/auth/logout', fresh: true, expect: all(204) },
    { route: 'POST /auth/password', path: () => '/api/auth/password', body: () => ({ currentPassword: 'not-the-password', newPassword: 'a-new-long-password' }), expect: all(401) },
    { route: 'GET /auth/me', path: () => '/api/auth/me', expect: all(200) }, // data: null without a session
    { route: 'GET /conversations', path: () => '/api/conversations', expect: signedIn(200) },
    { route: 'GET /conversations/counts', path: () => '/api/conversations/counts', expect: signedIn(200) },
    { route: 'GET /conversations/:id', path: () => `/api/conversations/${conversationId}`, expect: signedIn(200) },
    { route: 'PATCH /conversations/:id', path: () => `/api/conversations/${conversationId}`, body: () => ({ status: 'pending', assignee: 'agent@test.local' }), expect: agents(200) },
    { route: 'POST /conversations/:id/replies', path: () => `/api/conversations/${conversationId}/replies`, body: (w) => ({ text: `Reply from ${w}`, key: `role-key-${w}` }), expect: agents(201) },
    { route: 'POST /conversations/:id/notes', path: () => `/api/conversations/${conversationId}/notes`, body: (w) => ({ text: `Note by ${w}` }), expect: agents(201) },
    { route: 'POST /conversations/:id/presence', path: () => `/api/conversations/${conversationId}/presence`, body: () => ({ state: 'viewing' }), expect: agents(200) },
    { route: 'POST /conversations/bulk', path: () => '/api/conversations/bulk', body: () => ({ ids: [conversationId], action: { type: 'label', label: 'bulk' } }), expect: agents(200) },
    { route: 'PATCH /messages/:id/complaint', path: () => `/api/messages/${messageId}/complaint`, body: () => ({ flag: true }), expect: agents(200) },
    { route: 'GET /canned-replies', path: () => '/api/canned-replies', expect: signedIn(200) },
    { route: 'POST /canned-replies', path: () => '/api/canned-replies', body: (w) => ({ title: `By ${w}`, text: 'Thanks {{customer.name}}' }), expect: admins(201) },
    { route: 'PATCH /canned-replies/:id', path: () => `/api/canned-replies/${cannedId}`, body: (w) => ({ title: `Renamed by ${w}` }), expect: admins(200) },
    { route: 'DELETE /canned-replies/:id', path: () => `/api/canned-replies/${cannedId}`, expect: admins(200) },
    { route: 'GET /accounts', path: () => '/api/accounts', expect: signedIn(200) },
    { route: 'GET /networks', path: () => '/api/networks', expect: admins(200) },
    {
      route: 'POST /accounts',
      path: () => '/api/accounts',
      body: (w) => ({ network: 'sandbox', name: `by-${w}`, credentials: emulator.credentials, endpoints: emulator.endpoints }),
      expect: admins(201),
    },
    { route: 'PATCH /accounts/:id', path: () => `/api/accounts/${accountId}`, body: (w) => ({ name: `renamed-by-${w}` }), expect: admins(200) },
    { route: 'GET /users', path: () => '/api/users', expect: admins(200) },
    { route: 'POST /users', path: () => '/api/users', body: (w) => ({ email: `new-${w}@test.local`, role: 'agent', password: 'a-long-password' }), expect: admins(201) },
    { route: 'PATCH /users/:id', path: () => `/api/users/${userId}`, body: (w) => ({ name: `named by ${w}` }), expect: admins(200) },
    { route: 'GET /audit', path: () => '/api/audit', expect: admins(200) },
    { route: 'GET /analytics/volume', path: () => '/api/analytics/volume?bucket=day&by=lang', expect: signedIn(200) },
    { route: 'GET /analytics/responses', path: () => '/api/analytics/responses?bucket=week', expect: signedIn(200) },
    { route: 'GET /alerts', path: () => '/api/alerts', expect: signedIn(200) },
    // No alert with this id: agents and admins get as far as looking it up.
    { route: 'POST /alerts/:id/ack', path: () => '/api/alerts/volume.network.sandbox.0/ack', expect: agents(404) },
    { route: 'GET /export.csv', path: () => '/api/export.csv', expect: signedIn(200) },
    { route: 'GET /stream', path: () => '/api/stream', expect: signedIn(200) },
    { route: '(unknown)', path: () => '/api/no-such-route', expect: signedIn(404) },
    { route: 'ALL /:network/:accountId', path: () => `/webhooks/sandbox/${accountId}`, body: () => ({ event: 'message.created' }), expect: all(401) },
  ];

  it('covers every route the app declares', () => {
    const app = createApp({
      registry: inbox.registry,
      box: inbox.box,
      bus: inbox.bus,
      log: inbox.log,
      embeddedDb: false,
      auth: { secret: 'x', cookieSecure: 'auto', idleMs: 60_000, trustProxy: 0, loginRateLimit: 10, webhookRateLimit: 10 },
    });
    const declared = listRoutes(app).filter((r) => !r.includes('{*splat}') && r !== 'GET /');
    const covered = new Set(rows.map((r) => r.route));
    expect(declared.filter((r) => !covered.has(r))).toEqual([]);
    expect(declared.length).toBeGreaterThanOrEqual(15);
  });

  for (const row of rows) {
    it(`${row.route}: ${WHO.map((w) => `${w} ${row.expect[w]}`).join(', ')}`, async () => {
      for (const who of WHO) {
        let c = clients[who];
        if (row.fresh && who !== 'anon') c = await inbox.signIn(`${who}@test.local`, `${who}-password-for-tests`);
        const method = row.route.startsWith('(') || row.route.startsWith('ALL') ? (row.body ? 'POST' : 'GET') : row.route.split(' ')[0]!;
        const ctrl = new AbortController();
        const res = await c.fetch(row.path(), { method, signal: ctrl.signal, ...(row.body ? { body: JSON.stringify(row.body(who)) } : {}) });
        if (res.headers.get('content-type')?.includes('text/event-stream')) ctrl.abort();
        else await res.text();
        expect(res.status, `${who} ${method} ${row.path()}`).toBe(row.expect[who]);
      }
    });
  }

  it('a role change or a disabled user takes effect on the next request', async () => {
    const agent = await inbox.signIn('agent@test.local', 'agent-password-for-tests');
    const users = await inbox.admin.getJson('/api/users');
    const agentId = users.body.data.find((u: { email: string }) => u.email === 'agent@test.local').id;
    expect((await inbox.admin.getJson(`/api/users/${agentId}`, { method: 'PATCH', body: JSON.stringify({ role: 'viewer' }) })).status).toBe(200);
    // The role change ended the session; signed in again, the new role applies.
    expect((await agent.getJson(`/api/conversations/${conversationId}`, { method: 'PATCH', body: JSON.stringify({ status: 'closed' }) })).status).toBe(401);
    const asViewer = await inbox.signIn('agent@test.local', 'agent-password-for-tests');
    expect((await asViewer.getJson(`/api/conversations/${conversationId}`, { method: 'PATCH', body: JSON.stringify({ status: 'closed' }) })).status).toBe(403);
    expect((await inbox.admin.getJson(`/api/users/${agentId}`, { method: 'PATCH', body: JSON.stringify({ disabled: true }) })).status).toBe(200);
    expect((await asViewer.getJson('/api/conversations')).status).toBe(401);
    await inbox.admin.getJson(`/api/users/${agentId}`, { method: 'PATCH', body: JSON.stringify({ disabled: false, role: 'agent' }) });
  });
});
