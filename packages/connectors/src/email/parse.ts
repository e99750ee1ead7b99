// Raw RFC 5322 message → IncomingMention, with mailparser.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { ConnectorError } from '../core/errors.ts';
import type { IncomingMention } from '../core/types.ts';
import { derivedMessageId, normalizeMessageId, parseIdList, threadKeyOf } from './threading.ts';
import { automatedReason } from './automated.ts';
import { htmlToText } from './html-text.ts';

/** Largest body text kept on a mention (characters); longer mail is cut with a marker. */
export const MAX_TEXT_CHARS = 20_000;

export interface ParseOptions {
  /** When the message has no (valid) Date header: e.g. the IMAP INTERNALDATE. */
  fallbackDate?: Date;
  /** SMTP `MAIL FROM` of the delivery, used as the author when the message has no From/Sender. */
  envelopeFrom?: string | null;
}

/** Author of a mail with no From, Sender or envelope sender: kept (a customer's mail must not be lost), not answerable. */
export const UNKNOWN_SENDER = 'unknown';

const lower = (s: string | undefined) => (s ?? '').trim().toLowerCase();

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address: string; name: string } | undefined {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  for (const obj of list) {
    for (const v of obj.value) {
      if (v.address) return { address: v.address.trim(), name: (v.name ?? '').trim() };
      for (const g of v.group ?? []) if (g.address) return { address: g.address.trim(), name: (g.name ?? '').trim() };
    }
  }
  return undefined;
}

/** Drops the quoted previous message from a reply ("> ..." lines and "On ... wrote:" tails). */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*>/.test(line)) continue;
    // "On Mon, 1 Jan 2024, Brand <x@y> wrote:" (possibly wrapped over two lines) followed by a quote.
    const joined = `${line} ${lines[i + 1] ?? ''}`;
    if (/^\s*(On|Le|Am|El)\b.*\b(wrote|a écrit|schrieb|escribió)\s*:\s*$/i.test(line) || /^\s*On\b.*\bwrote:\s*$/i.test(joined)) {
      const rest = lines.slice(i + 1).filter((l) => l.trim() !== '');
      if (rest.length === 0 || rest.every((l) => /^\s*>/.test(l) || /wrote:\s*$/.test(l))) break;
    }
    if (/^-{2,}\s*Original Message\s*-{2,}\s*$/i.test(line)) break;
    out.push(line);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function headerText(parsed: ParsedMail, name: string): string | undefined {
  const v = parsed.headers.get(name);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(String).join(' ');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'text' in v && typeof (v as { text: unknown }).text === 'string') return (v as { text: string }).text;
  if (typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string') return (v as { value: string }).value;
  return String(v);
}

/** Same address, ignoring case and surrounding whitespace. */
export const sameAddress = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && lower(a) === lower(b);

/** True when the mention was written by `brandAddress` itself (our own sent mail, a Bcc copy): not inbound. */
export function isOwnMessage(mention: Pick<IncomingMention, 'author'>, brandAddress: string): boolean {
  return sameAddress(mention.author.id, brandAddress);
}

/**
 * Parses one raw message into a mention. The externalId is the normalized Message-ID (or, when the
 * message has none, an id derived from its From/To/Date/Subject/body), so the same mail gives the same
 * id whether it came by IMAP or by the inbound SMTP listener.
 *
 * A mail without a From address is kept, authored by its Sender or envelope sender, or `unknown`
 * (then it cannot be answered by email): refusing it would lose a customer's message, and RFC 5322
 * From is often missing from mail relayed by forms and old scripts.
 * Bounces and auto-replies are marked (`replyTarget.meta.automated`); callers skip them.
 *
 * Throws ConnectorError('invalid') when the bytes are not an email at all (no header fields).
 */
