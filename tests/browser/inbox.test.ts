import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Conversation, ConversationDetail, ConversationPage, QueueCounts } from '@inbox/contract';
import { startTestInbox, waitFor, type TestInbox } from '../support/inbox.ts';
import { connectSandbox } from '../support/sandbox-account.ts';
import { launchBrowser } from '../support/browser.ts';
import { TEST_PASSWORD, testEmail } from '../support/auth.ts';
import type { SandboxEmulator } from '../../packages/connectors/sandbox/index.ts';
import { hmacSha256 } from '@inbox/connectors';

// Screenshots of the inbox (git-ignored), to look at after a run.
const SHOTS = path.join(import.meta.dirname, '..', 'e2e', 'screenshots');
const INJECTED = 14;

describe('web inbox in Chromium', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let accountId: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const admin = testEmail('admin');

  beforeAll(async () => {
    inbox = await startTestInbox();
    const c = await connectSandbox(inbox, { seed: 99 });
    emulator = c.emulator;
    accountId = String(c.account._id);
    await emulator.inject({ count: INJECTED });
    await inbox.poller.schedule(c.account);
    // Every message filed before the browser looks (some continue an earlier thread).
    await waitFor(async () => (await openConversations()).reduce((n, c) => n + c.messageCount, 0) === INJECTED, 30_000);
    browser = await launchBrowser();
    page = await newPage(errors);
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await inbox?.close();
  });

  async function openConversations(): Promise<Conversation[]> {
    const { body } = await inbox.admin.getJson<ConversationPage>('/api/conversations?status=open&order=priority&limit=100');
    return body.data;
  }
  async function detail(id: string): Promise<ConversationDetail> {
    return (await inbox.admin.getJson<{ data: ConversationDetail }>(`/api/conversations/${id}`)).body.data;
  }

  /** A page that reports script errors, console errors and every CSP violation into `sink`. */
  async function newPage(sink: string[], viewport = { width: 1280, height: 800 }): Promise<Page> {
    const p = await browser.newPage({ viewport });
    await p.addInitScript({
      content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    });
    p.on('pageerror', (e) => sink.push(e.message));
    p.on('console', (m) => {
      if (m.type() === 'error') sink.push(m.text());
    });
    return p;
  }

  async function signIn(p: Page, email: string, password: string): Promise<void> {
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
  }

  const list = (p: Page = page) => p.getByRole('list', { name: 'Conversations' });
  const assignee = (name: 'All' | 'Mine' | 'Unassigned') => page.getByRole('radiogroup', { name: 'Assignee' }).getByRole('radio', { name, exact: true }).click();
  const rows = (p: Page = page) => list(p).getByRole('listitem');
  const row = (id: string, p: Page = page): Locator => list(p).locator(`[data-id="${id}"]`);
  const thread = (p: Page = page) => p.getByRole('article', { name: 'Conversation' });
  const selectedId = (p: Page = page) => list(p).locator('[aria-current="true"]').getAttribute('data-id');
  // Page-side code as strings: the tests are type-checked without the DOM library.
  const focusedId = (p: Page = page) => p.evaluate<string>("document.activeElement?.id ?? ''");
  async function blur(p: Page = page): Promise<void> {
    await p.evaluate('document.activeElement?.blur()');
  }

  it('lists the conversations: customer, network, last message, message count, status, priority', async () => {
    await page.goto(inbox.url);
    await signIn(page, admin, TEST_PASSWORD.admin);
    await page.getByTestId('whoami').filter({ hasText: 'admin' }).waitFor();
    await page.getByTestId('live').filter({ hasText: 'Live' }).waitFor();
    const expected = await openConversations();
    await waitFor(async () => (await rows().count()) === expected.length);
    const first = expected[0]!;
    const text = (await row(first.id).textContent())!;
    expect(text).toContain(first.customer.name ?? first.customer.handle!);
    expect(text).toContain(first.lastMessage.text);
    expect(text).toContain(`${first.messageCount} message`);
    expect(text).toContain('open');
    expect(text).toContain(`P${first.priority}`);
    expect(await row(first.id).getByRole('img', { name: 'Sandbox' }).count()).toBe(1);
    // The highest priority is on top and opened.
    expect(await selectedId()).toBe(first.id);
    // A public complaint waiting for an answer counts down to its reply-by time.
    const due = expected.find((c) => c.dueAt !== null);
    expect(due, 'the seeded traffic has a public complaint').toBeDefined();
    expect(await row(due!.id).textContent()).toMatch(/reply in \d+(m|h)/);
    await page.getByTestId('counts').filter({ hasText: `${expected.length} open` }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows a thread of several messages in order, each with its scores', async () => {
    const c = (await openConversations()).find((x) => x.messageCount >= 2);
    expect(c, 'the seeded traffic has a thread of several messages').toBeDefined();
    const d = await detail(c!.id);
    await row(c!.id).click();
    const items = thread().getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await waitFor(async () => (await items.count()) === d.messages.length);
    const texts = await items.allTextContents();
    d.messages.forEach((m, i) => {
      expect(texts[i]).toContain(m.text);
      expect(texts[i]).toContain(m.sentiment.label);
    });
    expect(errors).toEqual([]);
  });

  it('sends a reply, then "Send and close" closes the conversation and opens the next one', async () => {
    const id = (await selectedId())!;
    const box = page.getByLabel(/Reply (publicly|privately)/);
    await box.fill('Thanks, looking into it now.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await thread().getByRole('group', { name: 'Reply by You' }).filter({ hasText: 'looking into it now' }).filter({ hasText: 'sent' }).waitFor();
    expect(await box.inputValue()).toBe('');

    await box.fill('All sorted, a refund is on its way.');
    await page.getByRole('button', { name: 'Send and close' }).click();
    // Gone from the open queue, and the next conversation is open.
    await row(id).waitFor({ state: 'detached' });
    await waitFor(async () => {
      const now = await selectedId();
      return now !== null && now !== id;
    });
    const d = await detail(id);
    expect(d.status).toBe('closed');
    expect(d.messages.flatMap((m) => m.replies).map((r) => [r.text, r.status, r.by])).toEqual(
      expect.arrayContaining([
        ['Thanks, looking into it now.', 'sent', admin],
        ['All sorted, a refund is on its way.', 'sent', admin],
      ]),
    );
    expect((await emulator.replies()).map((r) => r.text)).toEqual(expect.arrayContaining(['Thanks, looking into it now.', 'All sorted, a refund is on its way.']));
    // The header counts follow (refetched after the live events, not polled).
    const counts = (await inbox.admin.getJson<{ data: QueueCounts }>('/api/conversations/counts')).body.data;
    await page.getByTestId('counts').filter({ hasText: `${counts.open} open` }).waitFor();
    expect(errors).toEqual([]);
  });

  it('assigns to me, and the Mine filter shows only mine', async () => {
    const id = (await selectedId())!;
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await thread().getByText('Assigned to you').waitFor();
    await assignee('Mine');
    await waitFor(async () => (await rows().count()) === 1);
    expect(await row(id).count()).toBe(1);
    expect(await row(id).textContent()).toContain('you');
    await page.getByRole('button', { name: 'Unassign' }).click();
    await page.getByText('No conversations match these filters').waitFor();
    await assignee('All');
    await waitFor(async () => (await rows().count()) > 1);
    expect(errors).toEqual([]);
  });

  it('works from the keyboard without clicking into the list first', async () => {
    await assignee('All');
    await waitFor(async () => (await rows().count()) > 2);
    await blur();
    const ids = await list().locator('[data-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    const start = ids.indexOf(await selectedId());
    await page.keyboard.press('j');
    await waitFor(async () => (await selectedId()) === ids[start + 1]);
    await page.keyboard.press('k');
    await waitFor(async () => (await selectedId()) === ids[start]);

    await page.keyboard.press('Enter');
    await waitFor(async () => (await page.evaluate<string>("document.activeElement?.getAttribute('aria-label') ?? ''")) === 'Open conversation');
    await blur();

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'inbox-shortcuts.png') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await page.keyboard.press('r');
    await waitFor(async () => (await focusedId()) === 'reply');
    // Letters typed into the reply box are text, not shortcuts.
    await page.keyboard.type('jk');
    expect(await selectedId()).toBe(ids[start]);
    // The draft is kept per conversation while the reader moves on and back.
    await blur();
    await page.keyboard.press('j');
    await waitFor(async () => (await page.getByLabel(/Reply (publicly|privately)/).inputValue()) === '');
    await page.keyboard.press('k');
    await waitFor(async () => (await page.getByLabel(/Reply (publicly|privately)/).inputValue()) === 'jk');
    await page.getByLabel(/Reply (publicly|privately)/).fill('');
    await blur();
    await page.keyboard.press('/');
    await waitFor(async () => (await focusedId()) === 'search');
    await blur();

    const current = (await selectedId())!;
    await page.keyboard.press('a');
    await thread().getByText('Assigned to you').waitFor();
    await page.keyboard.press('e');
    await row(current).waitFor({ state: 'detached' });
    expect((await detail(current)).status).toBe('closed');
    expect(await selectedId()).not.toBe(current);
    expect(errors).toEqual([]);
  });

  it('holds a new conversation behind an "N new" bar and shows it on top when clicked', async () => {
    await page.getByRole('radio', { name: 'Newest' }).click();
    await waitFor(async () => (await rows().count()) > 2);
    const topBefore = await rows().first().textContent();
    // Live events are merged into the list: none of them costs a list request.
    const listRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/conversations') listRequests.push(r.url());
    });
    // A customer starts a new thread (an injected message may instead continue an old one).
    let marker = '';
    for (let i = 0; i < 10 && !marker; i++) {
      const text = `New thread ${i} ${Date.now()}: my parcel never arrived, refund please`;
      await emulator.inject({ text });
      if (emulator.messages().at(-1)!.in_reply_to === null) marker = text;
    }
    expect(marker).not.toBe('');
    const bar = page.getByRole('button', { name: /^\d+ new$/ });
    await bar.waitFor({ timeout: 20_000 });
    // The list did not move under the reader.
    expect(await rows().first().textContent()).toBe(topBefore);
    expect(await list().getByText(marker).count()).toBe(0);
    await bar.click();
    await rows().first().filter({ hasText: marker }).waitFor();
    expect(listRequests).toEqual([]);
    expect(await rows().first().textContent()).toContain('Complaint');
    await bar.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('a reply the network refuses shows in the thread at once with its error, and Retry sends it', async () => {
    const box = page.getByLabel(/Reply (publicly|privately)/);
    emulator.failWith(500);
    try {
      await box.fill('Retry me please.');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const failed = thread().getByRole('group', { name: 'Reply by You' }).filter({ hasText: 'Retry me please.' });
      await failed.getByRole('alert').filter({ hasText: 'The network refused this reply' }).waitFor();
      expect(await failed.textContent()).toContain('not sent');
      // The draft is kept.
      expect(await box.inputValue()).toBe('Retry me please.');
      await page.screenshot({ path: path.join(SHOTS, 'inbox-refused-reply.png') });
    } finally {
      emulator.failWith(0);
    }
    const failed = thread().getByRole('group', { name: 'Reply by You' }).filter({ hasText: 'Retry me please.' });
    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.filter({ hasText: 'sent' }).getByRole('alert').waitFor({ state: 'detached' });
    await waitFor(async () => (await box.inputValue()) === '');
    expect((await emulator.replies()).filter((r) => r.text === 'Retry me please.')).toHaveLength(1);
    // The refused attempt's console error (the 502) is the only one.
    expect(errors.filter((e) => !e.includes('502'))).toEqual([]);
    errors.length = 0;
  });

  it('looks right on a desktop and on a 390 px phone (no sideways scrolling)', async () => {
    await page.screenshot({ path: path.join(SHOTS, 'inbox-desktop.png') });
    const phoneErrors: string[] = [];
    const phone = await newPage(phoneErrors, { width: 390, height: 844 });
    await phone.goto(inbox.url);
    await signIn(phone, admin, TEST_PASSWORD.admin);
    await rows(phone).first().waitFor();
    await thread(phone).waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'inbox-phone.png') });
    await phone.screenshot({ path: path.join(SHOTS, 'inbox-phone-full.png'), fullPage: true });
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBe(0);
    expect(phoneErrors).toEqual([]);
    await phone.close();
  });

  it('says in plain words when the inbox cannot be reached, and Retry recovers', async () => {
    const p = await newPage([]);
    await p.route(/\/api\/conversations\?/, (r) => r.abort('connectionrefused'));
    await p.goto(inbox.url);
    await signIn(p, admin, TEST_PASSWORD.admin);
    const alert = p.getByRole('alert').filter({ hasText: 'could not be reached' });
    await alert.waitFor();
    expect(await alert.textContent()).not.toContain('Failed to fetch');
    await p.unroute(/\/api\/conversations\?/);
    await alert.getByRole('button', { name: 'Retry' }).click();
    await rows(p).first().waitFor();
    await p.close();
  });

  it('runs under the strict CSP with no violation', async () => {
    const csp = (await page.request.get(inbox.url)).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(errors.filter((e) => e.includes('Content Security Policy') || e.includes('CSP violation'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('admin area: adds a user, lists accounts with write-only credential fields, shows the audit log', async () => {
    await page.getByRole('button', { name: 'Users' }).click();
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill('new.viewer@test.local');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel(/Password/).fill('viewer-password-2');
    await form.getByRole('button', { name: 'Add user' }).click();
    await page.getByTestId('user-row').filter({ hasText: 'new.viewer@test.local' }).waitFor();

    // A correctly signed delivery that cannot be parsed shows up on its account.
    const bad = '{"event":"message.created","message":{"id":"x"}}';
    const sig = `sha256=${hmacSha256(String(emulator.credentials.webhookSecret), bad).toString('hex')}`;
    const hook = await fetch(`${inbox.url}/webhooks/sandbox/${accountId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-signature': sig }, body: bad });
    expect(hook.status).toBe(400);
    await page.getByRole('button', { name: 'Accounts' }).click();
    const account = page.getByTestId('account-row').first();
    await account.waitFor();
    expect(await account.textContent()).toContain('never shown');
    expect(await account.getByTestId('parse-failures').textContent()).toMatch(/1 delivery could not be read.*malformed/);
    await account.getByRole('button', { name: 'Replace credentials' }).click();
    const secretInputs = account.locator('input[type=password]');
    expect(await secretInputs.count()).toBeGreaterThan(0);
    for (const v of await secretInputs.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))) expect(v).toBe('');
    expect(await page.content()).not.toContain(String(emulator.credentials.token));

    await page.getByRole('button', { name: 'Audit log' }).click();
    await page.getByTestId('audit-row').filter({ hasText: 'user.create' }).waitFor();
    await page.getByTestId('audit-row').filter({ hasText: 'conversation.reply' }).first().waitFor();
    expect(errors).toEqual([]);
  });

  it('a viewer reads the conversations but gets no reply, status or assign controls; sign-out returns to sign-in', async () => {
    const viewerErrors: string[] = [];
    const p = await newPage(viewerErrors);
    await p.goto(inbox.url);
    await signIn(p, 'new.viewer@test.local', 'viewer-password-2');
    await p.getByTestId('whoami').filter({ hasText: 'viewer' }).waitFor();
    await rows(p).first().getByRole('button').click();
    await thread(p).getByRole('list', { name: 'Messages' }).waitFor();
    expect(await p.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Send and close' }).count()).toBe(0);
    expect(await p.getByRole('group', { name: 'Status' }).count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Users' }).count()).toBe(0);
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(viewerErrors).toEqual([]);
    await p.close();
  });

  it('shows a clear error for a wrong password', async () => {
    const p = await newPage([]);
    await p.goto(inbox.url);
    await signIn(p, testEmail('admin'), 'not-the-password');
    await p.getByRole('alert').filter({ hasText: 'email or password is incorrect' }).waitFor();
    await p.close();
  });
});
