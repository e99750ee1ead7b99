import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Conversation, ConversationDetail, ConversationPage } from '@inbox/contract';
import { startTestInbox, waitFor, type TestInbox } from '../support/inbox.ts';
import { connectSandbox } from '../support/sandbox-account.ts';
import { launchBrowser } from '../support/browser.ts';
import { TEST_PASSWORD, testEmail } from '../support/auth.ts';
import type { SandboxEmulator } from '../../packages/connectors/sandbox/index.ts';
import { createUser } from '../../packages/server/src/auth/users.ts';
import { Conversation as ConversationModel } from '../../packages/server/src/models/conversation.ts';
import { Types } from 'mongoose';

// Screenshots (git-ignored), to look at after a run.
const SHOTS = path.join(import.meta.dirname, '..', 'e2e', 'screenshots');
const AMINA = { email: 'amina@test.local', password: 'amina-password-for-tests' };

describe('team workflow in Chromium: two agents, notes, canned replies, corrections, bulk', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let browser: Browser;
  let agentPage: Page;
  let aminaPage: Page;
  let target: Conversation;
  const errors: string[] = [];

  beforeAll(async () => {
    inbox = await startTestInbox();
    const c = await connectSandbox(inbox, { seed: 7 });
    emulator = c.emulator;
    await emulator.inject({ count: 5 });
    await emulator.inject({ text: 'My order 5531 never arrived, refund me now @shopco' });
    await inbox.poller.pollAccount(String(c.account._id));
    await createUser({ ...AMINA, role: 'agent', name: 'Amina' });
    target = (await inbox.admin.getJson<ConversationPage>('/api/conversations?q=5531')).body.data[0]!;
    expect(target).toBeDefined();
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await inbox?.close();
  });

  async function open(): Promise<Conversation[]> {
    return (await inbox.admin.getJson<ConversationPage>('/api/conversations?status=open&order=priority&limit=100')).body.data;
  }
  async function detail(id: string): Promise<ConversationDetail> {
    return (await inbox.admin.getJson<{ data: ConversationDetail }>(`/api/conversations/${id}`)).body.data;
  }
  async function signedInPage(email: string, password: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const p = await browser.newPage({ viewport });
    p.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${email}: ${m.text()}`);
    });
    await p.goto(inbox.url);
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByTestId('live').filter({ hasText: 'Live' }).waitFor();
    return p;
  }
  const list = (p: Page) => p.getByRole('list', { name: 'Conversations' });
  const thread = (p: Page) => p.getByRole('article', { name: 'Conversation' });
  const openTarget = async (p: Page) => {
    await list(p).locator(`[data-id="${target.id}"]`).click();
    await thread(p).getByText('5531').first().waitFor();
  };
  const noOverflow = (p: Page) => p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

  it('shows who else is viewing and typing, and credits the reply to the agent who sent it', async () => {
    agentPage = await signedInPage(testEmail('agent'), TEST_PASSWORD.agent);
    aminaPage = await signedInPage(AMINA.email, AMINA.password);
    await openTarget(aminaPage);
    await openTarget(agentPage);
    // Amina sees the other agent; the other agent sees Amina by her name.
    await aminaPage.getByRole('status', { name: 'Who else is here' }).filter({ hasText: 'agent is viewing' }).waitFor();
    await agentPage.getByRole('status', { name: 'Who else is here' }).filter({ hasText: 'Amina is viewing' }).waitFor();
    await agentPage.getByRole('textbox', { name: /^Reply/ }).fill('Looking into order 5531 now.');
    await aminaPage.getByRole('status', { name: 'Who else is here' }).filter({ hasText: 'agent is typing…' }).waitFor();
    await aminaPage.screenshot({ path: path.join(SHOTS, 'team-collision.png') });
    await agentPage.getByRole('button', { name: 'Send', exact: true }).click();
    await agentPage.getByRole('group', { name: 'Reply by You' }).waitFor();
    // Amina reloads the thread: the reply is the other agent's, not hers.
    await aminaPage.reload();
    await openTarget(aminaPage);
    await aminaPage.getByRole('group', { name: `Reply by ${testEmail('agent')}` }).waitFor();
    const replies = (await detail(target.id)).messages.flatMap((m) => m.replies);
    expect(replies.map((r) => r.by)).toEqual([testEmail('agent')]);
  });

  it('adds an internal note the other agent sees at once, marked as internal', async () => {
    const form = agentPage.getByRole('form', { name: 'Internal note' });
    await form.getByLabel('Internal note (only your team sees it)').fill('Courier confirmed the parcel is lost.');
    await form.getByRole('button', { name: 'Add note' }).click();
    await agentPage.getByRole('listitem', { name: 'Internal note by You' }).filter({ hasText: 'Courier confirmed' }).waitFor();
    await aminaPage.getByRole('listitem', { name: `Internal note by ${testEmail('agent')}` }).filter({ hasText: 'Courier confirmed' }).waitFor();
    expect((await detail(target.id)).notes.map((n) => n.text)).toEqual(['Courier confirmed the parcel is lost.']);
    expect((await emulator.replies()).map((r) => r.text)).not.toContain('Courier confirmed the parcel is lost.');
    await agentPage.screenshot({ path: path.join(SHOTS, 'team-note.png'), fullPage: true });
  });

  it('an admin adds a canned reply; an agent inserts it with the customer and order filled', async () => {
    const admin = await signedInPage(testEmail('admin'), TEST_PASSWORD.admin);
    await admin.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Canned replies' }).click();
    await admin.getByLabel('Title').fill('Lost parcel');
    await admin.getByLabel('Text').fill('Hi {{customer.name}}, your order {{order}} is being refunded. {{agent.name}}');
    await admin.getByRole('button', { name: 'Add canned reply' }).click();
    await admin.getByRole('list', { name: 'Canned reply list' }).getByText('Lost parcel', { exact: true }).waitFor();
    await admin.screenshot({ path: path.join(SHOTS, 'team-canned-admin.png') });
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.screenshot({ path: path.join(SHOTS, 'team-canned-admin-phone.png'), fullPage: true });
    expect(await noOverflow(admin)).toBe(0);
    await admin.close();

    await agentPage.reload();
    await openTarget(agentPage);
    const box = agentPage.getByRole('textbox', { name: /^Reply/ });
    await box.fill('');
    await agentPage.getByLabel('Insert a canned reply').selectOption({ label: 'Lost parcel' });
    const customer = target.customer.name ?? `@${target.customer.handle}`;
    expect(await box.inputValue()).toBe(`Hi ${customer}, your order 5531 is being refunded. agent`);
  });

  it('corrects a complaint flag on a message, and the conversation follows', async () => {
    expect((await detail(target.id)).messages.some((m) => m.complaint.flag)).toBe(true);
    const msg = thread(agentPage).getByRole('listitem').filter({ hasText: 'My order 5531 never arrived' }).first();
    await msg.getByRole('button', { name: 'Not a complaint' }).click();
    await msg.getByRole('button', { name: 'Complaint', exact: true }).waitFor();
    const after = await detail(target.id);
    expect(after.messages.find((m) => m.text.includes('5531'))!.complaint.flag).toBe(false);
    expect(after.complaint).toBe(false);
  });

  it('keeps the view in the URL: a shared link opens the same search and conversation, with the matches marked', async () => {
    const p = await signedInPage(testEmail('agent'), TEST_PASSWORD.agent);
    await p.goto(`${inbox.url}/?q=5531&all=1&c=${target.id}`);
    await thread(p).locator('mark', { hasText: '5531' }).first().waitFor();
    expect(await p.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('5531');
    expect(await list(p).locator('[data-id]').count()).toBe(1);
    await p.getByRole('radiogroup', { name: 'Order' }).getByRole('radio', { name: 'Newest' }).click();
    await waitFor(async () => new URL(p.url()).searchParams.get('order') === 'newest');
    await p.reload();
    await p.getByRole('radiogroup', { name: 'Order' }).getByRole('radio', { name: 'Newest', checked: true }).waitFor();
    await thread(p).locator('mark', { hasText: '5531' }).first().waitFor();
    expect(new URL(p.url()).searchParams.get('c')).toBe(target.id);
    await p.screenshot({ path: path.join(SHOTS, 'team-url-search.png') });
    await p.close();
  });

  it('shows the Overdue view: only conversations whose reply-by has passed', async () => {
    const late = (await open()).find((c) => c.id !== target.id)!;
    // A deadline as stored once it has passed (the reply-by of a public complaint is an hour).
    await ConversationModel.collection.updateOne({ _id: new Types.ObjectId(late.id) }, { $set: { dueAt: new Date(Date.now() - 20 * 60_000) } });
    const p = await signedInPage(testEmail('agent'), TEST_PASSWORD.agent);
    await p.getByRole('search').getByRole('button', { name: 'Overdue', exact: true }).click();
    await waitFor(async () => (await list(p).locator('[data-id]').count()) === 1);
    expect(await list(p).locator('[data-id]').getAttribute('data-id')).toBe(late.id);
    expect(new URL(p.url()).searchParams.get('overdue')).toBe('true');
    await p.close();
  });

  it('closes a selection in bulk, and works at 390 px without sideways scrolling', async () => {
    const ids = (await open()).filter((c) => c.id !== target.id).slice(0, 2).map((c) => c.id);
    expect(ids).toHaveLength(2);
    const phone = await signedInPage(testEmail('agent'), TEST_PASSWORD.agent, { width: 390, height: 844 });
    for (const id of ids) await list(phone).locator('li').filter({ has: phone.locator(`[data-id="${id}"]`) }).getByRole('checkbox').check();
    const bar = phone.getByRole('toolbar', { name: 'Selected conversations' });
    await bar.getByText('2 selected').waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'team-bulk-phone.png') });
    expect(await noOverflow(phone)).toBe(0);
    await bar.getByRole('button', { name: 'Close selected' }).click();
    await waitFor(async () => (await Promise.all(ids.map(detail))).every((d) => d.status === 'closed'));
    // The closed ones leave the open list.
    for (const id of ids) await list(phone).locator(`[data-id="${id}"]`).waitFor({ state: 'detached' });
    await openTarget(phone);
    await phone.screenshot({ path: path.join(SHOTS, 'team-thread-phone.png'), fullPage: true });
    expect(await noOverflow(phone)).toBe(0);
    await phone.close();
    expect(errors).toEqual([]);
  });
});
