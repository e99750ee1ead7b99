// Replies over SMTP (recorded by the sink) and the inbound SMTP listener.
import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/core/errors.ts';
import type { ConnectorContext } from '../src/core/types.ts';
import { emailConnector, parseEmail, startInboundSmtp, type EmailCredentials, type InboundEnvelope } from '../src/email/index.ts';
import { startEmailDemoTraffic, startEmailEmulator, type EmailEmulatorHandle } from '../sandbox/email/index.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
});

async function emulator(): Promise<EmailEmulatorHandle> {
  const emu = await startEmailEmulator();
  cleanups.push(() => emu.close());
  return emu;
}
const ctxOf = (e: EmailEmulatorHandle, over: Partial<EmailCredentials> = {}): ConnectorContext<EmailCredentials> => ({
  accountId: 'acc-email',
  credentials: { ...(e.credentials as EmailCredentials), ...over },
  endpoints: {},
});

describe('email reply over SMTP', () => {
  it('answers the customer from the brand address with In-Reply-To/References; the sink records it', async () => {
    const emu = await emulator();
    await emu.inject({ count: 6 });
    const { mentions } = await emailConnector.poll(ctxOf(emu), null);
    const target = mentions.find((m) => m.inReplyTo) ?? mentions[0]!;

    const res = await emailConnector.reply(ctxOf(emu), target.replyTarget, 'Sorry! A replacement ships today. 🙏', 'reply-001');
    const [sent] = await emu.sink.waitFor(1);
    const p = sent!.parsed;
    expect(p.from?.value[0]?.address).toBe('care@brand.example');
    expect(p.to && !Array.isArray(p.to) ? p.to.value[0]?.address : undefined).toBe(target.replyTarget.meta?.address);
    expect(sent!.rcptTo).toEqual([target.replyTarget.meta?.address]);
    expect(p.subject).toMatch(/^Re: /);
    expect(p.subject).not.toMatch(/^Re: Re:/i);
    expect(p.inReplyTo).toBe(`<${target.externalId}>`);
    const refs = Array.isArray(p.references) ? p.references : [p.references];
    expect(refs[0]).toBe(`<${target.threadKey}>`);
    expect(refs[refs.length - 1]).toBe(`<${target.externalId}>`);
    expect(p.messageId).toBe(`<${res.externalId}>`);
    expect(p.text?.trim()).toBe('Sorry! A replacement ships today. 🙏');

    const recorded = await emu.replies();
    expect(recorded).toEqual([{ inReplyTo: target.externalId, text: 'Sorry! A replacement ships today. 🙏', externalId: res.externalId }]);

    // A retried send (same idempotency key) carries the same Message-ID, so it can be recognised.
    const again = await emailConnector.reply(ctxOf(emu), target.replyTarget, 'Sorry! A replacement ships today. 🙏', 'reply-001');
    expect(again.externalId).toBe(res.externalId);
    const both = await emu.sink.waitFor(2);
    expect(both[1]!.parsed.messageId).toBe(both[0]!.parsed.messageId);
  });

  it('SMTP errors are typed: wrong password → auth, no server → transient', async () => {
    const emu = await emulator();
    await emu.inject({ count: 1 });
    const { mentions } = await emailConnector.poll(ctxOf(emu), null);
    const t = mentions[0]!.replyTarget;
    await expect(emailConnector.reply(ctxOf(emu, { smtpPassword: 'nope' }), t, 'hi', 'k1')).rejects.toMatchObject({ code: 'auth' });
    const port = emu.sink.port;
    await emu.sink.close();
    const e = await emailConnector.reply(ctxOf(emu, { smtpPort: port }), t, 'hi', 'k2').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectorError);
    expect((e as ConnectorError).code).toBe('transient');
    expect(emu.sink.messages()).toHaveLength(0);
  });
});

