import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretdbBinary, startFerretdb, type EmbeddedDb } from '../../packages/server/src/db/embedded-ferretdb.ts';

export interface TestDb extends EmbeddedDb {
  dir: string;
  /** Stops the database and removes its files. */
  destroy(): Promise<void>;
}

/** A fresh embedded FerretDB on a free loopback port with its files in a new temp folder. */
export async function startTestDb(dir?: string): Promise<TestDb> {
  const binary = await ensureFerretdbBinary();
  const d = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-db-'));
  const db = await startFerretdb({ binary, dbDir: d });
  return {
    ...db,
    dir: d,
    async destroy() {
      await db.stop();
      fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix = 'inbox-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
