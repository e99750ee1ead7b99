import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMention } from '@inbox/connectors';
import type { Conversation, VolumeRow } from '@inbox/contract';
import { startTestInbox, type TestInbox } from '../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../tests/support/sandbox-account.ts';
import type { SandboxEmulator } from '../../connectors/sandbox/index.ts';
import type { AccountDoc } from '../src/models/account.ts';
import { Message } from '../src/models/message.ts';
import { ingest } from '../src/ingest/pipeline.ts';

const HOUR = 3_600_000;

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

  it('agrees with the stored messages, by every dimension and bucket', async () => {
    const stored = await Message.find({}, { network: 1, lang: 1, account: 1, sentiment: 1, complaint: 1, createdAt: 1 }).lean<Array<{ network: string; lang: string; account: unknown; sentiment: { label: 'negative' | 'neutral' | 'positive' }; complaint: { flag: boolean }; createdAt: Date }>>();
    expect(stored.length).toBe(61 + 7 + 9 + 4);
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
  });

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
