// parseEmail, threading helpers, cursor: no servers.
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/core/errors.ts';
import { formatCursor, isOwnMessage, parseCursor, parseEmail, replyMessageId, replySubject, stripQuoted } from '../src/email/index.ts';
import { buildReply } from '../src/email/smtp-reply.ts';
import { parseIdList, threadKeyOf } from '../src/email/threading.ts';

const BRAND = 'care@brand.example';
const crlf = (...lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('parseEmail', () => {
  it('normalizes a plain customer mail', async () => {
    const m = await parseEmail(
      crlf(
        'From: "Priya Raman" <Priya@Customers.example>',
        'Reply-To: priya.support@customers.example',
        'To: care@brand.example',
        'Subject: =?utf-8?B?4K6O4K6p4K+NIOCuhuCusOCvjeCun+CusOCvjQ==?=',
        'Date: Tue, 07 Jan 2025 08:30:00 +0530',
        'Message-ID: < abc.123@Customers.example >',
        'Content-Language: ta',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'என் ஆர்டர் இன்னும் வரவில்லை',
        '',
      ),
      BRAND,
    );
    expect(m).toMatchObject({
      network: 'email',
      kind: 'email',
      visibility: 'private',
      externalId: 'abc.123@Customers.example',
      threadKey: 'abc.123@Customers.example',
      author: { id: 'priya@customers.example', name: 'Priya Raman' },
      text: 'என் ஆர்டர் இன்னும் வரவில்லை',
      langHint: 'ta',
      createdAt: '2025-01-07T03:00:00.000Z',
    });
    expect(m.replyTarget).toMatchObject({
      kind: 'email',
      externalId: 'abc.123@Customers.example',
      meta: { messageId: 'abc.123@Customers.example', address: 'priya.support@customers.example', subject: 'என் ஆர்டர்' },
    });
  });

  it('the same mail gives the same externalId by IMAP or by SMTP (extra Received/Return-Path headers), with or without Message-ID', async () => {
    const body = ['From: a@customers.example', 'To: care@brand.example', 'Subject: hi', 'Date: Mon, 06 Jan 2025 10:00:00 +0000', '', 'hello', ''];
    const relayed = ['Return-Path: <a@customers.example>', 'Received: from mx.example by inbox; Mon, 06 Jan 2025 10:00:05 +0000', 'Delivered-To: care@brand.example'];
    const a = await parseEmail(crlf(...body), BRAND);
    const b = await parseEmail(crlf(...relayed, ...body), BRAND);
    expect(a.externalId).toMatch(/^derived-/);
    expect(b.externalId).toBe(a.externalId);
    const c = await parseEmail(crlf(...body.slice(0, 3), 'Subject: other', ...body.slice(4)), BRAND);
    expect(c.externalId).not.toBe(a.externalId);
    const withId = ['Message-ID: <x@y>', ...body];
    expect((await parseEmail(crlf(...relayed, ...withId), BRAND)).externalId).toBe((await parseEmail(crlf(...withId), BRAND)).externalId);
  });

  it('HTML-only mail yields text; quoted history is stripped', async () => {
    const m = await parseEmail(
      crlf('From: a@c.example', 'Message-ID: <h@c>', 'Content-Type: text/html; charset=utf-8', '', '<p>Still <b>waiting</b> for order 123</p>'),
      BRAND,
    );
    expect(m.text).toBe('Still waiting for order 123');
    expect(stripQuoted('Thanks!\n\nOn Tue, 7 Jan 2025, Care <care@brand.example> wrote:\n> We are sorry\n> really')).toBe('Thanks!');
    expect(stripQuoted('line\n> quoted\nmore')).toBe('line\nmore');
  });

  it('threads: References root, else In-Reply-To, else own id', async () => {
    const m = await parseEmail(
      crlf('From: a@c.example', 'Message-ID: <3@c>', 'In-Reply-To: <2@c>', 'References: <1@c>\r\n <2@c>', '', 'x'),
      BRAND,
    );
    expect(m.threadKey).toBe('1@c');
    expect(m.inReplyTo).toBe('2@c');
    expect(threadKeyOf({ messageId: 'me', inReplyTo: 'p', references: [] })).toBe('p');
    expect(threadKeyOf({ messageId: 'me', references: [] })).toBe('me');
    expect(parseIdList('<a@b> junk <c@d>\r\n <a@b>')).toEqual(['a@b', 'c@d']);
    expect(parseIdList('a@b c@d')).toEqual(['a@b', 'c@d']);
  });

  it('broken encodings degrade to replacement characters, not a crash', async () => {
    const m = await parseEmail(
      Buffer.concat([
        crlf('From: =?utf-8?B?@@@?= <x@c.example>', 'Message-ID: <bad@c>', 'Subject: =?bogus?Q?=ZZ?=', 'Content-Type: text/plain; charset=utf-8', '', ''),
        Buffer.from([0xc3, 0x28, 0x20, 0x6f, 0x6b]),
      ]),
      BRAND,
    );
    expect(m.externalId).toBe('bad@c');
    expect(m.text).toContain('ok');
  });

  it('not an email → ConnectorError invalid with a clear message', async () => {
    await expect(parseEmail(Buffer.alloc(0), BRAND)).rejects.toMatchObject({ code: 'invalid', message: 'email: empty message' });
    const e = await parseEmail(Buffer.from([0, 1, 2, 0xff]), BRAND).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectorError);
    expect((e as ConnectorError).message).toMatch(/no header fields/);
  });

  it('recognises the brand’s own mail', async () => {
    const m = await parseEmail(crlf('From: Care <CARE@Brand.example>', 'Message-ID: <o@b>', '', 'x'), BRAND);
    expect(isOwnMessage(m, BRAND)).toBe(true);
  });
});

