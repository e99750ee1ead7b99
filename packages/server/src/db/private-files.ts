// The embedded database is readable by its owner only, even on a shared host.
import fs from 'node:fs';
import path from 'node:path';

/** Makes `dir` (created if needed) 0700 and every file directly in it 0600, those made before too. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  for (const f of fs.readdirSync(dir, { withFileTypes: true })) if (f.isFile()) fs.chmodSync(path.join(dir, f.name), 0o600);
}

/** Runs `fn` (a spawn: the child inherits the mask, so files it creates are private) under `mask`. */
export function withUmask<T>(mask: number, fn: () => T): T {
  const previous = process.umask(mask);
  try {
    return fn();
  } finally {
    process.umask(previous);
  }
}
