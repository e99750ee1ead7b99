// Inbound SMTP listener: mail forwarded to Inbox. A message is acknowledged (250) only after
// `onMessage` resolved, i.e. after the server stored it; otherwise the sender gets an SMTP error and
// keeps the message queued (4xx) or bounces it (5xx).
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { isConnectorError } from '../core/errors.ts';

export interface InboundEnvelope {
  /** MAIL FROM address, or null for a bounce (`MAIL FROM:<>`). */
  mailFrom: string | null;
  rcptTo: string[];
  remoteAddress: string;
}

export interface InboundSmtpOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; default 0 (a free port). */
  port?: number;
  /**
   * Stores the message. Resolve only once it is stored. Throw ConnectorError('invalid') to refuse it
   * for good (554: not an email); any other failure answers 451 so the sender retries.
   */
  onMessage(raw: Buffer, envelope: InboundEnvelope): Promise<void>;
  /** Largest message accepted, bytes (advertised with SIZE; bigger → 552). Default 25 MiB. */
  maxBytes?: number;
  /** When set, senders must AUTH PLAIN/LOGIN with these. */
  auth?: { user: string; password: string };
  /** Name in the greeting; default "inbox". */
  name?: string;
}

export interface InboundSmtpHandle {
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_INBOUND_MAX_BYTES = 25 * 1024 * 1024;

function smtpErr(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function readMessage(stream: SMTPServerDataStream): Promise<{ raw: Buffer; tooBig: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      // Past the limit keep draining (the client is still sending) but stop buffering.
      if (!stream.sizeExceeded) {
        chunks.push(c);
        size += c.length;
      }
    });
    stream.on('error', reject);
    stream.on('end', () => resolve({ raw: Buffer.concat(chunks, size), tooBig: stream.sizeExceeded }));
  });
}

export async function startInboundSmtp(opts: InboundSmtpOptions): Promise<InboundSmtpHandle> {
  const maxBytes = opts.maxBytes ?? DEFAULT_INBOUND_MAX_BYTES;
  const auth = opts.auth;
  const server = new SMTPServer({
    name: opts.name ?? 'inbox',
    banner: 'Inbox inbound mail',
    size: maxBytes,
    logger: false,
    closeTimeout: 5_000,
    // No certificate here: run behind the MTA that forwards to Inbox, on a private network.
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: !!auth,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(a, _session, cb) {
      if (auth && typeof a.username === 'string' && typeof a.password === 'string' && same(a.username, auth.user) && same(a.password, auth.password)) {
        cb(null, { user: a.username });
      } else {
        cb(smtpErr(535, 'Authentication failed'));
      }
    },
    onMailFrom(address, session: SMTPServerSession, cb) {
      const declared = Number((address.args as Record<string, string>).SIZE ?? 0);
      if (declared > maxBytes) return cb(smtpErr(552, `Message too big: limit is ${maxBytes} bytes`));
      cb();
    },
    onData(stream, session, cb) {
      readMessage(stream).then(
        async ({ raw, tooBig }) => {
          if (tooBig) return cb(smtpErr(552, `Message too big: limit is ${maxBytes} bytes`));
          if (raw.length === 0) return cb(smtpErr(554, 'Empty message'));
          const envelope: InboundEnvelope = {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            remoteAddress: session.remoteAddress ?? '',
          };
          try {
            await opts.onMessage(raw, envelope);
          } catch (e) {
            if (isConnectorError(e) && e.code === 'invalid') return cb(smtpErr(554, `Message refused: ${e.message}`));
            return cb(smtpErr(451, 'Temporary failure storing the message, try again later'));
          }
          cb(null, 'Message stored');
        },
        () => cb(smtpErr(451, 'Error reading the message, try again later')),
      );
    },
  });
  server.on('error', () => {
    /* per-connection errors (client resets) are not fatal for the listener */
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.server.once('error', onError);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    port,
    close() {
      closed ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closed;
    },
  };
}