describe('reply building', () => {
  it('sets In-Reply-To, References, Re: subject and a deterministic Message-ID', async () => {
    const parent = await parseEmail(
      crlf('From: Juma <juma@c.example>', 'Message-ID: <3@c>', 'In-Reply-To: <2@b>', 'References: <1@c> <2@b>', 'Subject: RE: Re: Order', '', 'x'),
      BRAND,
    );
    const r1 = buildReply(BRAND, parent.replyTarget, 'We are on it.', 'key-1');
    const r2 = buildReply(BRAND, parent.replyTarget, 'We are on it.', 'key-1');
    expect(r1).toMatchObject({ from: BRAND, to: 'juma@c.example', subject: 'Re: Order', inReplyTo: '3@c', references: ['1@c', '2@b', '3@c'] });
    expect(r1.messageId).toBe(r2.messageId);
    expect(r1.messageId).toMatch(/^inbox-reply-[0-9a-f]{32}@brand\.example$/);
    expect(buildReply(BRAND, parent.replyTarget, 'x', 'key-2').messageId).not.toBe(r1.messageId);
    expect(replyMessageId('k', BRAND)).toBe(replyMessageId('k', BRAND));
    expect(replySubject('Order')).toBe('Re: Order');
    expect(replySubject('Fwd: Order')).toBe('Re: Fwd: Order');
    expect(replySubject('')).toBe('Re: (no subject)');
    expect(() => buildReply(BRAND, { ...parent.replyTarget, meta: {} }, 'x', 'k')).toThrow(ConnectorError);
    expect(() => buildReply(BRAND, parent.replyTarget, '   ', 'k')).toThrow(/empty/);
  });
});

describe('cursor', () => {
  it('round-trips and rejects garbage', () => {
    expect(parseCursor(formatCursor({ uidValidity: '1795452534', lastUid: 42 }))).toEqual({ uidValidity: '1795452534', lastUid: 42 });
    expect(parseCursor(null)).toBeNull();
    expect(() => parseCursor('abc')).toThrow(ConnectorError);
  });
});
