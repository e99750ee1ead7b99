// `npm start` as a user runs it: the real entry point, the embedded database, the demo networks.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../packages/server/src/config.ts';
import { waitFor } from './support/inbox.ts';
import { signIn } from './support/auth.ts';
import { tempDir } from './support/db.ts';

/** Every server this file started, so a failing assertion cannot leave one running. */
const started: ChildProcess[] = [];

function startMain(dataDir: string): Promise<{ child: ChildProcess; url: string; output: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', INBOX_DATA_DIR: dataDir, LOG_LEVEL: 'warn', MONGODB_URI: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      output.push(line);
      const m = /Inbox is running on (http:\/\/\S+)/.exec(line);
      if (m?.[1]) resolve({ child, url: m[1].replace('localhost', '127.0.0.1'), output });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output.join('\n')}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** FerretDB processes serving this data folder. */
function dbProcesses(dataDir: string): string[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dataDir);
      } catch {
        return false;
      }
    });
}

describe('npm start', () => {
  const dataDir = tempDir('inbox-start-');
  afterAll(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) await stop(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a live demo inbox, keeps it across a restart without duplicates, and leaves no process', async () => {
    delete process.env.MONGODB_URI;
    const first = await startMain(dataDir);
    // First run: an admin with a one-time password, printed once.
    const printed = first.output.map((l) => /sign in as (\S+) with the one-time password (\S+)/.exec(l)).find(Boolean);
    expect(printed).toBeTruthy();
    const [, email, password] = printed!;
    expect(email).toBe('admin@inbox.local');
    expect((await fetch(`${first.url}/api/conversations`)).status).toBe(401);
    const admin = await signIn(first.url, email!, password!);
    // The one-time password must be changed before anything else.
    const locked = await admin.getJson(`${first.url}/api/conversations`);
    expect(locked).toMatchObject({ status: 403, body: { code: 'password_change_required' } });
    const newPassword = 'my-own-admin-password';
    const changed = await admin.getJson(`${first.url}/api/auth/password`, { method: 'POST', body: JSON.stringify({ currentPassword: password, newPassword }) });
    expect(changed).toMatchObject({ status: 200, body: { data: { mustChangePassword: false } } });
    // The change continues this session under a new id (a browser follows the new cookie); this
    // client keeps no cookies, so it signs in again with the new password.
    const admin2 = await signIn(first.url, email!, newPassword);
    const page = await fetch(first.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const firstIds = await waitFor(async () => {
      const { status, body } = await admin2.getJson(`${first.url}/api/conversations?limit=100`);
      if (status !== 200) throw new Error(`${status} ${JSON.stringify(body)}`);
      return body.data.length >= 12 ? (body.data as Array<{ id: string; lang: string; complaint: boolean; messageCount: number }>) : null;
    }, 30_000);
    expect(new Set(firstIds.map((c) => c.lang)).size).toBeGreaterThan(2);
    expect(firstIds.some((c) => c.complaint)).toBe(true);
    expect(await stop(first.child)).toBe(0);
    await waitFor(() => dbProcesses(dataDir).length === 0, 10_000);

    const second = await startMain(dataDir);
    // Later runs never print a password again; the one chosen at first sign-in works.
    expect(second.output.join('\n')).not.toContain(password!);
    expect(second.output.join('\n')).toContain('Sign in as admin@inbox.local');
    const again = await signIn(second.url, email!, newPassword);
    const { body } = await again.getJson(`${second.url}/api/conversations?limit=100&order=newest`);
    const all: Array<{ id: string; messageCount: number }> = body.data;
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of firstIds) {
      expect(ids).toContain(c.id);
      // Nothing counted twice across the restart.
      expect(all.find((a) => a.id === c.id)!.messageCount).toBeGreaterThanOrEqual(c.messageCount);
    }
    expect(await stop(second.child)).toBe(0);
    await waitFor(() => dbProcesses(dataDir).length === 0, 10_000);
  });
});
