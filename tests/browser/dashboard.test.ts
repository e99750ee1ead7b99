import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestInbox, waitFor, type TestInbox } from '../support/inbox.ts';
import { connectSandbox } from '../support/sandbox-account.ts';
import { launchBrowser } from '../support/browser.ts';
import { TEST_PASSWORD, testEmail } from '../support/auth.ts';
import type { SandboxEmulator } from '../../packages/connectors/sandbox/index.ts';

describe('dashboard in Chromium', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const failed: string[] = [];

  beforeAll(async () => {
    inbox = await startTestInbox();
    const c = await connectSandbox(inbox, { seed: 21 });
    emulator = c.emulator;
    await emulator.inject({ count: 25 });
    expect((await inbox.poller.pollAccount(String(c.account._id))).error).toBeUndefined();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));" });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // Failed requests are checked by URL below.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await inbox?.close();
  });

  it('a viewer opens the dashboard, sees charts with data and the numbers, and downloads the CSV', async () => {
    await page.goto(inbox.url);
    await page.getByLabel('Email').fill(testEmail('viewer'));
    await page.getByLabel('Password').fill(TEST_PASSWORD.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Dashboard' }).click();
    const volume = page.getByTestId('chart-volume');
    await volume.locator('canvas').waitFor();
    expect(Number(await volume.getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await volume.textContent()).toContain('sandbox');
    await page.getByTestId('dash-summary').filter({ hasText: '25 messages' }).waitFor();

    await page.getByLabel('Show numbers').check();
    const rows = page.getByTestId('dash-table').locator('tbody tr');
    await waitFor(async () => (await rows.count()) > 0);
    expect(await rows.first().textContent()).toContain('sandbox');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^inbox-export-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('time,network,account,author,language,sentiment,sentiment_score,complaint,complaint_reasons,status,assignee,text,link\r\n')).toBe(true);
    expect(text.split('\r\n').filter((l) => l.startsWith('20')).length).toBeGreaterThanOrEqual(25);
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
  });
});
