// An SMTP server that records what Inbox sends (the emulated "outside world" for replies).
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  raw: Buffer;
  mailFrom: string | null;
  rcptTo: string[];
  /** Authenticated user. */
  user: string | undefined;
  parsed: ParsedMail;
}

export interface SmtpSinkHandle {
  host: string;
  port: number;
  user: string;
  password: string;
  messages(): SinkMessage[];
  /** Resolves when at least `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(opts: { user?: string; password?: string } = {}): Promise<SmtpSinkHandle> {
  const user = opts.user ?? 'brand';
  const password = opts.password ?? 'sink-password';
  const received: SinkMessage[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    name: 'smtp-sink.local',
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    closeTimeout: 2000,
    onAuth(a, _s, cb) {
      if (a.username === user && a.password === password) cb(null, { user });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            received.push({
              raw,
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              user: typeof session.user === 'string' ? session.user : undefined,
              parsed,
            });
            for (const w of waiters) w();
            cb(null, 'recorded');
          },
          (e: Error) => cb(e),
        );
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    messages: () => [...received],
    waitFor(count, timeoutMs = 5000) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve([...received]);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`smtp sink: ${received.length}/${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close() {
      closed ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closed;
    },
  };
}
