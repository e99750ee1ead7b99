import { afterEach, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import fs from 'node:fs';
import { startTestDb, tempDir } from '../../../tests/support/db.ts';

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded FerretDB', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('keeps data across a restart and leaves no process behind', async () => {
    const dir = tempDir('inbox-db-');
    dirs.push(dir);
    const first = await startTestDb(dir);
    expect(first.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    let client = await MongoClient.connect(first.uri);
    await client.db('t').collection('c').insertOne({ hello: 'ሰላም' });
    await client.close();
    const pid = first.process.pid;
    await first.stop();
    expect(alive(pid)).toBe(false);

    const second = await startTestDb(dir);
    client = await MongoClient.connect(second.uri);
    const doc = await client.db('t').collection('c').findOne({});
    expect(doc?.hello).toBe('ሰላም');
    await client.close();
    await second.stop();
  });

  it('exits when its parent goes away (stdin closes)', async () => {
    const db = await startTestDb();
    dirs.push(db.dir);
    const pid = db.process.pid;
    db.process.stdin?.end();
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  });
});
