// parseEmail on real mail shapes (fixtures and their sources: test/fixtures/email/SOURCES.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automatedKind, parseEmail, UNKNOWN_SENDER } from '../src/email/index.ts';
import { buildReply } from '../src/email/smtp-reply.ts';

const BRAND = 'care@brand.example';
const eml = (name: string) => readFileSync(new URL(`./fixtures/email/${name}`, import.meta.url));
const parse = (name: string, opts?: Parameters<typeof parseEmail>[2]) => parseEmail(eml(name), BRAND, opts);

describe('email shapes as mail servers deliver them', () => {
  it('HTML-only (ISO-8859-1, quoted-printable): text from the HTML, headings as written, no link targets or images', async () => {
    const m = await parse('html-only-qp-latin1.eml');
    expect(m.text).toContain('Order 4471 never arrived');
    expect(m.text).not.toContain('ORDER 4471');
    expect(m.text).toContain('I paid on März 1 and the parcel is still not here. Please refund me or send it again.');
    expect(m.text).not.toMatch(/https:\/\/tracking|cid:|margin/);
    expect(m.author).toMatchObject({ id: 'renee@customers.example', name: 'Renée Müller' });
    expect(automatedKind(m)).toBeNull();
  });

  it('attachment-only: the text names the attachments (RFC 2231 and RFC 2047 names decoded)', async () => {
    const m = await parse('attachment-only-rfc2231.eml');
    expect(m.text).toBe('[Attachments: Rechnung März.pdf, ሰላም.jpg]');
  });

  it('bounces (multipart/report from MAILER-DAEMON, plain MAILER-DAEMON with Return-Path <>) are marked bounce', async () => {
    expect(automatedKind(await parse('bounce-multipart-report.eml'))).toBe('bounce');
    expect(automatedKind(await parse('bounce-mailer-daemon-plain.eml'))).toBe('bounce');
  });

  it('an RFC 3834 auto-reply is marked auto-reply; Auto-Submitted: no is a person', async () => {
    expect(automatedKind(await parse('auto-reply-rfc3834.eml'))).toBe('auto-reply');
    const person = Buffer.from(eml('auto-reply-rfc3834.eml').toString('utf8').replace('Auto-Submitted: auto-replied', 'Auto-Submitted: no'));
    expect(automatedKind(await parseEmail(person, BRAND))).toBeNull();
  });

  it('legacy charsets: ISO-2022-JP (with its Latin signature) and windows-1251 quoted-printable', async () => {
    const jp = await parse('legacy-iso-2022-jp.eml');
    expect(jp.text).toContain('注文した商品がまだ届きません。');
    expect(jp.text).toContain('Tanaka Hiroshi');
    expect(jp.author.name).toBe('田中 宏');
    expect(jp.replyTarget.meta?.subject).toBe('商品が届きません');
    const ru = await parse('legacy-windows-1251-qp.eml');
    expect(ru.text).toBe('Заказ не пришёл, верните деньги.');
    expect(ru.author.name).toBe('Иван Петров');
    expect(ru.replyTarget.meta?.subject).toBe('Заказ');
  });

  it('nested multipart: the plain parts, in order', async () => {
    const m = await parse('nested-multipart.eml');
    expect(m.text).toMatch(/Dear Sir,\s+Good evening\. My order arrived broken\.[\s\S]*The footer/);
  });

  it('S/MIME: a clear-signed mail reads as its text; an encrypted one says what it is', async () => {
    const signed = await parse('smime-signed.eml');
    expect(signed.text).toBe('The replacement you sent is also damaged. I want my money back.');
    const enc = await parse('smime-encrypted.eml');
    expect(enc.text).toBe('[Attachment: smime.p7m]');
  });

  it('no From: kept (never refused), authored by the envelope sender, or unknown and then not answerable', async () => {
    const viaEnvelope = await parse('no-from.eml', { envelopeFrom: 'forms@relay.example' });
    expect(viaEnvelope.author.id).toBe('forms@relay.example');
    expect(viaEnvelope.replyTarget.meta?.address).toBe('forms@relay.example');
    const unknown = await parse('no-from.eml');
    expect(unknown).toMatchObject({ externalId: 'no-from-1@forms.example', author: { id: UNKNOWN_SENDER }, text: expect.stringContaining('My order 5521 has not arrived') });
    expect(() => buildReply(BRAND, unknown.replyTarget, 'Hello', 'k')).toThrow(/no address to answer/);
  });
});
