// Emulator state kept in a JSON file (the demo's data directory), so that a restart remembers what the
// "network" holds, as a real one would: replies to messages received before the restart still work.
import fs from 'node:fs';
import path from 'node:path';

/** The saved state, or undefined when there is none or it cannot be read (then the emulator starts fresh). */
export function loadState<T>(file: string | undefined): T | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export interface StateWriter {
  /** Something changed: written shortly (changes in a burst are written once). */
  touch(): void;
  /** Written now (on close). */
  flush(): void;
}

/** Writes `snapshot()` to `file` atomically (temp file + rename); a no-op writer when `file` is undefined. */
export function stateWriter(file: string | undefined, snapshot: () => unknown, delayMs = 100): StateWriter {
  if (!file) return { touch() {}, flush() {} };
  let timer: NodeJS.Timeout | null = null;
  const write = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(snapshot()), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  return {
    touch() {
      if (timer) return;
      timer = setTimeout(write, delayMs);
      timer.unref();
    },
    flush: write,
  };
}
