// Email connector against a real dovecot (rootless, temporary config, free port).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/core/errors.ts';
import type { ConnectorContext, IncomingMention } from '../src/core/types.ts';
import { createEmailConnector, emailConnector, type EmailCredentials } from '../src/email/index.ts';
import { startEmailEmulator, type EmailEmulatorHandle } from '../sandbox/email/index.ts';

let emu: EmailEmulatorHandle;

beforeEach(async () => {
  emu = await startEmailEmulator();
});
afterEach(async () => {
  await emu?.close();
});

const ctxOf = (e: EmailEmulatorHandle, over: Partial<EmailCredentials> = {}): ConnectorContext<EmailCredentials> => ({
  accountId: 'acc-email',
  credentials: { ...(e.credentials as EmailCredentials), ...over },
  endpoints: {},
});

function mail(o: { id?: string; from?: string; subject?: string; body?: string; inReplyTo?: string; references?: string[]; extra?: string }): string {
  const lines = [
    `From: ${o.from ?? 'Amina Wanjiru <amina@customers.example>'}`,
    'To: care@brand.example',
    `Subject: ${o.subject ?? 'My order'}`,
    'Date: Mon, 06 Jan 2025 10:00:00 +0000',
  ];
  if (o.id) lines.push(`Message-ID: <${o.id}>`);
  if (o.inReplyTo) lines.push(`In-Reply-To: <${o.inReplyTo}>`);
  if (o.references) lines.push(`References: ${o.references.map((r) => `<${r}>`).join(' ')}`);
  if (o.extra) lines.push(o.extra);
  lines.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', o.body ?? 'Where is my parcel?', '');
  return lines.join('\r\n');
}

/** Polls until `more` is false, like the job runner; returns every mention and the final cursor. */
async function drain(ctx: ConnectorContext<EmailCredentials>, cursor: string | null, connector = emailConnector) {
  const all: IncomingMention[] = [];
  let pages = 0;
  for (;;) {
    const r = await connector.poll(ctx, cursor);
    pages++;
    all.push(...r.mentions);
    cursor = r.cursor;
    if (!r.more) return { mentions: all, cursor, pages };
    if (pages > 100) throw new Error('runaway paging');
  }
}

