import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillCannedReply, findOrderNumber, type Conversation, type ConversationDetail } from '@inbox/contract';
import { startTestInbox, waitFor, type TestInbox } from '../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../tests/support/sandbox-account.ts';
import type { SandboxEmulator } from '../../connectors/sandbox/index.ts';
import type { AccountDoc } from '../src/models/account.ts';
import { ComplaintCorrection } from '../src/models/complaint-correction.ts';
import { Conversation as ConversationModel } from '../src/models/conversation.ts';
import { Types } from 'mongoose';
import { exportCorrections } from '../src/corrections/export.ts';
import { EventBus } from '../src/events/bus.ts';
import { PresenceBoard } from '../src/services/presence.ts';

describe('team workflow API', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let account: AccountDoc;

  beforeAll(async () => {
    inbox = await startTestInbox();
    ({ emulator, account } = await connectSandbox(inbox));
    await emulator.inject({ count: 6 });
    await emulator.inject({ text: 'My order 5531 never arrived, refund me now @shopco' });
    await emulator.inject({ text: 'Just wanted to say the new colours look lovely @shopco' });
    const out = await inbox.poller.pollAccount(String(account._id));
    expect(out.error).toBeUndefined();
  });
  afterAll(async () => {
    await emulator?.close();
    await inbox?.close();
  });

  const list = async (q = ''): Promise<Conversation[]> => (await inbox.admin.getJson(`/api/conversations?limit=100${q}`)).body.data;
  const detail = async (id: string): Promise<ConversationDetail> => (await inbox.admin.getJson(`/api/conversations/${id}`)).body.data;
  const byText = async (text: string) => (await list()).find((c) => c.lastMessage.text.includes(text))!;
  const audits = async (action: string) => (await inbox.admin.getJson(`/api/audit?action=${action}`)).body.data as Array<{ actor: { email: string }; target: { id: string }; details: Record<string, unknown> }>;

  it('keeps internal notes in the conversation, credited and audited, never sent', async () => {
    const c = await byText('5531');
    const before = (await emulator.replies()).length;
    const added = await inbox.agent.getJson(`/api/conversations/${c.id}/notes`, { method: 'POST', body: JSON.stringify({ text: 'Customer called too; courier says lost.' }) });
    expect(added.status).toBe(201);
    expect(added.body.data.by).toBe('agent@test.local');
    await inbox.admin.getJson(`/api/conversations/${c.id}/notes`, { method: 'POST', body: JSON.stringify({ text: 'Approved the refund.' }) });
    const d = await detail(c.id);
    expect(d.notes.map((n) => [n.text, n.by])).toEqual([
      ['Customer called too; courier says lost.', 'agent@test.local'],
      ['Approved the refund.', 'admin@test.local'],
    ]);
    expect((await emulator.replies()).length).toBe(before);
    const entry = (await audits('conversation.note')).find((a) => a.details.note === added.body.data.id)!;
    expect(entry.actor.email).toBe('agent@test.local');
    expect(JSON.stringify(entry)).not.toContain('courier');

    expect((await inbox.viewer.getJson(`/api/conversations/${c.id}/notes`, { method: 'POST', body: JSON.stringify({ text: 'x' }) })).status).toBe(403);
    const empty = await inbox.agent.getJson(`/api/conversations/${c.id}/notes`, { method: 'POST', body: JSON.stringify({ text: '  ' }) });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toContain('text');
    expect((await inbox.agent.getJson(`/api/conversations/0123456789abcdef01234567/notes`, { method: 'POST', body: JSON.stringify({ text: 'x' }) })).status).toBe(404);
  });

  it('corrects a complaint flag: message, conversation priority and reasons follow, audited and kept for training', async () => {
    const c = await byText('5531');
    expect(c.complaint).toBe(true);
    const d = await detail(c.id);
    const m = d.messages.find((x) => x.text.includes('5531'))!;
    expect(m.complaint.flag).toBe(true);
    const cleared = await inbox.agent.getJson(`/api/messages/${m.id}/complaint`, { method: 'PATCH', body: JSON.stringify({ flag: false }) });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data.message.complaint.flag).toBe(false);
    const after = await detail(c.id);
    expect(after.complaint).toBe(false);
    expect(after.reasons).toEqual([]);
    expect(after.priority).toBeLessThan(c.priority);
    expect(after.dueAt).toBeNull();
    expect(after.messages.find((x) => x.id === m.id)!.complaint.flag).toBe(false);
    expect((await list('&complaint=true')).map((x) => x.id)).not.toContain(c.id);

    // The other way: a message the scorer let through.
    const praise = await byText('colours');
    const pm = (await detail(praise.id)).messages[0]!;
    expect(pm.complaint.flag).toBe(false);
    const flagged = await inbox.agent.getJson(`/api/messages/${pm.id}/complaint`, { method: 'PATCH', body: JSON.stringify({ flag: true }) });
    expect(flagged.status).toBe(200);
    const p2 = await detail(praise.id);
    expect(p2.complaint).toBe(true);
    expect(p2.reasons.length).toBeGreaterThan(0);
    expect(p2.priority).toBeGreaterThan(praise.priority);

    const entry = (await audits('message.complaint')).find((a) => a.target.id === m.id)!;
    expect(entry.details).toMatchObject({ from: true, complaint: false });
    const stored = await ComplaintCorrection.find({ messageId: { $in: [m.id, pm.id] } }).lean();
    expect(stored.map((s) => [s.messageId, s.complaint]).sort()).toEqual([[m.id, false], [pm.id, true]].sort());
    const lines: string[] = [];
    await exportCorrections((l) => lines.push(l));
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ text: m.text, complaint: false }));

    expect((await inbox.viewer.getJson(`/api/messages/${m.id}/complaint`, { method: 'PATCH', body: JSON.stringify({ flag: true }) })).status).toBe(403);
    const bad = await inbox.agent.getJson(`/api/messages/${m.id}/complaint`, { method: 'PATCH', body: JSON.stringify({ flag: 'yes' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('flag');
    expect((await inbox.agent.getJson(`/api/messages/0123456789abcdef01234567/complaint`, { method: 'PATCH', body: JSON.stringify({ flag: true }) })).status).toBe(404);
  });

  it('lets admins manage canned replies and fills their variables', async () => {
    const made = await inbox.admin.getJson('/api/canned-replies', { method: 'POST', body: JSON.stringify({ title: 'Lost parcel', text: 'Hi {{customer.name}}, order {{order}} is on its way. {{agent.name}}' }) });
    expect(made.status).toBe(201);
    const id = made.body.data.id;
    expect((await inbox.agent.getJson('/api/canned-replies', { method: 'POST', body: JSON.stringify({ title: 'x', text: 'y' }) })).status).toBe(403);
    const patched = await inbox.admin.getJson(`/api/canned-replies/${id}`, { method: 'PATCH', body: JSON.stringify({ text: 'Hi {{customer.name}}, order {{order}} ships today. {{agent.name}}' }) });
    expect(patched.status).toBe(200);
    await inbox.admin.getJson('/api/canned-replies', { method: 'POST', body: JSON.stringify({ title: 'A greeting', text: 'Hello {{customer.handle}}' }) });
    const listed = (await inbox.agent.getJson('/api/canned-replies')).body.data as Array<{ id: string; title: string; text: string }>;
    expect(listed.map((c) => c.title)).toEqual(['A greeting', 'Lost parcel']);
    const canned = listed.find((c) => c.id === id)!;
    expect(fillCannedReply(canned.text, { customer: { name: 'Amina', handle: 'amina' }, texts: ['My order 5531 never arrived'], agent: { name: 'Sam', email: 'sam@x.io' } })).toBe('Hi Amina, order 5531 ships today. Sam');
    expect(fillCannedReply(canned.text, { customer: { name: null, handle: 'amina' }, texts: ['where is it?'], agent: { name: null, email: 'sam@x.io' } })).toBe('Hi @amina, order {{order}} ships today. sam');
    expect(findOrderNumber(['order #A-1234 please', 'ok'])).toBe('A-1234');
    expect(findOrderNumber(['no number here'])).toBeNull();
    const deleted = await inbox.admin.getJson(`/api/canned-replies/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await inbox.admin.getJson(`/api/canned-replies/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await audits('canned.create')).length).toBe(2);
    expect((await audits('canned.delete')).map((a) => a.target.id)).toEqual([id]);
    expect((await inbox.admin.getJson('/api/canned-replies', { method: 'POST', body: JSON.stringify({ title: '', text: 'y' }) })).body.error).toContain('title');
  });

  it('applies a bulk action to each selected conversation and answers per id', async () => {
    const all = await list();
    const ids = all.slice(0, 3).map((c) => c.id);
    const missing = '0123456789abcdef01234567';
    const assign = await inbox.agent.getJson('/api/conversations/bulk', { method: 'POST', body: JSON.stringify({ ids: [...ids, missing], action: { type: 'assign', assignee: 'me' } }) });
    expect(assign.status).toBe(200);
    expect(assign.body.data.map((r: { id: string; ok: boolean }) => [r.id, r.ok])).toEqual([...ids.map((id) => [id, true]), [missing, false]]);
    expect((await inbox.agent.getJson('/api/conversations?assignee=me')).body.data.map((c: Conversation) => c.id).sort()).toEqual([...ids].sort());
    const label = await inbox.agent.getJson('/api/conversations/bulk', { method: 'POST', body: JSON.stringify({ ids, action: { type: 'label', label: 'shipping' } }) });
    expect(label.body.data.every((r: { ok: boolean }) => r.ok)).toBe(true);
    for (const id of ids) expect((await detail(id)).labels).toContain('shipping');
    const counts0 = (await inbox.admin.getJson('/api/conversations/counts')).body.data;
    const close = await inbox.agent.getJson('/api/conversations/bulk', { method: 'POST', body: JSON.stringify({ ids, action: { type: 'close' } }) });
    expect(close.status).toBe(200);
    for (const id of ids) expect((await detail(id)).status).toBe('closed');
    const counts1 = (await inbox.admin.getJson('/api/conversations/counts')).body.data;
    expect(counts1.closed - counts0.closed).toBe(3);
    const assignAudits = (await audits('conversation.assign')).filter((a) => ids.includes(a.target.id));
    expect(assignAudits).toHaveLength(3);
    expect(assignAudits.every((a) => a.details.bulk === true && a.actor.email === 'agent@test.local')).toBe(true);

    const tooMany = await inbox.agent.getJson('/api/conversations/bulk', { method: 'POST', body: JSON.stringify({ ids: Array.from({ length: 101 }, () => missing), action: { type: 'close' } }) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toContain('ids');
    expect((await inbox.viewer.getJson('/api/conversations/bulk', { method: 'POST', body: JSON.stringify({ ids, action: { type: 'close' } }) })).status).toBe(403);
    expect((await inbox.agent.getJson('/api/conversations/bulk', { method: 'POST', body: JSON.stringify({ ids, action: { type: 'delete' } }) })).status).toBe(400);
  });

  it('announces who is viewing or typing over SSE and forgets who left', async () => {
    const c = (await list())[0]!;
    const ctrl = new AbortController();
    const res = await inbox.admin.fetch('/api/stream', { signal: ctrl.signal });
    const reader = res.body!.getReader();
    let seen = '';
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        seen += new TextDecoder().decode(value);
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const post = (state: string) => inbox.agent.getJson(`/api/conversations/${c.id}/presence`, { method: 'POST', body: JSON.stringify({ state }) });
    expect((await post('viewing')).body.data).toEqual([expect.objectContaining({ email: 'agent@test.local', state: 'viewing' })]);
    await waitFor(() => seen.includes('event: presence') && seen.includes('"state":"viewing"'));
    await post('typing');
    await waitFor(() => seen.includes('"state":"typing"'));
    expect((await post('left')).body.data).toEqual([]);
    await waitFor(() => seen.includes('"present":[]'));
    ctrl.abort();
    expect((await post('sleeping')).status).toBe(400);
  });

  it('lists the Overdue view: reply-by passed, longest overdue first, never closed, cursor-paged', async () => {
    const openOnes = await list('&status=open');
    expect(openOnes.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = openOnes;
    const ago = (min: number) => new Date(Date.now() - min * 60_000);
    // Deadlines as stored after an hour's wait (the reply-by of a public complaint is an hour).
    await ConversationModel.collection.updateOne({ _id: new Types.ObjectId(a!.id) }, { $set: { dueAt: ago(30) } });
    await ConversationModel.collection.updateOne({ _id: new Types.ObjectId(b!.id) }, { $set: { dueAt: ago(90) } });
    await ConversationModel.collection.updateOne({ _id: new Types.ObjectId(c!.id) }, { $set: { dueAt: new Date(Date.now() + 30 * 60_000) } });
    const first = await inbox.agent.getJson('/api/conversations?overdue=true&limit=1');
    expect(first.status).toBe(200);
    expect(first.body.data.map((x: Conversation) => x.id)).toEqual([b!.id]);
    const second = await inbox.agent.getJson(`/api/conversations?overdue=true&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((x: Conversation) => x.id)).toEqual([a!.id]);
    // Closing takes it out of the view (closing clears the deadline).
    await inbox.agent.getJson(`/api/conversations/${b!.id}`, { method: 'PATCH', body: JSON.stringify({ status: 'closed' }) });
    expect((await inbox.agent.getJson('/api/conversations?overdue=true')).body.data.map((x: Conversation) => x.id)).toEqual([a!.id]);
    expect((await inbox.agent.getJson('/api/conversations?overdue=maybe')).body.error).toContain('overdue');
  });

  it('drops a presence entry that is not renewed', () => {
    const bus = new EventBus();
    const events: unknown[] = [];
    bus.subscribe((e) => events.push(e));
    let t = 1_000_000;
    const board = new PresenceBoard(bus, 15_000, () => t);
    try {
      board.set('c1', { email: 'amina@x.io', name: 'Amina' }, 'viewing');
      t += 10_000;
      board.set('c1', { email: 'amina@x.io', name: 'Amina' }, 'viewing');
      t += 10_000;
      board.sweep();
      expect(board.present('c1')).toHaveLength(1);
      t += 6_000;
      board.sweep();
      expect(board.present('c1')).toEqual([]);
      expect(events).toHaveLength(2);
      expect(events[1]).toEqual({ type: 'presence', conversation: 'c1', present: [] });
    } finally {
      board.close();
    }
  });
});
