// A session ends when its user's password, role or disabled flag changes (by an admin, by the user,
// or by reset-admin); a one-time password must be changed before anything else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, type TestInbox } from '../../../../tests/support/inbox.ts';
import { createUser } from '../../src/auth/users.ts';
import { resetPassword } from '../../src/auth/bootstrap.ts';
import { client, type Client } from '../../../../tests/support/auth.ts';

/** The client carrying the session cookie a response set (a password change renews the session id). */
const renewed = (url: string, res: Response): Client => client(url, res.headers.getSetCookie().find((x) => x.startsWith('inbox.sid='))!.split(';')[0]!);

describe('sessions end with the credentials they were opened with', () => {
  let inbox: TestInbox;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    inbox = await startTestInbox();
    for (const name of ['pw', 'toggle', 'role', 'self', 'reset']) {
      ids[name] = String((await createUser({ email: `${name}@test.local`, password: `${name}-password-1`, role: 'agent' }))._id);
    }
  });
  afterAll(async () => {
    await inbox?.close();
  });

  const patch = (name: string, body: unknown) => inbox.admin.getJson(`/api/users/${ids[name]}`, { method: 'PATCH', body: JSON.stringify(body) });
  const works = async (c: Client) => (await c.getJson('/api/conversations')).status;

  it('ends every session of a user whose password an admin changes', async () => {
    const a = await inbox.signIn('pw@test.local', 'pw-password-1');
    const b = await inbox.signIn('pw@test.local', 'pw-password-1');
    expect([await works(a), await works(b)]).toEqual([200, 200]);
    expect((await patch('pw', { password: 'pw-password-2' })).status).toBe(200);
    expect([await works(a), await works(b)]).toEqual([401, 401]);
    expect(await works(await inbox.signIn('pw@test.local', 'pw-password-2'))).toBe(200);
  });

  it('ends sessions on disable then enable, and on a role change', async () => {
    const t = await inbox.signIn('toggle@test.local', 'toggle-password-1');
    await patch('toggle', { disabled: true });
    await patch('toggle', { disabled: false });
    expect(await works(t)).toBe(401);
    const r = await inbox.signIn('role@test.local', 'role-password-1');
    await patch('role', { role: 'viewer' });
    expect(await works(r)).toBe(401);
    // A name change ends nothing.
    const r2 = await inbox.signIn('role@test.local', 'role-password-1');
    await patch('role', { name: 'Renamed' });
    expect(await works(r2)).toBe(200);
  });

  it('lets a user change their own password: this session continues, the others end', async () => {
    const here = await inbox.signIn('self@test.local', 'self-password-1');
    const there = await inbox.signIn('self@test.local', 'self-password-1');
    const change = (body: unknown) => here.getJson('/api/auth/password', { method: 'POST', body: JSON.stringify(body) });
    expect((await change({ currentPassword: 'wrong-password', newPassword: 'self-password-2' })).status).toBe(401);
    expect((await change({ currentPassword: 'self-password-1', newPassword: 'short' })).status).toBe(400);
    expect((await change({ currentPassword: 'self-password-1', newPassword: 'self-password-1' })).status).toBe(400);
    const ok = await here.fetch('/api/auth/password', { method: 'POST', body: JSON.stringify({ currentPassword: 'self-password-1', newPassword: 'self-password-2' }) });
    expect(ok.status).toBe(200);
    expect(await works(renewed(inbox.url, ok))).toBe(200);
    expect(await works(there)).toBe(401);
    // The old session id was replaced (no fixation): it no longer works.
    expect(await works(here)).toBe(401);
    await expect(inbox.signIn('self@test.local', 'self-password-1')).rejects.toThrow(/401/);
    expect(await works(await inbox.signIn('self@test.local', 'self-password-2'))).toBe(200);
  });

  it('reset-admin ends sessions and its one-time password must be changed first', async () => {
    const before = await inbox.signIn('reset@test.local', 'reset-password-1');
    expect(await resetPassword('reset@test.local', 'one-time-password-xyz', { oneTime: true })).toBe(true);
    expect(await works(before)).toBe(401);
    const c = await inbox.signIn('reset@test.local', 'one-time-password-xyz');
    expect((await c.getJson('/api/auth/me')).body.data).toMatchObject({ email: 'reset@test.local', mustChangePassword: true });
    expect(await c.getJson('/api/conversations')).toMatchObject({ status: 403, body: { code: 'password_change_required' } });
    const changed = await c.fetch('/api/auth/password', { method: 'POST', body: JSON.stringify({ currentPassword: 'one-time-password-xyz', newPassword: 'reset-password-2' }) });
    expect(changed.status).toBe(200);
    const next = renewed(inbox.url, changed);
    expect((await next.getJson('/api/auth/me')).body.data.mustChangePassword).toBe(false);
    expect(await works(next)).toBe(200);
  });
});
