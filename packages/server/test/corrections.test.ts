import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { startTestDb, type TestDb } from '../../../tests/support/db.ts';
import { ComplaintCorrection } from '../src/models/complaint-correction.ts';
import { exportCorrections } from '../src/corrections/export.ts';

describe('complaint corrections export', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await startTestDb();
    await mongoose.connect(db.uri, { dbName: 'corrections', serverSelectionTimeoutMS: 10_000 });
  });
  afterAll(async () => {
    await mongoose.disconnect();
    await db.destroy();
  });

  it('writes one JSON line per corrected message, the latest correction winning, without ids', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    await ComplaintCorrection.create([
      { text: 'Thanks @ShopCo, all sorted!', lang: 'en', complaint: true, messageId: 'm1', by: 'u1', at: new Date(t0) },
      { text: 'ትዕዛዜ አልደረሰም', lang: 'am', complaint: true, messageId: 'm2', by: 'u2', at: new Date(t0 + 1000) },
      { text: 'Thanks @ShopCo, all sorted!', lang: 'en', complaint: false, messageId: 'm1', by: 'u2', at: new Date(t0 + 2000) },
      { text: 'Do you deliver to Siem Reap?', complaint: false, by: 'u1', at: new Date(t0 + 3000) },
    ]);
    const lines: string[] = [];
    expect(await exportCorrections((l) => lines.push(l))).toBe(3);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { text: 'ትዕዛዜ አልደረሰም', lang: 'am', complaint: true },
      { text: 'Thanks @ShopCo, all sorted!', lang: 'en', complaint: false },
      { text: 'Do you deliver to Siem Reap?', complaint: false },
    ]);
    for (const l of lines) expect(l).not.toMatch(/u1|u2|m1|m2/);
  });
});
