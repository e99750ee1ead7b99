// A fresh embedded database and Inbox server for one part of `npm run bench`, with a signed-in admin.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretdbBinary, startFerretdb, type EmbeddedDb } from '../packages/server/src/db/embedded-ferretdb.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { startInbox, type Inbox } from '../packages/server/src/inbox.ts';
import { signIn, type Client } from '../tests/support/auth.ts';

export interface BenchServer {
  db: EmbeddedDb;
  inbox: Inbox;
  admin: Client;
  /** Stops the server and the database and removes their files. */
  stop(): Promise<void>;
}

export async function startBenchServer(prefix: string): Promise<BenchServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = await startFerretdb({ binary: await ensureFerretdbBinary(), dbDir: path.join(dir, 'db') });
  const inbox = await startInbox(
    loadConfig({
      PORT: '0',
      MONGODB_URI: db.uri,
      INBOX_DATA_DIR: dir,
      INBOX_DEMO: '0',
      INBOX_SECRET_KEY: randomBytes(32).toString('base64'),
      INBOX_ADMIN_EMAIL: 'bench@inbox.local',
      INBOX_ADMIN_PASSWORD: 'bench-password-1234',
      LOG_LEVEL: 'silent',
    }),
  );
  const admin = await signIn(`http://127.0.0.1:${inbox.port}`, 'bench@inbox.local', 'bench-password-1234');
  let stopped = false;
  return {
    db,
    inbox,
    admin,
    async stop() {
      if (stopped) return;
      stopped = true;
      await inbox.stop();
      await db.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
