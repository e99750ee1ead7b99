// A throwaway dovecot IMAP server for tests and the demo: temporary config, free port, maildir in a
// temp dir, plaintext test password, no TLS. Runs rootless (everything as the current user); when the
// tests run as root, dovecot's own unprivileged users (dovecot, dovenull) and `nobody` are used,
// because dovecot refuses to run its login processes or to access mail as root.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';

export interface DovecotOptions {
  /** Path to the dovecot binary; default $DOVECOT_BIN or /usr/sbin/dovecot. */
  binary?: string;
  user?: string;
  password?: string;
  /** Seconds dovecot waits before answering a failed login (dovecot's default is 2). Default 0. */
  authFailureDelaySeconds?: number;
  startTimeoutMs?: number;
}

export interface DovecotHandle {
  host: string;
  port: number;
  user: string;
  password: string;
  version: string;
  /** The temporary directory (config, log, maildir). Removed on stop. */
  dir: string;
  /** APPENDs a message to INBOX over IMAP; returns its UID. */
  appendMessage(raw: string | Buffer, opts?: { date?: Date }): Promise<number>;
  /** Makes INBOX get a new UIDVALIDITY with every message renumbered, as after a mailbox rebuild. */
  changeUidValidity(): Promise<void>;
  /** The last lines of dovecot's log, for failure messages. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

const run = promisify(execFile);
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
}

/**
 * dovecot runs in a process group of its own (stop() signals the group, reaching its children), under
 * this sh: it forwards TERM to dovecot and waits, and a watcher reads our pipe on its stdin. The pipe
 * closes when this process dies, even by SIGKILL (no exit hook runs then): the watcher stops dovecot,
 * removes the temporary directory and kills what is left of the group, itself included.
 * Arguments: $1 dovecot binary, $2 config file, $3 temporary directory.
 */
const WATCHDOG = `
exec 3<&0
"$1" -F -c "$2" </dev/null 3<&- &
d=$!
( trap '' TERM; cat <&3 >/dev/null; kill -TERM $d 2>/dev/null; sleep 1; rm -rf "$3"; kill -KILL -$$ 2>/dev/null ) &
exec 3<&-
trap 'kill -TERM $d 2>/dev/null; wait $d; exit 0' TERM
wait $d
`;

export class DovecotMissingError extends Error {
  constructor(bin: string) {
    super(
      `dovecot not found at ${bin}: install Debian's "dovecot-imapd" package (sudo apt-get install -y dovecot-imapd), ` +
        'or set DOVECOT_BIN to the dovecot binary',
    );
    this.name = 'DovecotMissingError';
  }
}

export function dovecotBinary(opts: { binary?: string } = {}): string {
  return opts.binary ?? process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
}

/** True when the dovecot binary is there (tests skip with a clear message otherwise). */
export function dovecotAvailable(opts: { binary?: string } = {}): boolean {
  return existsSync(dovecotBinary(opts));
}

export async function dovecotVersion(bin: string): Promise<string> {
  const { stdout } = await run(bin, ['--version']);
  return stdout.trim().split(/\s+/)[0] ?? '';
}

function passwdEntry(name: string): { uid: number; gid: number } | undefined {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === name && f[2] && f[3]) return { uid: Number(f[2]), gid: Number(f[3]) };
    }
  } catch {
    /* no /etc/passwd */
  }
  return undefined;
}

function groupName(gid: number): string | undefined {
  try {
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[2] === String(gid)) return f[0];
    }
  } catch {
    /* no /etc/group */
  }
  return undefined;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Accounts {
  internalUser: string;
  internalGroup: string;
  loginUser: string;
  mailUid: number;
  mailGid: number;
}

function accounts(): Accounts {
  const me = os.userInfo();
  if (me.uid !== 0) {
    return {
      internalUser: me.username,
      internalGroup: groupName(me.gid) ?? me.username,
      loginUser: me.username,
      mailUid: me.uid,
      mailGid: me.gid,
    };
  }
  const dovecot = passwdEntry('dovecot');
  const dovenull = passwdEntry('dovenull');
  const nobody = passwdEntry('nobody') ?? { uid: 65534, gid: 65534 };
  if (!dovecot || !dovenull) {
    throw new Error('running as root needs the "dovecot" and "dovenull" users that the dovecot-core package creates');
  }
  return {
    internalUser: 'dovecot',
    internalGroup: groupName(dovecot.gid) ?? 'dovecot',
    loginUser: 'dovenull',
    mailUid: nobody.uid,
    mailGid: nobody.gid,
  };
}

function config(v: { version: string; dir: string; port: number; passwd: string; acc: Accounts; failDelay: number }): string {
  const is24 = /^2\.(4|[5-9])|^[3-9]\./.test(v.version);
  const common = [
    'protocols = imap',
    'listen = 127.0.0.1',
    `base_dir = ${v.dir}/run`,
    `state_dir = ${v.dir}/state`,
    `instance_name = inbox-test-${v.port}`,
    `default_internal_user = ${v.acc.internalUser}`,
    `default_internal_group = ${v.acc.internalGroup}`,
    `default_login_user = ${v.acc.loginUser}`,
    `first_valid_uid = ${Math.min(v.acc.mailUid, 500)}`,
    `first_valid_gid = ${Math.min(v.acc.mailGid, 500)}`,
    'ssl = no',
    'auth_mechanisms = plain login',
    `auth_failure_delay = ${v.failDelay}s`,
    `log_path = ${v.dir}/dovecot.log`,
    `info_log_path = ${v.dir}/dovecot.log`,
    'service imap-login {',
    '  chroot =',
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${v.port}`,
    '  }',
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    '}',
    'service anvil {',
    '  chroot =',
    '}',
  ];
  if (!is24) {
    // Dovecot 2.3 (Debian 12, Ubuntu 22.04/24.04).
    return [
      ...common,
      'disable_plaintext_auth = no',
      'mail_location = maildir:~/Maildir',
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${v.passwd}`,
      '}',
      'userdb {',
      '  driver = passwd-file',
      `  args = username_format=%u ${v.passwd}`,
      '}',
      '',
    ].join('\n');
  }
  // Dovecot 2.4 (Debian 13): new setting names; dovecot_config_version must come first.
  return [
    'dovecot_config_version = 2.4.0',
    'dovecot_storage_version = 2.4.0',
    ...common,
    'auth_allow_cleartext = yes',
    'mail_driver = maildir',
    'mail_path = ~/Maildir',
    'namespace inbox {',
    '  inbox = yes',
    '  separator = /',
    '}',
    'passdb passwd-file {',
    `  passwd_file_path = ${v.passwd}`,
    '}',
    'userdb passwd-file {',
    `  passwd_file_path = ${v.passwd}`,
    '}',
    '',
  ].join('\n');
}

