import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestInbox, waitFor, type TestInbox } from '../support/inbox.ts';
import { connectSandbox } from '../support/sandbox-account.ts';
import { launchBrowser } from '../support/browser.ts';
import { TEST_PASSWORD, testEmail } from '../support/auth.ts';
import type { SandboxEmulator } from '../../packages/connectors/sandbox/index.ts';
import { hmacSha256 } from '@inbox/connectors';

describe('web inbox in Chromium', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let accountId: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    inbox = await startTestInbox();
    const c = await connectSandbox(inbox, { seed: 99 });
    emulator = c.emulator;
    accountId = String(c.account._id);
    await emulator.inject({ count: 5 });
    await inbox.poller.schedule(c.account);
    browser = await launchBrowser();
    page = await newPage(errors);
  });

  /** A page that reports script errors, console errors and every CSP violation into `sink`. */
  async function newPage(sink: string[]): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await inbox?.close();
  });

  it('shows the queue and a new mention appears live, without a reload', async () => {
    await page.goto(inbox.url);
    await signIn(page, testEmail('admin'), TEST_PASSWORD.admin);
    await page.getByTestId('whoami').filter({ hasText: 'admin' }).waitFor();
    await page.getByTestId('live').filter({ hasText: 'Live' }).waitFor();
    await waitFor(async () => (await page.getByTestId('mention').count()) >= 5);
    const marker = `Live test ${Date.now()}: my parcel never arrived, refund please`;
    await emulator.inject({ text: marker });
    const row = page.getByTestId('mention').filter({ hasText: marker });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('Complaint');
    expect(errors).toEqual([]);
  });

  it('replies from the detail pane and the network receives it', async () => {
    const row = page.getByTestId('mention').filter({ hasText: 'Live test' });
    await row.click();
    await page.getByLabel(/Reply (publicly|privately)/).fill('So sorry! A refund is on its way.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('reply').filter({ hasText: 'A refund is on its way' }).waitFor();
    const replies = await emulator.replies();
    expect(replies.map((r) => r.text)).toContain('So sorry! A refund is on its way.');
    expect(errors).toEqual([]);
  });

  it('filters to complaints and searches', async () => {
    await page.getByLabel('Complaints').selectOption('true');
    await waitFor(async () => {
      const texts = await page.getByTestId('mention').allTextContents();
      return texts.length > 0 && texts.every((t) => t.includes('Complaint'));
    });
    await page.getByLabel('Search').fill('zzzz-nothing-matches');
    await page.getByText('No messages match these filters').waitFor();
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
    const row = page.getByTestId('account-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('never shown');
    expect(await row.getByTestId('parse-failures').textContent()).toMatch(/1 delivery could not be read.*malformed/);
    await row.getByRole('button', { name: 'Replace credentials' }).click();
    const secretInputs = row.locator('input[type=password]');
    expect(await secretInputs.count()).toBeGreaterThan(0);
    for (const v of await secretInputs.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))) expect(v).toBe('');
    expect(await page.content()).not.toContain(String(emulator.credentials.token));

    await page.getByRole('button', { name: 'Audit log' }).click();
    await page.getByTestId('audit-row').filter({ hasText: 'user.create' }).waitFor();
    await page.getByTestId('audit-row').filter({ hasText: 'mention.reply' }).first().waitFor();
    expect(errors).toEqual([]);
  });

  it('a viewer reads the queue but gets no reply or status controls; sign-out returns to sign-in', async () => {
    const viewerErrors: string[] = [];
    const p = await newPage(viewerErrors);
    await p.goto(inbox.url);
    await signIn(p, 'new.viewer@test.local', 'viewer-password-2');
    await p.getByTestId('whoami').filter({ hasText: 'viewer' }).waitFor();
    await p.getByTestId('mention').first().click();
    await p.getByRole('article', { name: 'Message' }).waitFor();
    expect(await p.getByRole('button', { name: 'Send reply' }).count()).toBe(0);
    expect(await p.getByRole('group', { name: 'Status' }).count()).toBe(0);
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
