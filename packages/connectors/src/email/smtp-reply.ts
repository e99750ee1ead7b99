// Replies over SMTP with nodemailer, carrying RFC 5322 threading headers.
import nodemailer from 'nodemailer';
import { ConnectorError } from '../core/errors.ts';
import type { ReplyTarget } from '../core/types.ts';
import type { ServerAddress } from './credentials.ts';
import { bracket, parseIdList, replyMessageId, replySubject, replyThreadingHeaders } from './threading.ts';

export const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

interface SmtpErrorLike {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/** nodemailer / SMTP reply codes → typed errors: 535/EAUTH → auth, 4xx → transient (421/450/451 rate words → rate_limited), 5xx → invalid. */
export function smtpError(e: unknown, what: string): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const err = (e ?? {}) as SmtpErrorLike;
  const msg = `SMTP ${what}: ${err.response || err.message || String(e)}`;
  const rc = err.responseCode;
  if (err.code === 'EAUTH' || rc === 535 || rc === 534 || rc === 530) return new ConnectorError('auth', msg, { cause: e });
  if (rc !== undefined && rc >= 400 && rc < 500) {
    if (/rate|too many|throttl|try again later/i.test(err.response ?? '')) {
      return new ConnectorError('rate_limited', msg, { retryAt: new Date(Date.now() + 60_000), cause: e });
    }
    return new ConnectorError('transient', msg, { cause: e });
  }
  if (rc !== undefined && rc >= 500) return new ConnectorError('invalid', msg, { cause: e });
  if (err.code === 'EENVELOPE' || err.code === 'EMESSAGE') return new ConnectorError('invalid', msg, { cause: e });
  if (err.code === 'ETLS') return new ConnectorError('invalid', msg, { cause: e });
  // ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, …
  return new ConnectorError('transient', msg, { cause: e });
}

export function smtpTransport(server: ServerAddress) {
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.secure,
    auth: { user: server.user, pass: server.password },
    ...SMTP_TIMEOUTS,
  });
}

export async function verifySmtp(server: ServerAddress): Promise<void> {
  const t = smtpTransport(server);
  try {
    await t.verify();
  } catch (e) {
    throw smtpError(e, 'login');
  } finally {
    t.close();
  }
}

export interface OutgoingReply {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  inReplyTo: string;
  references: string[];
  text: string;
}

/** Builds the answer to `target`: headers from its meta (see parseEmail), a deterministic Message-ID. */
export function buildReply(fromAddress: string, target: ReplyTarget, text: string, idempotencyKey: string): OutgoingReply {
  const meta = target.meta ?? {};
  const to = meta.address;
  if (!to) throw new ConnectorError('invalid', 'email reply: the message has no address to answer');
  if (!text.trim()) throw new ConnectorError('invalid', 'email reply: empty text');
  const parentId = meta.messageId || target.externalId;
  const { inReplyTo, references } = replyThreadingHeaders({
    messageId: parentId,
    inReplyTo: meta.inReplyTo,
    references: parseIdList(meta.references),
  });
  return {
    messageId: replyMessageId(idempotencyKey, fromAddress),
    from: fromAddress,
    to,
    subject: replySubject(meta.subject),
    inReplyTo,
    references,
    text,
  };
}

/** Sends the reply; returns its Message-ID (normalized, no brackets). */
export async function sendReply(server: ServerAddress, reply: OutgoingReply): Promise<string> {
  const t = smtpTransport(server);
  try {
    await t.sendMail({
      messageId: bracket(reply.messageId),
      from: reply.from,
      to: reply.to,
      subject: reply.subject,
      inReplyTo: bracket(reply.inReplyTo),
      references: reply.references.map(bracket),
      text: reply.text,
    });
  } catch (e) {
    throw smtpError(e, 'send');
  } finally {
    t.close();
  }
  return reply.messageId;
}
