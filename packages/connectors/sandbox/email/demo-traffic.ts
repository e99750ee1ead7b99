// Demo traffic for `npm start`: customer mail sent every few seconds to an SMTP host/port (Inbox's
// inbound listener), so email works in the demo even where dovecot is not installed.
import nodemailer from 'nodemailer';
import { CustomerMailer } from './customer-mail.ts';

export interface EmailDemoTrafficOptions {
  host?: string;
  port: number;
  /** Recipient: the brand address the listener serves. */
  to: string;
  intervalMs?: number;
  seed?: number;
  brand?: string;
  /** Called after each attempt (for logs). */
  onSent?(r: { ok: boolean; messageId?: string; error?: string }): void;
}

export interface EmailDemoTraffic {
  /** Sends one customer mail now. */
  sendOne(text?: string): Promise<string>;
  sent(): number;
  stop(): Promise<void>;
}

export function startEmailDemoTraffic(opts: EmailDemoTrafficOptions): EmailDemoTraffic {
  const mailer = new CustomerMailer({ brand: opts.brand ?? 'brand', to: opts.to, seed: opts.seed ?? Date.now() % 100_000 });
  const transport = nodemailer.createTransport({
    host: opts.host ?? '127.0.0.1',
    port: opts.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5000,
  });
  let count = 0;
  let stopped = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  const sendOne = async (text?: string): Promise<string> => {
    const mail = await mailer.next(text !== undefined ? { text } : {});
    await transport.sendMail({ envelope: { from: mail.from, to: [opts.to] }, raw: mail.raw });
    count++;
    return mail.messageId;
  };

  const timer = setInterval(() => {
    if (stopped) return;
    inFlight = sendOne().then(
      (messageId) => opts.onSent?.({ ok: true, messageId }),
      (e: Error) => opts.onSent?.({ ok: false, error: e.message }),
    );
  }, opts.intervalMs ?? 5000);
  timer.unref();

  return {
    sendOne,
    sent: () => count,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight.catch(() => {});
      transport.close();
    },
  };
}
