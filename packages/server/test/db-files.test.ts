// The embedded database is readable by its owner only: folder 0700, every file 0600, including files
// an earlier version left world-readable.
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestDb, tempDir } from '../../../tests/support/db.ts';

function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': (fs.statSync(dir).mode & 0o777).toString(8) };
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) out[f] = (fs.statSync(path.join(dir, f)).mode & 0o777).toString(8);
  return out;
}

describe('embedded database files', () => {
  const dir = path.join(tempDir('inbox-perm-'), 'db');
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('are 0600 in a 0700 folder, old world-readable ones included', async () => {
    // As an earlier version left them: a world-readable folder and database file.
    const first = await startTestDb(dir);
    const c1 = await MongoClient.connect(first.uri);
    await c1.db('old').collection('c').insertOne({ secret: 'w' });
    await c1.close();
    await first.stop();
    fs.chmodSync(dir, 0o755);
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
    const db = await startTestDb(dir);
    try {
      const client = await MongoClient.connect(db.uri);
      await client.db('inbox').collection('c').insertOne({ secret: 'x' });
      await client.db('other').collection('c').insertOne({ secret: 'y' });
      await client.close();
      const m = modes(dir);
      console.log(`database files: ${JSON.stringify(m)}`);
      expect(Object.keys(m).length).toBeGreaterThan(2);
      for (const [f, mode] of Object.entries(m)) expect(mode, f).toBe(f === '.' ? '700' : '600');
    } finally {
      await db.stop();
    }
  });
});