export async function parseEmail(raw: Buffer, brandAddress: string, opts: ParseOptions = {}): Promise<IncomingMention> {
  if (!raw || raw.length === 0) throw new ConnectorError('invalid', 'email: empty message');
  let parsed: ParsedMail;
  try {
    // skipHtmlToText: an HTML-only body is converted here, with headings kept as written.
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true });
  } catch (e) {
    throw new ConnectorError('invalid', `email: MIME parse failed: ${(e as Error).message}`, { cause: e });
  }
  if (parsed.headers.size === 0) {
    throw new ConnectorError('invalid', 'email: not an RFC 5322 message (no header fields found)');
  }
  const envelopeFrom = opts.envelopeFrom?.trim();
  const from =
    firstAddress(parsed.from) ??
    firstAddress(parsed.headers.get('sender') as AddressObject | undefined) ??
    (envelopeFrom ? { address: envelopeFrom, name: '' } : undefined);
  const replyTo = firstAddress(parsed.replyTo) ?? from;
  const automated = automatedReason(parsed, from?.address);

  const attachments = parsed.attachments.filter((a) => a.contentDisposition === 'attachment' || !a.related).map((a) => a.filename ?? a.contentType);
  let body = (parsed.text ?? '').trim();
  if (!body && typeof parsed.html === 'string') body = htmlToText(parsed.html);
  // A mail with only attachments says what it carries (S/MIME-encrypted mail is one: smime.p7m).
  if (!body && attachments.length > 0) body = `[${attachments.length === 1 ? 'Attachment' : 'Attachments'}: ${attachments.join(', ')}]`;
  const subject = (parsed.subject ?? '').trim();
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : opts.fallbackDate;

  const references = parseIdList(parsed.references);
  const inReplyTo = normalizeMessageId(parsed.inReplyTo);
  const to = firstAddress(parsed.to)?.address;
  const messageId =
    normalizeMessageId(parsed.messageId) ??
    derivedMessageId([lower(from?.address), lower(to), headerText(parsed, 'date'), subject, body]);
  const threadKey = threadKeyOf({ messageId, inReplyTo, references });

  let text = stripQuoted(body) || body || subject;
  if (text.length > MAX_TEXT_CHARS) text = `${text.slice(0, MAX_TEXT_CHARS)}\n[… truncated]`;
  const langHint = headerText(parsed, 'content-language')?.split(',')[0]?.trim() || undefined;

  const meta: Record<string, string> = {
    messageId,
    references: references.join(' '),
    subject,
    ...(replyTo ? { address: replyTo.address } : {}),
    brandAddress,
  };
  if (inReplyTo) meta.inReplyTo = inReplyTo;
  if (replyTo?.name) meta.name = replyTo.name;
  if (automated) meta.automated = automated;
  const authorId = from ? lower(from.address) : UNKNOWN_SENDER;

  const mention: IncomingMention = {
    network: 'email',
    externalId: messageId,
    threadKey,
    kind: 'email',
    visibility: 'private',
    author: from ? { id: authorId, handle: from.address, ...(from.name ? { name: from.name } : {}) } : { id: UNKNOWN_SENDER, name: 'Unknown sender' },
    text,
    createdAt: (date ?? new Date()).toISOString(),
    replyTarget: { kind: 'email', externalId: messageId, threadKey, authorId, meta },
  };
  if (inReplyTo) mention.inReplyTo = inReplyTo;
  if (langHint) mention.langHint = langHint;
  return mention;
}

/**
 * A message that could not be parsed, as a mention an agent can see (instead of being dropped or
 * blocking the mailbox): stable id from the raw bytes, no reply address.
 */
export function unreadableMention(raw: Buffer, reason: string, receivedAt: Date | undefined): IncomingMention {
  const id = `unreadable-${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@inbox.invalid`;
  const preview = raw.subarray(0, 500).toString('latin1').replace(/[^\x20-\x7e\n]/g, '?').trim();
  return {
    network: 'email',
    externalId: id,
    threadKey: id,
    kind: 'email',
    visibility: 'private',
    author: { id: 'unknown', name: 'Unreadable email' },
    text: `[Inbox could not read this email: ${reason}]${preview ? `\n\n${preview}` : ''}`,
    createdAt: (receivedAt ?? new Date()).toISOString(),
    replyTarget: { kind: 'email', externalId: id, threadKey: id, authorId: 'unknown', meta: { unreadable: reason } },
  };
}
