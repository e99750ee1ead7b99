import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, waitFor, type TestInbox } from '../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../tests/support/sandbox-account.ts';
import type { SandboxEmulator } from '../../connectors/sandbox/index.ts';
import type { AccountDoc } from '../src/models/account.ts';

interface M {
  id: string;
  externalId: string;
  network: string;
  status: string;
  priority: number;
  receivedAt: string;
  complaint: { flag: boolean };
  sentiment: { label: string };
  lang: string;
  text: string;
}

describe('mentions API', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let account: AccountDoc;

  beforeAll(async () => {
    inbox = await startTestInbox();
    ({ emulator, account } = await connectSandbox(inbox));
    await emulator.inject({ count: 45 });
    await emulator.inject({ text: 'My order 5531 never arrived, refund me now @shopco' });
    const out = await inbox.poller.pollAccount(String(account._id));
    expect(out.error).toBeUndefined();
  });
  afterAll(async () => {
    await emulator?.close();
    await inbox?.close();
  });

  async function walk(query: string): Promise<M[]> {
    const all: M[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const { status, body }: { status: number; body: { data: M[]; nextCursor: string | null } } = await inbox.admin.getJson(`${inbox.url}/api/mentions?limit=7&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      all.push(...body.data);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    return all;
  }

  it('pages through every mention exactly once, newest first and priority first', async () => {
    const newest = await walk('order=newest');
    expect(newest).toHaveLength(46);
    expect(new Set(newest.map((m) => m.id)).size).toBe(46);
    for (let i = 1; i < newest.length; i++) expect(newest[i - 1]!.receivedAt >= newest[i]!.receivedAt).toBe(true);

    const prio = await walk('order=priority');
    expect(new Set(prio.map((m) => m.id))).toEqual(new Set(newest.map((m) => m.id)));
    for (let i = 1; i < prio.length; i++) expect(prio[i - 1]!.priority).toBeGreaterThanOrEqual(prio[i]!.priority);
    expect(prio[0]!.complaint.flag).toBe(true);
  });

  it('filters by complaint, sentiment, status, language, network and text', async () => {
    const complaints = await walk('complaint=true');
    expect(complaints.length).toBeGreaterThan(0);
    expect(complaints.every((m) => m.complaint.flag)).toBe(true);
    const negative = await walk('sentiment=negative');
    expect(negative.every((m) => m.sentiment.label === 'negative')).toBe(true);
    const sw = await walk('lang=sw');
    expect(sw.every((m) => m.lang === 'sw')).toBe(true);
    expect((await walk('network=x')).length).toBe(0);
    const found = await walk('q=5531%20refund');
    expect(found.map((m) => m.text)).toEqual(['My order 5531 never arrived, refund me now @shopco']);
    expect(await walk('status=closed')).toHaveLength(0);
  });

  it('refuses bad queries with a 400 that names the field', async () => {
    for (const [q, field] of [
      ['limit=abc', 'limit'],
      ['limit=1000', 'limit'],
      ['status=deleted', 'status'],
      ['complaint=maybe', 'complaint'],
      ['order=random', 'order'],
      ['lang=%24gt', 'lang'],
      ['bogus=1', 'bogus'],
      ['cursor=not-a-cursor', 'cursor'],
      ['status=open&status=closed', 'status'],
    ] as const) {
      const { status, body } = await inbox.admin.getJson(`${inbox.url}/api/mentions?${q}`);
      expect(status, q).toBe(400);
      expect(body.error, q).toContain(field);
    }
  });

  it('changes status and announces the change over SSE', async () => {
    const [first] = await walk('order=newest');
    const ctrl = new AbortController();
    const res = await inbox.admin.fetch(`${inbox.url}/api/stream`, { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let seen = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        seen += new TextDecoder().decode(value);
        if (seen.includes('event: mention.updated') && seen.includes('event: mention.created')) return;
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const patch = await inbox.admin.getJson(`${inbox.url}/api/mentions/${first!.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'closed' }),
    });
    expect(patch.status).toBe(200);
    expect(patch.body.data.status).toBe('closed');
    await emulator.inject({ text: 'Live one: parcel damaged, I want my money back' });
    await inbox.poller.pollAccount(String(account._id));
    await waitFor(() => seen.includes('event: mention.created') && seen.includes('Live one'));
    ctrl.abort();
    await reading.catch(() => {});
    expect(seen).toContain('event: mention.updated');
    expect(seen).not.toContain('sealedCredentials');

    const bad = await inbox.admin.getJson(`${inbox.url}/api/mentions/${first!.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'archived' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('status');
    const missing = await inbox.admin.getJson(`${inbox.url}/api/mentions/0123456789abcdef01234567`);
    expect(missing.status).toBe(404);
    const notId = await inbox.admin.getJson(`${inbox.url}/api/mentions/nope`);
    expect(notId.status).toBe(400);
  });

  it('sends a reply once, however often the same draft is submitted', async () => {
    const [target] = await walk('order=newest');
    const send = () =>
      inbox.agent.getJson(`${inbox.url}/api/mentions/${target!.id}/replies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Sorry about that, we are on it.', key: 'draft-key-0001' }),
      });
    const results = await Promise.all([send(), send(), send()]);
    expect(results.map((r) => r.status).sort()).toContain(201);
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.body.data.status).toBe('sent');
    const replies = await emulator.replies();
    expect(replies.filter((r) => r.text === 'Sorry about that, we are on it.')).toHaveLength(1);
    const detail = await inbox.admin.getJson(`${inbox.url}/api/mentions/${target!.id}`);
    expect(detail.body.data.replies).toHaveLength(1);
    expect(detail.body.data.status).toBe('pending');
    const empty = await inbox.admin.getJson(`${inbox.url}/api/mentions/${target!.id}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '   ', key: 'draft-key-0002' }),
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toContain('text');
  });

  it('keeps a draft whose send failed, and sends the edited text once on retry', async () => {
    const [, target] = await walk('order=newest');
    const send = (text: string) =>
      inbox.agent.getJson(`/api/mentions/${target!.id}/replies`, { method: 'POST', body: JSON.stringify({ text, key: 'draft-key-retry1' }) });
    emulator.failWith(500);
    const failed = await send('First try');
    expect(failed.status).toBe(502);
    expect(failed.body.error).toContain('draft is kept');
    expect(failed.body.data.status).toBe('failed');
    emulator.failWith(0);
    const retried = await send('First try, corrected');
    expect(retried.status).toBe(201);
    expect(retried.body.data.text).toBe('First try, corrected');
    const texts = (await emulator.replies()).map((r) => r.text);
    expect(texts).toContain('First try, corrected');
    expect(texts).not.toContain('First try');
  });

  it('reports database health', async () => {
    const { status, body } = await inbox.anon.getJson(`${inbox.url}/api/health`);
    expect(status).toBe(200);
    expect(body.database.state).toBe('up');
  });
});
