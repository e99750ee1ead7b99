// Re-encrypts every connector secret under a new key. Stop the inbox first, then:
//   npx tsx packages/server/scripts/rotate-key.ts
// Old key: INBOX_SECRET_KEY, or the data folder's secret.key. New key: INBOX_NEW_SECRET_KEY, or (only
// when the old key is the data folder's) a generated one that replaces secret.key at the end.
// Idempotent: accounts already sealed under the new key are skipped, so a run that stopped half way
// can simply be run again (the generated key waits in secret.key.new until every account is done).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connect.ts';
import { Account, type AccountDoc } from '../src/models/account.ts';
import { SecretBox, type Sealed } from '../src/secrets/cipher.ts';

export interface RotateResult {
  rotated: number;
  alreadyNew: number;
  /** Accounts sealed under a key that is neither the old nor the new one (left untouched). */
  unknownKey: string[];
}

/** One account at a time, each a compare-and-set on the old key id (a single-document update). */
export async function rotateSecrets(oldBox: SecretBox, newBox: SecretBox): Promise<RotateResult> {
  const out: RotateResult = { rotated: 0, alreadyNew: 0, unknownKey: [] };
  const ids = await Account.find({}, { _id: 1 }).lean<Array<Pick<AccountDoc, '_id'>>>();
  for (const { _id } of ids) {
    const a = await Account.findById(_id, { sealedCredentials: 1 }).lean<Pick<AccountDoc, '_id' | 'sealedCredentials'>>();
    const sealed = a?.sealedCredentials as Sealed | undefined;
    if (!a || !sealed) continue;
    if (sealed.kid === newBox.kid) {
      out.alreadyNew += 1;
      continue;
    }
    if (sealed.kid !== oldBox.kid) {
      out.unknownKey.push(String(_id));
      continue;
    }
    const resealed = newBox.seal(oldBox.open(sealed));
    const r = await Account.updateOne({ _id, 'sealedCredentials.kid': oldBox.kid }, { $set: { sealedCredentials: resealed } });
    if (r.modifiedCount === 1) out.rotated += 1;
  }
  return out;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const keyFile = path.join(config.INBOX_DATA_DIR, 'secret.key');
  const pendingFile = path.join(config.INBOX_DATA_DIR, 'secret.key.new');
  const fromEnv = Boolean(config.INBOX_SECRET_KEY);
  const oldKey = config.INBOX_SECRET_KEY ?? (fs.existsSync(keyFile) ? fs.readFileSync(keyFile, 'utf8').trim() : undefined);
  if (!oldKey) throw new Error('no current key: set INBOX_SECRET_KEY or keep secret.key in INBOX_DATA_DIR');
  let newKey = process.env.INBOX_NEW_SECRET_KEY || undefined;
  if (!newKey) {
    if (fromEnv) throw new Error('INBOX_SECRET_KEY comes from the environment: set INBOX_NEW_SECRET_KEY too (32 random bytes, base64: `openssl rand -base64 32`)');
    if (fs.existsSync(pendingFile)) newKey = fs.readFileSync(pendingFile, 'utf8').trim();
    else {
      newKey = randomBytes(32).toString('base64');
      fs.writeFileSync(pendingFile, newKey + '\n', { mode: 0o600 });
    }
  }
  const oldBox = new SecretBox(oldKey);
  const newBox = new SecretBox(newKey);
  const db = await openDatabase({ ...(config.MONGODB_URI ? { mongoUri: config.MONGODB_URI } : {}), dataDir: config.INBOX_DATA_DIR });
  try {
    const r = await rotateSecrets(oldBox, newBox);
    process.stdout.write(`rotate-key: ${r.rotated} re-encrypted, ${r.alreadyNew} already under the new key (${newBox.kid})\n`);
    if (r.unknownKey.length) {
      process.stderr.write(`rotate-key: ${r.unknownKey.length} account(s) sealed under another key, left as they are: ${r.unknownKey.join(', ')}\n`);
      process.exitCode = 1;
      return;
    }
    if (!fromEnv) {
      if (!process.env.INBOX_NEW_SECRET_KEY) fs.renameSync(pendingFile, keyFile);
      else fs.writeFileSync(keyFile, newKey + '\n', { mode: 0o600 });
      process.stdout.write(`rotate-key: ${keyFile} now holds the new key\n`);
    } else {
      process.stdout.write('rotate-key: now start the inbox with INBOX_SECRET_KEY set to the new key (sessions sign in again)\n');
    }
  } finally {
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`rotate-key: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
