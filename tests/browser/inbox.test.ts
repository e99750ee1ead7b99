import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestInbox, waitFor, type TestInbox } from '../support/inbox.ts';
import { connectSandbox } from '../support/sandbox-account.ts';
import { launchBrowser } from '../support/browser.ts';
import type { SandboxEmulator } from '../../packages/connectors/sandbox/index.ts';

describe('web inbox in Chromium', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    inbox = await startTestInbox();
    const c = await connectSandbox(inbox, { seed: 99 });
    emulator = c.emulator;
    await emulator.inject({ count: 5 });
    await inbox.poller.schedule(c.account);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await inbox?.close();
  });

  it('shows the queue and a new mention appears live, without a reload', async () => {
    await page.goto(inbox.url);
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
});
