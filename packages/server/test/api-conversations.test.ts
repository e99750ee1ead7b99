import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, waitFor, type TestInbox } from '../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../tests/support/sandbox-account.ts';
import type { SandboxEmulator } from '../../connectors/sandbox/index.ts';
import type { AccountDoc } from '../src/models/account.ts';

import type { Conversation, ConversationDetail } from '@inbox/contract';

type M = Conversation;

describe('conversations API', () => {
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
      const { status, body }: { status: number; body: { data: M[]; nextCursor: string | null } } = await inbox.admin.getJson(`${inbox.url}/api/conversations?limit=7&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      all.push(...body.data);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    return all;
  }

  it('pages through every conversation exactly once, newest first and priority first', async () => {
    const newest = await walk('order=newest');
    const ids = new Set(newest.map((m) => m.id));
    expect(ids.size).toBe(newest.length);
    // 46 messages, some continuing an earlier thread: every message counted in exactly one conversation.
    expect(newest.reduce((n, c) => n + c.messageCount, 0)).toBe(46);
    const counts = (await inbox.admin.getJson(`${inbox.url}/api/conversations/counts`)).body.data;
    expect(counts.open).toBe(newest.length);
    for (let i = 1; i < newest.length; i++) expect(newest[i - 1]!.lastMessageAt >= newest[i]!.lastMessageAt).toBe(true);

    const prio = await walk('order=priority');
    expect(new Set(prio.map((m) => m.id))).toEqual(ids);
    for (let i = 1; i < prio.length; i++) expect(prio[i - 1]!.priority).toBeGreaterThanOrEqual(prio[i]!.priority);
    expect(prio[0]!.complaint).toBe(true);
    expect(prio[0]!.reasons.length).toBeGreaterThan(0);
  });

  it('filters by complaint, sentiment, status, language, network, assignee and text', async () => {
    const complaints = await walk('complaint=true');
    expect(complaints.length).toBeGreaterThan(0);
    expect(complaints.every((m) => m.complaint)).toBe(true);
    const negative = await walk('sentiment=negative');
    expect(negative.every((m) => m.sentiment === 'negative')).toBe(true);
    const sw = await walk('lang=sw');
    expect(sw.every((m) => m.lang === 'sw')).toBe(true);
    expect((await walk('network=x')).length).toBe(0);
    const found = await walk('q=5531%20refund');
    expect(found.map((m) => m.lastMessage.text)).toEqual(['My order 5531 never arrived, refund me now @shopco']);
    expect(await walk('q=5531%20nonexistentword')).toHaveLength(0);
    expect(await walk('status=closed')).toHaveLength(0);

    const [one] = await walk('order=newest');
    const assigned = await inbox.agent.getJson(`${inbox.url}/api/conversations/${one!.id}`, { method: 'PATCH', body: JSON.stringify({ assignee: 'agent@test.local' }) });
    expect(assigned.status).toBe(200);
    expect((await inbox.agent.getJson(`${inbox.url}/api/conversations?assignee=me`)).body.data.map((c: M) => c.id)).toEqual([one!.id]);
    expect((await walk('assignee=none')).map((c) => c.id)).not.toContain(one!.id);
    await inbox.agent.getJson(`${inbox.url}/api/conversations/${one!.id}`, { method: 'PATCH', body: JSON.stringify({ assignee: null }) });
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
      ['assignee=somebody', 'assignee'],
      ['cursor=not-a-cursor', 'cursor'],
      ['status=open&status=closed', 'status'],
    ] as const) {
      const { status, body } = await inbox.admin.getJson(`${inbox.url}/api/conversations?${q}`);
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
        if (seen.includes('event: conversation.updated') && seen.includes('event: message.created')) return;
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const patch = await inbox.admin.getJson(`${inbox.url}/api/conversations/${first!.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'closed' }),
    });
    expect(patch.status).toBe(200);
    expect(patch.body.data.status).toBe('closed');
    await emulator.inject({ text: 'Live one: parcel damaged, I want my money back' });
    await inbox.poller.pollAccount(String(account._id));
    await waitFor(() => seen.includes('event: message.created') && seen.includes('Live one'));
    ctrl.abort();
    await reading.catch(() => {});
    expect(seen).toContain('event: conversation.updated');
    expect(seen).not.toContain('replyTarget');
    expect(seen).not.toContain('tokens');
    expect(seen).not.toContain('sealedCredentials');

    const bad = await inbox.admin.getJson(`${inbox.url}/api/conversations/${first!.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'archived' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('status');
    const missing = await inbox.admin.getJson(`${inbox.url}/api/conversations/0123456789abcdef01234567`);
    expect(missing.status).toBe(404);
    const notId = await inbox.admin.getJson(`${inbox.url}/api/conversations/nope`);
    expect(notId.status).toBe(400);
  });

  it('sends a reply once, however often the same draft is submitted, credited to its agent', async () => {
    const [target] = await walk('order=newest');
    const send = () =>
      inbox.agent.getJson(`${inbox.url}/api/conversations/${target!.id}/replies`, {
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
    const detail: ConversationDetail = (await inbox.admin.getJson(`${inbox.url}/api/conversations/${target!.id}`)).body.data;
    const sent = detail.messages.flatMap((m) => m.replies);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.by).toBe('agent@test.local');
    // Sending does not change the status by itself; everything before the reply is answered.
    expect(detail.status).toBe('open');
    expect(detail.unansweredCount).toBe(0);
    expect(detail.firstResponseMs).toBeGreaterThanOrEqual(0);
    const empty = await inbox.admin.getJson(`${inbox.url}/api/conversations/${target!.id}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '   ', key: 'draft-key-0002' }),
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toContain('text');

    // "Send and close".
    const closing = await inbox.agent.getJson(`${inbox.url}/api/conversations/${target!.id}/replies`, { method: 'POST', body: JSON.stringify({ text: 'Refund issued.', key: 'draft-key-0003', close: true }) });
    expect(closing.status).toBe(201);
    const closed: ConversationDetail = (await inbox.admin.getJson(`${inbox.url}/api/conversations/${target!.id}`)).body.data;
    expect(closed.status).toBe('closed');
    expect(closed.resolutionMs).toBeGreaterThanOrEqual(0);
    expect(closed.dueAt).toBeNull();
  });

  it('keeps a draft whose send failed, and sends the edited text once on retry', async () => {
    const [, target] = await walk('order=newest');
    const send = (text: string) =>
      inbox.agent.getJson(`/api/conversations/${target!.id}/replies`, { method: 'POST', body: JSON.stringify({ text, key: 'draft-key-retry1' }) });
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