describe('inbound SMTP listener', () => {
  const raw = (id: string, body = 'Oda yangu haijafika wiki mbili sasa') =>
    ['From: Juma Mwangi <juma@customers.example>', 'To: care@brand.example', 'Subject: Oda', `Message-ID: <${id}>`, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');
  const client = (port: number) => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });

  it('acks 250 only after onMessage resolved; the message parses to the same id as by IMAP', async () => {
    const stored: { raw: Buffer; env: InboundEnvelope }[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const srv = await startInboundSmtp({
      async onMessage(buf, env) {
        await gate; // the server is still storing it
        stored.push({ raw: buf, env });
      },
    });
    cleanups.push(() => srv.close());
    let acked = false;
    const sending = client(srv.port)
      .sendMail({ envelope: { from: 'juma@customers.example', to: ['care@brand.example'] }, raw: raw('in-1@customers.example') })
      .then((info) => ((acked = true), info));
    await new Promise((r) => setTimeout(r, 300));
    expect(acked).toBe(false);
    release();
    const info = await sending;
    expect(info.response).toMatch(/^250/);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.env).toMatchObject({ mailFrom: 'juma@customers.example', rcptTo: ['care@brand.example'] });
    const m = await parseEmail(stored[0]!.raw, 'care@brand.example');
    expect(m.externalId).toBe('in-1@customers.example');

    // Same message through dovecot + IMAP poll → same externalId.
    const emu = await emulator();
    await emu.dovecot.appendMessage(raw('in-1@customers.example'));
    const polled = await emailConnector.poll(ctxOf(emu), null);
    expect(polled.mentions[0]!.externalId).toBe(m.externalId);
    expect(polled.mentions[0]!.threadKey).toBe(m.threadKey);
  });

  it('a failed store answers 451 (sender retries); not-an-email answers 554', async () => {
    let fail: Error = new Error('db down');
    const srv = await startInboundSmtp({
      async onMessage() {
        throw fail;
      },
    });
    cleanups.push(() => srv.close());
    const env = { from: 'a@customers.example', to: ['care@brand.example'] };
    await expect(client(srv.port).sendMail({ envelope: env, raw: raw('x@c') })).rejects.toMatchObject({ responseCode: 451 });
    fail = new ConnectorError('invalid', 'email: message has no From address');
    await expect(client(srv.port).sendMail({ envelope: env, raw: raw('y@c') })).rejects.toMatchObject({ responseCode: 554 });
  });

  it('refuses oversized messages with 552 without calling onMessage', async () => {
    let calls = 0;
    const srv = await startInboundSmtp({
      maxBytes: 10_000,
      async onMessage() {
        calls++;
      },
    });
    cleanups.push(() => srv.close());
    const big = raw('big@c', 'x'.repeat(50_000));
    // nodemailer declares SIZE on MAIL FROM → refused up front
    await expect(client(srv.port).sendMail({ envelope: { from: 'a@c.example', to: ['care@brand.example'] }, raw: big })).rejects.toMatchObject({
      responseCode: 552,
    });
    // a client that does not declare SIZE: refused after DATA
    const reply = await rawSmtp(srv.port, ['EHLO t', 'MAIL FROM:<a@c.example>', 'RCPT TO:<care@brand.example>', 'DATA'], big);
    expect(reply).toMatch(/^552 /m);
    expect(calls).toBe(0);
    // and a normal one still goes through
    await client(srv.port).sendMail({ envelope: { from: 'a@c.example', to: ['care@brand.example'] }, raw: raw('small@c') });
    expect(calls).toBe(1);
  });

  it('demo traffic delivers customer mail to the listener', async () => {
    const got: string[] = [];
    const srv = await startInboundSmtp({
      async onMessage(buf) {
        got.push((await parseEmail(buf, 'care@brand.example')).externalId);
      },
    });
    cleanups.push(() => srv.close());
    const demo = startEmailDemoTraffic({ port: srv.port, to: 'care@brand.example', intervalMs: 60_000, seed: 3 });
    cleanups.push(() => demo.stop());
    const id1 = await demo.sendOne();
    const id2 = await demo.sendOne('Asante sana!');
    expect(got).toEqual([id1, id2]);
  });
});

/** Speaks SMTP by hand (no SIZE parameter) and returns the server's answer to the message data. */
function rawSmtp(port: number, commands: string[], data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = '';
    let step = -1; // -1: waiting for the greeting
    s.setTimeout(10_000, () => (s.destroy(), reject(new Error(`timeout: ${buf}`))));
    s.on('data', (d) => {
      buf += d.toString();
      const lines = buf.split('\r\n');
      const last = lines[lines.length - 2];
      if (!last || /^\d{3}-/.test(last)) return; // multi-line reply not finished
      buf = '';
      step++;
      if (step < commands.length) s.write(`${commands[step]}\r\n`);
      else if (step === commands.length) s.write(`${data.replace(/\r\n\./g, '\r\n..')}\r\n.\r\n`);
      else {
        s.end('QUIT\r\n');
        resolve(last);
      }
    });
    s.on('error', reject);
  });
}
