// `npm run export:corrections [-- file]`: agents' complaint corrections from the database as JSON Lines
// (to stdout, or to `file`), for `npm run train:scoring -- --with-corrections <file>`.
import fs from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { exportCorrections } from '../src/corrections/export.ts';

const config = loadConfig();
const file = process.argv[2];
const db = await openDatabase({ ...(config.MONGODB_URI ? { mongoUri: config.MONGODB_URI } : {}), dataDir: config.INBOX_DATA_DIR });
try {
  const lines: string[] = [];
  const n = await exportCorrections((l) => lines.push(l));
  const body = lines.length ? lines.join('\n') + '\n' : '';
  if (file) fs.writeFileSync(file, body);
  else process.stdout.write(body);
  process.stderr.write(`export:corrections: ${n} corrections${file ? ` written to ${file}` : ''}\n`);
} finally {
  await db.close();
}
