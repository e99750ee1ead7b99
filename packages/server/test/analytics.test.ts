import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMention } from '@inbox/connectors';
import type { Conversation, VolumeRow } from '@inbox/contract';
import { startTestInbox, type TestInbox } from '../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../tests/support/sandbox-account.ts';
import type { SandboxEmulator } from '../../connectors/sandbox/index.ts';
import type { AccountDoc } from '../src/models/account.ts';
import { Message } from '../src/models/message.ts';
import { ingest } from '../src/ingest/pipeline.ts';
import mongoose from 'mongoose';
import { AnalyticsBucket } from '../src/models/analytics-bucket.ts';
import { ANALYTICS_MIGRATION_ID, backfillAnalytics } from '../src/migrations/analytics.ts';

const HOUR = 3_600_000;
const TRICKY = 'He said "refund, now",\r\nthen left.\nការដឹកជញ្ជូនយឺតណាស់ ខ្ញុំមិនពេញចិត្តទេ';

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '"' || ch === '\r' || ch === '\n') {
      throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('last record does not end in CRLF');
  return rows;
}

/** Messages of earlier hours and days, straight through the real pipeline. */
function older(n: number, hoursAgo: number, text: string): IncomingMention[] {
  return Array.from({ length: n }, (_, i) => ({
    network: 'sandbox' as const,
    externalId: `old-${hoursAgo}-${i}`,
    threadKey: `old-thread-${hoursAgo}-${i % 3}`,
    kind: 'comment' as const,
    visibility: 'public' as const,
    author: { id: `u${i}`, handle: `user${i}`, reach: 10 },
    text: `${text} ${i}`,
    createdAt: new Date(Date.now() - hoursAgo * HOUR - i * 1000).toISOString(),
    replyTarget: { kind: 'comment', id: `old-${hoursAgo}-${i}` } as never,
  }));
}

