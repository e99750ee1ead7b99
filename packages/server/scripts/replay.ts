// Re-processes archived webhook bodies and poll pages of one account (see src/archive/replay.ts):
//   npm run replay -- --account ID --from 2026-01-01T00:00:00Z --to 2026-01-02T00:00:00Z
// Times are ISO 8601 or epoch milliseconds; --to defaults to now. Safe to run twice (idempotent).
// Uses the same database and secret key as the server (MONGODB_URI / INBOX_DATA_DIR, INBOX_SECRET_KEY);
// with the embedded database, stop the inbox first.
import { parseArgs } from 'node:util';
import { createRegistry } from '@inbox/connectors';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { SecretBox, loadOrCreateKey } from '../src/secrets/cipher.ts';
import { replayRange } from '../src/archive/replay.ts';

function time(v: string | undefined, name: string, fallback?: Date): Date {
  if (v === undefined) {
    if (fallback) return fallback;
    throw new Error(`--${name} is required`);
  }
  const d = /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  if (Number.isNaN(d.getTime())) throw new Error(`--${name}: not a time: ${v}`);
  return d;
}

const { values } = parseArgs({ options: { account: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } });
if (!values.account || !/^[0-9a-f]{24}$/i.test(values.account)) {
  process.stderr.write('usage: npm run replay -- --account ID --from T [--to T]\n');
  process.exit(2);
}
const from = time(values.from, 'from');
const to = time(values.to, 'to', new Date());
const config = loadConfig();
const db = await openDatabase({ ...(config.MONGODB_URI ? { mongoUri: config.MONGODB_URI } : {}), dataDir: config.INBOX_DATA_DIR });
try {
  const box = new SecretBox(loadOrCreateKey(config.INBOX_SECRET_KEY, config.INBOX_DATA_DIR, false));
  const summary = await replayRange({ registry: createRegistry(), box }, values.account, from, to);
  process.stdout.write(JSON.stringify(summary) + '\n');
  if (summary.failed > 0) process.exitCode = 1;
} finally {
  await db.close();
}