function waitForGreeting(host: string, port: number, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return reject(new Error(`dovecot exited (${child.exitCode ?? child.signalCode}) before listening`));
      }
      const sock = net.connect(port, host);
      let buf = '';
      const retry = () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`dovecot did not answer on ${host}:${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      };
      sock.setTimeout(2000, retry);
      sock.on('data', (d) => {
        buf += d.toString();
        if (buf.includes('* OK')) {
          sock.end();
          resolve();
        }
      });
      sock.on('error', retry);
    };
    attempt();
  });
}

async function tail(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    /* gone */
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL'); // any straggler in its group
    running.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // Children of the master (auth, imap, log, …) share its process group.
  await new Promise((r) => setTimeout(r, 50));
  killGroup(child, 'SIGKILL');
  running.delete(child);
}

/** Starts dovecot on a free 127.0.0.1 port with one user and an empty INBOX. */
export async function startDovecot(opts: DovecotOptions = {}): Promise<DovecotHandle> {
  const bin = dovecotBinary(opts);
  if (!existsSync(bin)) throw new DovecotMissingError(bin);
  const version = await dovecotVersion(bin);
  const user = opts.user ?? 'brand';
  const password = opts.password ?? 'inbox-test-password';
  const acc = accounts();

  const dir = await mkdtemp(path.join(os.tmpdir(), 'inbox-dovecot-'));
  // Dovecot's unprivileged processes (and the mail user) must reach files in here.
  await chmod(dir, 0o755);
  const home = path.join(dir, 'home', user);
  await mkdir(home, { recursive: true });
  await mkdir(path.join(dir, 'run'));
  await mkdir(path.join(dir, 'state'));
  if (os.userInfo().uid === 0) await chown(home, acc.mailUid, acc.mailGid);
  const passwd = path.join(dir, 'passwd');
  await writeFile(passwd, `${user}:{PLAIN}${password}:${acc.mailUid}:${acc.mailGid}::${home}::\n`, { mode: 0o644 });
  const confPath = path.join(dir, 'dovecot.conf');
  const logPath = path.join(dir, 'dovecot.log');
  installExitHook();

  let child: ChildProcess | undefined;
  let port = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    await writeFile(confPath, config({ version, dir, port, passwd, acc, failDelay: opts.authFailureDelaySeconds ?? 0 }));
    const c = spawn('/bin/sh', ['-c', WATCHDOG, 'inbox-dovecot', bin, confPath, dir], { detached: true, stdio: ['pipe', 'ignore', 'pipe'] });
    running.add(c);
    let stderr = '';
    c.stderr?.on('data', (d) => (stderr += d.toString()));
    c.on('error', (e) => (lastError = e));
    try {
      await waitForGreeting('127.0.0.1', port, opts.startTimeoutMs ?? 10_000, c);
      child = c;
    } catch (e) {
      await stopChild(c);
      lastError = new Error(`${(e as Error).message}\n${stderr.trim()}\n${await tail(logPath)}`.trim());
      if (!/in use|bind/i.test(String((lastError as Error).message))) break;
    }
  }
  if (!child) {
    await rm(dir, { recursive: true, force: true });
    throw lastError instanceof Error ? lastError : new Error(`dovecot failed to start: ${String(lastError)}`);
  }
  const proc = child;
  const host = '127.0.0.1';

  const withClient = async <T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> => {
    const c = new ImapFlow({ host, port, secure: false, auth: { user, pass: password }, logger: false });
    c.on('error', () => {});
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.logout().catch(() => c.close());
    }
  };
  const uidValidity = () =>
    withClient(async (c) => {
      const st = await c.status('INBOX', { uidValidity: true });
      return st ? String(st.uidValidity) : '';
    });

  let stopped: Promise<void> | undefined;
  return {
    host,
    port,
    user,
    password,
    version,
    dir,
    async appendMessage(raw, o = {}) {
      return withClient(async (c) => {
        const r = await c.append('INBOX', raw, [], o.date);
        if (!r || !r.uid) throw new Error('dovecot: APPEND returned no UID');
        return r.uid;
      });
    },
    async changeUidValidity() {
      const before = await uidValidity();
      // Dropping the UID list and indexes makes dovecot rebuild them: new UIDVALIDITY, UIDs from 1.
      const maildir = path.join(home, 'Maildir');
      for (const f of await readdir(maildir)) {
        if (f === 'dovecot-uidlist' || f.startsWith('dovecot.index')) await rm(path.join(maildir, f), { force: true });
      }
      const after = await uidValidity();
      if (after === before) throw new Error(`dovecot: UIDVALIDITY did not change (${before})`);
    },
    log: () => tail(logPath, 200),
    stop() {
      stopped ??= (async () => {
        await stopChild(proc);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