describe('email connector: IMAP poll (dovecot)', () => {
  it('check() logs in to IMAP and SMTP and returns the brand address', async () => {
    const id = await emailConnector.check(ctxOf(emu));
    expect(id.id).toBe('care@brand.example');
  });

  it('bounces and auto-replies in the mailbox are counted as skipped, not handed over as customer mail', async () => {
    const { readFileSync } = await import('node:fs');
    const fixture = (n: string) => readFileSync(new URL(`./fixtures/email/${n}`, import.meta.url));
    await emu.dovecot.appendMessage(fixture('bounce-multipart-report.eml'));
    await emu.dovecot.appendMessage(fixture('auto-reply-rfc3834.eml'));
    await emu.dovecot.appendMessage(fixture('html-only-qp-latin1.eml'));
    const r = await emailConnector.poll(ctxOf(emu), null);
    expect(r.mentions.map((m) => m.externalId)).toEqual(['html-only-1@customers.example']);
    expect(r.skipped).toEqual({ bounce: 1, 'auto-reply': 1 });
  });

  it('polls new mail once: a second poll returns nothing, nothing duplicated', async () => {
    await emu.inject({ count: 5 });
    const first = await emailConnector.poll(ctxOf(emu), null);
    expect(first.mentions).toHaveLength(5);
    expect(first.more).toBe(false);
    expect(first.cursor).toMatch(/^\d+:5$/);
    for (const m of first.mentions) {
      expect(m).toMatchObject({ network: 'email', kind: 'email', visibility: 'private' });
      expect(m.externalId).not.toMatch(/[<>]/);
      expect(m.text.length).toBeGreaterThan(0);
    }
    expect(new Set(first.mentions.map((m) => m.externalId)).size).toBe(5);

    const second = await emailConnector.poll(ctxOf(emu), first.cursor);
    expect(second.mentions).toHaveLength(0);
    expect(second.cursor).toBe(first.cursor);

    await emu.inject({ count: 2 });
    const third = await emailConnector.poll(ctxOf(emu), second.cursor);
    expect(third.mentions).toHaveLength(2);
    expect(third.mentions.some((m) => first.mentions.some((f) => f.externalId === m.externalId))).toBe(false);
  });

  it('fetches in batches: more=true while UIDs remain, every message exactly once', async () => {
    await emu.inject({ count: 12 });
    const small = createEmailConnector({ batchSize: 5 });
    const p1 = await small.poll(ctxOf(emu), null);
    expect(p1.mentions).toHaveLength(5);
    expect(p1.more).toBe(true);
    const p2 = await small.poll(ctxOf(emu), p1.cursor);
    expect(p2.mentions).toHaveLength(5);
    expect(p2.more).toBe(true);
    const p3 = await small.poll(ctxOf(emu), p2.cursor);
    expect(p3.mentions).toHaveLength(2);
    expect(p3.more).toBe(false);
    const ids = [...p1.mentions, ...p2.mentions, ...p3.mentions].map((m) => m.externalId);
    expect(new Set(ids).size).toBe(12);
  });

  it('resumes from a saved cursor after a restart (new connector instance), nothing lost or repeated', async () => {
    await emu.inject({ count: 4 });
    const before = await drain(ctxOf(emu), null, createEmailConnector({ batchSize: 3 }));
    expect(before.mentions).toHaveLength(4);
    const saved = before.cursor; // what the server persisted
    await emu.inject({ count: 3 });
    // "restart": a fresh connector object, nothing in memory but the saved cursor
    const after = await drain(ctxOf(emu), saved, createEmailConnector({ batchSize: 2 }));
    expect(after.mentions).toHaveLength(3);
    const all = [...before.mentions, ...after.mentions].map((m) => m.externalId);
    expect(new Set(all).size).toBe(7);
  });

  it('UIDVALIDITY change re-syncs from the start; the same Message-IDs come back, so nothing is stored twice', async () => {
    await emu.inject({ count: 6 });
    const first = await drain(ctxOf(emu), null);
    const store = new Map(first.mentions.map((m) => [m.externalId, m])); // server dedupes on externalId
    const [validityBefore] = first.cursor!.split(':');

    await emu.dovecot.changeUidValidity();
    await emu.inject({ count: 2 });
    const resync = await drain(ctxOf(emu), first.cursor, createEmailConnector({ batchSize: 3 }));
    const [validityAfter] = resync.cursor!.split(':');
    expect(validityAfter).not.toBe(validityBefore);
    expect(resync.mentions).toHaveLength(8); // all re-read under the new UIDVALIDITY
    let added = 0;
    for (const m of resync.mentions) {
      if (store.has(m.externalId)) continue;
      store.set(m.externalId, m);
      added++;
    }
    expect(added).toBe(2); // only the two new mails are new
    expect(store.size).toBe(8);
    // and after the re-sync, the cursor is steady again
    const again = await emailConnector.poll(ctxOf(emu), resync.cursor);
    expect(again.mentions).toHaveLength(0);
  });

  it('threads a reply chain by the root Message-ID', async () => {
    await emu.dovecot.appendMessage(mail({ id: 'root-1@customers.example', subject: 'Broken phone' }));
    await emu.dovecot.appendMessage(
      mail({ id: 'reply-2@customers.example', subject: 'Re: Broken phone', inReplyTo: 'root-1@customers.example', references: ['root-1@customers.example'], body: 'Any news?\n\nOn Mon, Amina wrote:\n> Broken phone' }),
    );
    await emu.dovecot.appendMessage(
      mail({ id: 'reply-3@customers.example', subject: 'Re: Broken phone', inReplyTo: 'brand-answer@brand.example', references: ['root-1@customers.example', 'brand-answer@brand.example'] }),
    );
    // only In-Reply-To, no References
    await emu.dovecot.appendMessage(mail({ id: 'reply-4@customers.example', inReplyTo: 'root-1@customers.example' }));
    const { mentions } = await drain(ctxOf(emu), null);
    expect(mentions.map((m) => m.threadKey)).toEqual(Array(4).fill('root-1@customers.example'));
    expect(mentions[1]!.inReplyTo).toBe('root-1@customers.example');
    expect(mentions[1]!.text).toBe('Any news?');
    expect(mentions[2]!.replyTarget.meta?.references).toBe('root-1@customers.example brand-answer@brand.example');
  });

  it('emulator follow-ups land in the thread of an earlier customer mail', async () => {
    await emu.inject({ count: 15 });
    const { mentions } = await drain(ctxOf(emu), null);
    const byId = new Set(mentions.map((m) => m.externalId));
    const followUps = mentions.filter((m) => m.inReplyTo);
    expect(followUps.length).toBeGreaterThan(0);
    for (const f of followUps) {
      expect(byId.has(f.inReplyTo!)).toBe(true);
      expect(byId.has(f.threadKey)).toBe(true);
      expect(f.threadKey).not.toBe(f.externalId);
    }
  });

  it('does not return mail sent by the brand address itself, but moves past it', async () => {
    await emu.dovecot.appendMessage(mail({ id: 'own@brand.example', from: 'Brand Care <CARE@brand.example>' }));
    await emu.dovecot.appendMessage(mail({ id: 'cust@customers.example' }));
    const r = await emailConnector.poll(ctxOf(emu), null);
    expect(r.mentions.map((m) => m.externalId)).toEqual(['cust@customers.example']);
    expect(r.cursor).toMatch(/:2$/);
  });

  it('odd MIME: no Message-ID gets a stable derived id; broken encoding still yields text; garbage becomes a visible unreadable item', async () => {
    const noId = mail({ subject: 'no id', body: 'Hello without id' });
    await emu.dovecot.appendMessage(noId);
    await emu.dovecot.appendMessage(
      [
        'From: =?utf-8?B?!!broken!!?= <kebede@customers.example>',
        'To: care@brand.example',
        'Subject: =?x-unknown-charset?Q?=E1=8B=A8?=',
        'Message-ID: <broken-enc@customers.example>',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        '4Yqg4Yqr4Yqt4YqV###not-base64@@@',
        '',
      ].join('\r\n'),
    );
    await emu.dovecot.appendMessage(Buffer.from([0x00, 0x01, 0xff, 0x20, 0x0d, 0x0a, 0x0d, 0x0a, 0x62, 0x6f, 0x64, 0x79]));
    await emu.dovecot.appendMessage(mail({ id: 'after@customers.example' }));

    const r1 = await emailConnector.poll(ctxOf(emu), null);
    expect(r1.mentions).toHaveLength(4); // nothing dropped, nothing blocks the mailbox
    const [a, b, c, d] = r1.mentions;
    expect(a!.externalId).toMatch(/^derived-[0-9a-f]{40}@inbox\.invalid$/);
    expect(b!.externalId).toBe('broken-enc@customers.example');
    expect(b!.author.id).toBe('kebede@customers.example');
    expect(typeof b!.text).toBe('string');
    expect(c!.externalId).toMatch(/^unreadable-/);
    expect(c!.text).toMatch(/could not read this email: email: (not an RFC 5322 message|message has no From address)/);
    expect(d!.externalId).toBe('after@customers.example');

    // Same ids on a re-read (UIDVALIDITY change): derived and unreadable ids are stable.
    await emu.dovecot.changeUidValidity();
    const r2 = await emailConnector.poll(ctxOf(emu), r1.cursor);
    expect(r2.mentions.map((m) => m.externalId)).toEqual(r1.mentions.map((m) => m.externalId));
  });

  it('wrong password → ConnectorError auth (poll and check)', async () => {
    const ctx = ctxOf(emu, { imapPassword: 'wrong' });
    const err = await emailConnector.poll(ctx, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).code).toBe('auth');
    await expect(emailConnector.check(ctx)).rejects.toMatchObject({ code: 'auth' });
    await expect(emailConnector.check(ctxOf(emu, { smtpPassword: 'wrong' }))).rejects.toMatchObject({ code: 'auth' });
  });

  it('unreachable server → transient; missing mailbox and bad cursor/credentials → invalid', async () => {
    const port = emu.dovecot.port;
    await emu.dovecot.stop();
    await expect(emailConnector.poll(ctxOf(emu, { imapPort: port }), null)).rejects.toMatchObject({ code: 'transient' });
    await emu.close();
    emu = await startEmailEmulator();
    await expect(emailConnector.poll(ctxOf(emu, { mailbox: 'NoSuchBox' }), null)).rejects.toMatchObject({ code: 'invalid' });
    await expect(emailConnector.poll(ctxOf(emu), 'garbage')).rejects.toMatchObject({ code: 'invalid' });
    await expect(emailConnector.poll(ctxOf(emu, { address: 'not-an-address' }), null)).rejects.toMatchObject({ code: 'invalid' });
  });

  it('ctx.endpoints override host/port from the credentials', async () => {
    await emu.inject({ count: 1 });
    const ctx = { ...ctxOf(emu, { imapHost: 'nowhere.invalid', imapPort: 1 }), endpoints: emu.endpoints };
    const r = await emailConnector.poll(ctx, null);
    expect(r.mentions).toHaveLength(1);
  });
});
