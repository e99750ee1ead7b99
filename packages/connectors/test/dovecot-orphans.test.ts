// Nothing Inbox starts may outlive it: after SIGKILL of the whole process group that started dovecot
// (which runs in a group of its own), dovecot stops and its temporary directory goes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dovecotAvailable } from '../sandbox/email/index.ts';

const DOVECOT_TS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'sandbox', 'email', 'dovecot.ts');

/** Processes whose command line mentions `needle`. */
function processesWith(needle: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(fn: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fn()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return fn();
}

describe.runIf(dovecotAvailable())('dovecot after its starter is SIGKILLed', () => {
  it('leaves no process and no temporary directory', async () => {
    const code = `const m = await import(${JSON.stringify(DOVECOT_TS)}); const d = await m.startDovecot(); console.log('READY ' + d.dir); setInterval(() => {}, 1000);`;
    const starter = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const dir = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: starter.stdout! }).on('line', (l) => l.startsWith('READY ') && resolve(l.slice(6)));
      starter.once('exit', (c) => reject(new Error(`starter exited ${c}`)));
    });
    expect(processesWith(dir).length).toBeGreaterThan(0);
    process.kill(-starter.pid!, 'SIGKILL');
    const gone = await until(() => processesWith(dir).length === 0 && !fs.existsSync(dir), 15_000);
    const left = processesWith(dir);
    console.log(`after SIGKILL of the starter's group: ${left.length} dovecot process(es) left, directory ${fs.existsSync(dir) ? 'kept' : 'removed'}`);
    // (Clean up what a failure leaves behind.)
    for (const pid of left) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    expect(gone).toBe(true);
  });
});
