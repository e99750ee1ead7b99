// The inbound SMTP listener with real mail shapes (fixtures: packages/connectors/test/fixtures/email).
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, type TestInbox } from '../../../tests/support/inbox.ts';
import { createLogger } from '../src/logger.ts';
import { Account } from '../src/models/account.ts';
import { Message as Mention } from '../src/models/message.ts';

const fixture = (n: string) => readFileSync(new URL(`../../connectors/test/fixtures/email/${n}`, import.meta.url));
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    lines.push(String(chunk));
    cb();
  },
});

describe('inbound mail', () => {
  let inbox: TestInbox;
  let send: (raw: Buffer, from: string) => Promise<{ response: string }>;

  beforeAll(async () => {
    inbox = await startTestInbox({ env: { INBOX_SMTP_PORT: '0' }, log: createLogger('info', sink) });
    // A connected mailbox for care@brand.example (the listener needs only its address; not polled here).
    await Account.create({ network: 'email', name: 'care@brand.example', sealedCredentials: inbox.box.seal({}), identity: { id: 'care@brand.example' }, pollIntervalMs: 3_600_000 });
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: inbox.inboundSmtpPort!, secure: false, ignoreTLS: true });
    send = (raw, from) => t.sendMail({ envelope: { from, to: ['care@brand.example'] }, raw });
  });
  afterAll(async () => {
    await inbox?.close();
  });

  it('accepts a bounce and an auto-reply (250) without storing them as customer mail, and logs them', async () => {
    expect((await send(fixture('bounce-multipart-report.eml'), '')).response).toMatch(/^250/);
    expect((await send(fixture('auto-reply-rfc3834.eml'), 'amina@customers.example')).response).toMatch(/^250/);
    expect(await Mention.countDocuments({ externalId: { $in: ['bounce-1@email.amazonses.com', 'ooo-1@customers.example'] } })).toBe(0);
    const skipped = lines.filter((l) => l.includes('machine-written'));
    expect(skipped.map((l) => JSON.parse(l).skipped).sort()).toEqual(['auto-reply', 'bounce']);
  });

  it('stores a mail without From (no more 554), authored by the envelope sender', async () => {
    expect((await send(fixture('no-from.eml'), 'forms@relay.example')).response).toMatch(/^250/);
    const m = await Mention.findOne({ externalId: 'no-from-1@forms.example' }).lean();
    expect(m?.author?.id).toBe('forms@relay.example');
    expect(m?.text).toContain('My order 5521 has not arrived');
  });

  it('stores an HTML-only mail with its text, headings as written', async () => {
    await send(fixture('html-only-qp-latin1.eml'), 'renee@customers.example');
    const m = await Mention.findOne({ externalId: 'html-only-1@customers.example' }).lean();
    expect(m?.text).toMatch(/^Order 4471 never arrived/);
  });
});
