// The email network for the contract test and the demo: dovecot (the brand's mailbox, polled over
// IMAP) + an SMTP sink (where Inbox's replies go).
import type { EmulatorHandle, RecordedReply } from '../harness.ts';
import { CustomerMailer } from './customer-mail.ts';
import { startDovecot, type DovecotHandle, type DovecotOptions } from './dovecot.ts';
import { startSmtpSink, type SmtpSinkHandle } from './smtp-sink.ts';

export interface EmailEmulatorOptions {
  /** The brand's address; default care@brand.example. */
  address?: string;
  brand?: string;
  seed?: number;
  dovecot?: DovecotOptions;
}

export interface EmailEmulatorHandle extends EmulatorHandle {
  dovecot: DovecotHandle;
  sink: SmtpSinkHandle;
  mailer: CustomerMailer;
}

const stripBrackets = (s: string | undefined) => (s ?? '').trim().replace(/^<|>$/g, '');

export async function startEmailEmulator(opts: EmailEmulatorOptions = {}): Promise<EmailEmulatorHandle> {
  const address = opts.address ?? 'care@brand.example';
  const dovecot = await startDovecot(opts.dovecot);
  let sink: SmtpSinkHandle;
  try {
    sink = await startSmtpSink({ user: dovecot.user, password: dovecot.password });
  } catch (e) {
    await dovecot.stop();
    throw e;
  }
  const mailer = new CustomerMailer({ brand: opts.brand ?? 'brand', to: address, seed: opts.seed ?? 7 });
  return {
    network: 'email',
    endpoints: { imap: `imap://${dovecot.host}:${dovecot.port}`, smtp: `smtp://${sink.host}:${sink.port}` },
    credentials: {
      address,
      imapHost: dovecot.host,
      imapPort: dovecot.port,
      imapSecure: false,
      imapUser: dovecot.user,
      imapPassword: dovecot.password,
      mailbox: 'INBOX',
      smtpHost: sink.host,
      smtpPort: sink.port,
      smtpSecure: false,
      smtpUser: sink.user,
      smtpPassword: sink.password,
    },
    dovecot,
    sink,
    mailer,
    async inject(o = {}) {
      const count = o.count ?? 1;
      for (let i = 0; i < count; i++) {
        const mail = await mailer.next(o.text !== undefined ? { text: o.text } : {});
        await dovecot.appendMessage(mail.raw);
      }
    },
    async replies(): Promise<RecordedReply[]> {
      return sink.messages().map((m) => ({
        inReplyTo: stripBrackets(m.parsed.inReplyTo),
        text: (m.parsed.text ?? '').trim(),
        externalId: stripBrackets(m.parsed.messageId),
      }));
    },
    async close() {
      await Promise.allSettled([sink.close(), dovecot.stop()]);
    },
  };
}
