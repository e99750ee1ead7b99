import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../config.ts';
import { makePrivateDir, withUmask } from './private-files.ts';

const execFileAsync = promisify(execFile);

/** The FerretDB version pinned in tools/ferretdb/go.mod; part of the binary's name so a bump rebuilds. */
export const FERRETDB_VERSION = 'v1.24.2';
/**
 * Revision of our patches in tools/ferretdb/patch (see its README); part of the binary's name, so bump
 * it whenever a patched file changes and every checkout rebuilds.
 */
export const FERRETDB_PATCH_LEVEL = 'inbox3';
const TOOL_DIR = path.join(REPO_ROOT, 'tools', 'ferretdb');
const PATCH_DIR = path.join(TOOL_DIR, 'patch');
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

/** Where the built binary lives: shared by every data folder (and by the tests) on this checkout. */
export const DEFAULT_BIN_DIR = process.env.INBOX_BIN_DIR ?? path.join(REPO_ROOT, '.data', 'bin');

export function ferretdbBinaryPath(binDir: string = DEFAULT_BIN_DIR): string {
  return path.join(binDir, `ferretdb-${FERRETDB_VERSION}-${FERRETDB_PATCH_LEVEL}`);
}

/**
 * Builds the FerretDB wrapper with Go on first use and reuses it afterwards. The build writes to a
 * temporary name and renames, so concurrent callers never see half a binary.
 */
export async function ensureFerretdbBinary(log: (msg: string) => void = () => {}, binDir: string = DEFAULT_BIN_DIR): Promise<string> {
  const bin = ferretdbBinaryPath(binDir);
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  log(`Building the embedded database (FerretDB ${FERRETDB_VERSION}) with Go; first run only, about 2-4 minutes...`);
  const tmp = `${bin}.${process.pid}.tmp`;
  const work = `${bin}.${process.pid}.src`;
  const started = Date.now();
  const goEnv = { ...process.env, GOFLAGS: '-mod=readonly -buildvcs=false', CGO_ENABLED: '0' };
  const go = (args: string[]) => execFileAsync('go', args, { cwd: TOOL_DIR, env: goEnv, maxBuffer: 16 * 1024 * 1024 });
  try {
    // Go refuses overlays on module-cache files, so the build uses a patched copy of the module
    // through a `replace` in a generated go.mod; tools/ferretdb itself stays a plain module.
    await go(['mod', 'download', FERRETDB_MODULE]);
    const moduleDir = (await go(['list', '-m', '-f', '{{.Dir}}', FERRETDB_MODULE])).stdout.trim();
    const modfile = preparePatchedModule(moduleDir, work);
    await go(['build', '-trimpath', `-modfile=${modfile}`, '-o', tmp, '.']);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error('Go is needed to build the embedded database (FerretDB) but `go` is not on PATH. Install Go 1.24+ or set MONGODB_URI to use an existing MongoDB.', { cause: err });
    }
    throw new Error(`building FerretDB failed:\n${e.stderr ?? e.message}`, { cause: err });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  fs.renameSync(tmp, bin);
  log(`Embedded database built in ${Math.round((Date.now() - started) / 1000)} s.`);
  return bin;
}

/**
 * Copies the FerretDB module from the module cache to `work/ferretdb` with the files of
 * tools/ferretdb/patch laid over it, and writes `work/go.mod` (tools/ferretdb's, plus a `replace` to
 * that copy) with its go.sum. Returns the go.mod path for `go build -modfile`.
 */
export function preparePatchedModule(moduleDir: string, work: string): string {
  if (!moduleDir || !fs.existsSync(path.join(moduleDir, 'go.mod'))) {
    throw new Error(`FerretDB module not found in the Go module cache (got ${JSON.stringify(moduleDir)})`);
  }
  const copy = path.join(work, 'ferretdb');
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(moduleDir, copy, { recursive: true });
  // module-cache files and folders are read-only, and so are their copies
  for (const rel of ['', ...fs.readdirSync(copy, { recursive: true, encoding: 'utf8' })]) {
    const p = path.join(copy, rel);
    fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
  }
  for (const rel of fs.readdirSync(PATCH_DIR, { recursive: true, encoding: 'utf8' })) {
    if (rel.endsWith('.go')) fs.copyFileSync(path.join(PATCH_DIR, rel), path.join(copy, rel));
  }
  const gomod = fs.readFileSync(path.join(TOOL_DIR, 'go.mod'), 'utf8');
  fs.writeFileSync(path.join(work, 'go.mod'), `${gomod}\nreplace ${FERRETDB_MODULE} => ${copy}\n`);
  fs.copyFileSync(path.join(TOOL_DIR, 'go.sum'), path.join(work, 'go.sum'));
  return path.join(work, 'go.mod');
}

export interface EmbeddedDb {
  uri: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts FerretDB (SQLite backend) on a free loopback port, with its files in `dbDir`. The child
 * exits when our stdin pipe closes, so it cannot outlive this process even after a SIGKILL.
 */
export async function startFerretdb(opts: { binary: string; dbDir: string; port?: number }): Promise<EmbeddedDb> {
  // Only this user may read the database: its folder 0700, its files 0600, new ones made under umask 077.
  makePrivateDir(opts.dbDir);
  const child = withUmask(0o077, () =>
    spawn(
      opts.binary,
      [
        `--listen-addr=127.0.0.1:${opts.port ?? 0}`,
        `--sqlite-url=file:${opts.dbDir.endsWith('/') ? opts.dbDir : opts.dbDir + '/'}`,
        '--log-level=error',
        '--exit-on-stdin-eof',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    ),
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const uri = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`FerretDB did not start within 30 s: ${stderr}`)), 30_000);
    rl.on('line', (line) => {
      const m = /^READY (\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`FerretDB exited with code ${code} before it was ready: ${stderr}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  child.stdout.resume();

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    uri,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}
