// The expired-session cleanup runs as the app runs it (its timer fired), then every later command on
// the same connection must get its own reply: an unacknowledged (w: 0) delete makes FerretDB's
// unexpected answer the reply of the next command ("replies one command late").
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestDb, type TestDb } from '../../../tests/support/db.ts';
import { startTestInbox, waitFor } from '../../../tests/support/inbox.ts';
import { createSessionStore, SESSION_SWEEP_EVERY_MS } from '../src/auth/session.ts';

describe('session store', () => {
  let db: TestDb;
  let client: mongoose.mongo.MongoClient;
  beforeAll(async () => {
    db = await startTestDb();
    // One pooled connection: a stray reply would reach the very next command.
    client = new mongoose.mongo.MongoClient(db.uri, { maxPoolSize: 1 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await db?.destroy();
  });

  it('deletes expired sessions with acknowledged writes: later reads get their own answers', async () => {
    const app = client.db('inbox');
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 3_600_000);
    await app.collection('sessions').insertMany(
      Array.from({ length: 30 }, (_, i) => ({ _id: `s${i}` as never, expires: i < 20 ? past : future, session: '{}' })),
    );
    const things = app.collection<{ _id: string; n: number }>('things');
    await things.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `t${i}`, n: i })));

    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      createSessionStore({ client, dbName: 'inbox', idleSeconds: 3600 });
      // (A store may arm its timer once its collection is ready.)
      await waitFor(() => vi.getTimerCount() > 0, 10_000, 10);
      vi.advanceTimersByTime(SESSION_SWEEP_EVERY_MS);
    } finally {
      vi.useRealTimers();
    }
    const errors: string[] = [];
    const wrong: string[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        const doc = await things.findOne({ _id: `t${i}` });
        if (doc?._id !== `t${i}` || doc.n !== i) wrong.push(`t${i} → ${JSON.stringify(doc)}`);
      } catch (err) {
        errors.push(`t${i}: ${(err as Error).message}`);
      }
    }
    console.log(`after the session cleanup: 20 reads, ${20 - errors.length - wrong.length} answered correctly, ${wrong.length} wrong, ${errors.length} failed`);
    expect(errors).toEqual([]);
    expect(wrong).toEqual([]);
    await waitFor(async () => (await app.collection('sessions').countDocuments()) === 10, 10_000);
  });
});

describe('sessions of the app', () => {
  it('are stored in the app database, not the driver default `test`', async () => {
    const inbox = await startTestInbox();
    try {
      const mine = await mongoose.connection.db!.collection('sessions').countDocuments();
      const inTest = await mongoose.connection.getClient().db('test').collection('sessions').countDocuments();
      expect({ mine, inTest }).toEqual({ mine: 3, inTest: 0 });
    } finally {
      await inbox.close();
    }
  });
});