describe('analytics counters', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let account: AccountDoc;

  beforeAll(async () => {
    inbox = await startTestInbox();
    ({ emulator, account } = await connectSandbox(inbox));
    await emulator.inject({ count: 60 });
    await emulator.inject({ text: 'My order 5531 never arrived, refund me now @shopco' });
    expect((await inbox.poller.pollAccount(String(account._id))).error).toBeUndefined();
    // Earlier hours and days, and the same batch delivered twice (it must be counted once).
    await ingest(account, older(7, 5, 'Where is my parcel? Still not delivered, terrible service'));
    await ingest(account, older(9, 30, 'Thanks, great support today'));
    await ingest(account, older(9, 30, 'Thanks, great support today'));
    await ingest(account, older(4, 24 * 9, 'Asante sana kwa huduma nzuri'));
    await ingest(account, [{ ...older(1, 2, '')[0]!, externalId: 'tricky', threadKey: 'tricky', text: TRICKY }]);
    await ingest(account, [{ ...older(1, 3, '')[0]!, externalId: 'formula', threadKey: 'formula', text: '=HYPERLINK("http://evil.example","x")' }]);
  });
  afterAll(async () => {
    await emulator?.close();
    await inbox?.close();
  });

  async function api(path: string): Promise<VolumeRow[]> {
    const { status, body } = await inbox.viewer.getJson(`${inbox.url}${path}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body.data;
  }

  it('agrees with the stored messages, by every dimension and bucket', () => agreesWithMessages());

  async function agreesWithMessages(): Promise<void> {
    const stored = await Message.find({}, { network: 1, lang: 1, account: 1, sentiment: 1, complaint: 1, createdAt: 1 }).lean<Array<{ network: string; lang: string; account: unknown; sentiment: { label: 'negative' | 'neutral' | 'positive' }; complaint: { flag: boolean }; createdAt: Date }>>();
    expect(stored.length).toBe(61 + 7 + 9 + 4 + 2);
    const from = new Date(Date.now() - 20 * 24 * HOUR).toISOString();
    const to = new Date(Date.now() + HOUR).toISOString();
    const keyOf = { network: (m: (typeof stored)[number]) => m.network, lang: (m: (typeof stored)[number]) => m.lang, sentiment: (m: (typeof stored)[number]) => m.sentiment.label, account: (m: (typeof stored)[number]) => String(m.account) };
    for (const by of ['network', 'lang', 'sentiment', 'account'] as const) {
      const want = new Map<string, { messages: number; complaints: number; negative: number; neutral: number; positive: number }>();
      for (const m of stored) {
        const k = keyOf[by](m);
        const w = want.get(k) ?? { messages: 0, complaints: 0, negative: 0, neutral: 0, positive: 0 };
        w.messages += 1;
        w.complaints += m.complaint.flag ? 1 : 0;
        w[m.sentiment.label] += 1;
        want.set(k, w);
      }
      for (const bucket of ['day', 'week'] as const) {
        const rows = await api(`/api/analytics/volume?from=${from}&to=${to}&bucket=${bucket}&by=${by}`);
        const got = new Map<string, { messages: number; complaints: number; negative: number; neutral: number; positive: number }>();
        for (const r of rows) {
          const g = got.get(r.key) ?? { messages: 0, complaints: 0, negative: 0, neutral: 0, positive: 0 };
          for (const f of ['messages', 'complaints', 'negative', 'neutral', 'positive'] as const) g[f] += r[f];
          got.set(r.key, g);
        }
        expect(Object.fromEntries(got), `${by} ${bucket}`).toEqual(Object.fromEntries(want));
      }
    }
    // Hours: the messages of the last 2 days, each in the hour it was written.
    const hourFrom = new Date(Date.now() - 48 * HOUR);
    const rows = await api(`/api/analytics/volume?from=${hourFrom.toISOString()}&to=${to}&bucket=hour&by=network`);
    const perHour = new Map<string, number>();
    for (const m of stored) {
      const h = new Date(Math.floor(m.createdAt.getTime() / HOUR) * HOUR);
      if (h.getTime() >= Math.floor(hourFrom.getTime() / HOUR) * HOUR) perHour.set(h.toISOString(), (perHour.get(h.toISOString()) ?? 0) + 1);
    }
    expect(Object.fromEntries(rows.map((r) => [r.start, r.messages]))).toEqual(Object.fromEntries(perHour));
  }

  it('counts first responses and reply-by compliance when the team answers', async () => {
    const { body } = await inbox.agent.getJson(`${inbox.url}/api/conversations?complaint=true&limit=100`);
    const withDeadline = (body.data as Conversation[]).find((c) => c.dueAt !== null && c.firstResponseAt === null);
    expect(withDeadline).toBeDefined();
    const sent = await inbox.agent.getJson(`${inbox.url}/api/conversations/${withDeadline!.id}/replies`, { method: 'POST', body: JSON.stringify({ text: 'Sorry, we are on it', key: 'analytics-reply-1' }) });
    expect(sent.status).toBe(201);
    // A second reply to the same conversation is not a first response.
    const again = await inbox.agent.getJson(`${inbox.url}/api/conversations/${withDeadline!.id}/replies`, { method: 'POST', body: JSON.stringify({ text: 'Update: shipped', key: 'analytics-reply-2' }) });
    expect(again.status).toBe(201);
    const from = new Date(Date.now() - 2 * HOUR).toISOString();
    const { status, body: out } = await inbox.viewer.getJson(`${inbox.url}/api/analytics/responses?from=${from}&bucket=day`);
    expect(status).toBe(200);
    const total = out.data.reduce((s: { responses: number; dueMet: number; dueMissed: number }, r: { responses: number; dueMet: number; dueMissed: number }) => ({ responses: s.responses + r.responses, dueMet: s.dueMet + r.dueMet, dueMissed: s.dueMissed + r.dueMissed }), { responses: 0, dueMet: 0, dueMissed: 0 });
    expect(total).toEqual({ responses: 1, dueMet: 1, dueMissed: 0 });
    const detail = (await inbox.agent.getJson(`${inbox.url}/api/conversations/${withDeadline!.id}`)).body.data;
    expect(out.data.at(-1).meanResponseMs).toBe(detail.firstResponseMs);
  });

  it('exports every message as RFC 4180 CSV with a BOM, and the queue filters', async () => {
    const res = await inbox.viewer.fetch(`${inbox.url}/api/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="inbox-export-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
    const header = ['time', 'network', 'account', 'author', 'language', 'sentiment', 'sentiment_score', 'complaint', 'complaint_reasons', 'status', 'assignee', 'text', 'link'];
    expect(rows[0]).toEqual(header);
    const records = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    expect(rows.slice(1).every((r) => r.length === header.length)).toBe(true);
    expect(records.length).toBe(await Message.countDocuments({}));
    const tricky = records.filter((r) => r.text === TRICKY);
    expect(tricky).toHaveLength(1);
    expect(tricky[0]).toMatchObject({ network: 'sandbox', account: account.name, language: 'km', status: 'open' });
    // A formula is shown as text, not run.
    expect(records.find((r) => r.text!.includes('HYPERLINK'))!.text).toBe(`'=HYPERLINK("http://evil.example","x")`);
    // One reply was sent (test above): its conversation's status and every field line up with the store.
    const someMessage = (await Message.findOne({ externalId: 'tricky' }).lean())!;
    expect(tricky[0]!.time).toBe(someMessage.createdAt.toISOString());
    expect(Number(tricky[0]!.sentiment_score)).toBe(someMessage.sentiment!.score);

    // Filtered like the queue: the complaint conversations' messages, each once.
    const complaints = (await inbox.viewer.getJson(`${inbox.url}/api/conversations?complaint=true&limit=100`)).body.data as Conversation[];
    const filtered = parseCsv((await (await inbox.viewer.fetch(`${inbox.url}/api/export.csv?complaint=true`)).text()).slice(1));
    expect(filtered.length - 1).toBe(complaints.reduce((n, c) => n + c.messageCount, 0));
    expect((await inbox.viewer.fetch(`${inbox.url}/api/export.csv?limit=5`)).status).toBe(400);
  });

  it('fills the counters from the stored data once, on the first start with them (upgrade)', async () => {
    await AnalyticsBucket.deleteMany({});
    await mongoose.connection.db!.collection('migrations').deleteOne({ _id: ANALYTICS_MIGRATION_ID } as never);
    expect(await backfillAnalytics(inbox.log)).toEqual({ messages: 61 + 7 + 9 + 4 + 2, responses: 1 });
    expect(await backfillAnalytics(inbox.log)).toBeNull();
    await agreesWithMessages();
    const { body } = await inbox.viewer.getJson(`${inbox.url}/api/analytics/responses?bucket=day`);
    expect(body.data.reduce((n: number, r: { responses: number }) => n + r.responses, 0)).toBe(1);
  });

  it('refuses unbounded or malformed periods', async () => {
    const now = Date.now();
    for (const [q, field] of [
      [`from=${new Date(now - 400 * 24 * HOUR).toISOString()}&bucket=day`, 'to'],
      [`from=${new Date(now - 40 * 24 * HOUR).toISOString()}&bucket=hour`, 'to'],
      [`from=${new Date(now).toISOString()}&to=${new Date(now - HOUR).toISOString()}`, 'from'],
      ['from=yesterday', 'from'],
      ['by=author', 'by'],
      ['bucket=minute', 'bucket'],
      ['bogus=1', 'bogus'],
    ] as const) {
      const { status, body } = await inbox.viewer.getJson(`${inbox.url}/api/analytics/volume?${q}`);
      expect(status, q).toBe(400);
      expect(body.error, q).toContain(field);
    }
    expect((await inbox.anon.getJson(`${inbox.url}/api/analytics/volume`)).status).toBe(401);
  });
});
