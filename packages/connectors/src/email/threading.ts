// RFC 5322 threading: Message-ID / In-Reply-To / References.
import { createHash } from 'node:crypto';

/** `<Abc@Example.org>` → `Abc@Example.org` (angle brackets, whitespace and comments dropped). */
export function normalizeMessageId(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const ids = parseIdList(raw);
  return ids[0];
}

/**
 * Splits an In-Reply-To / References value (string, or the array mailparser gives) into normalized
 * ids, in order, without duplicates. Accepts ids with or without angle brackets.
 */
export function parseIdList(value: string | readonly string[] | undefined | null): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  const out: string[] = [];
  const bracketed = text.match(/<[^<>]*>/g);
  const tokens = bracketed
    ? bracketed.map((t) => t.slice(1, -1))
    : text.split(/[\s,]+/);
  for (const t of tokens) {
    const id = t.replace(/\s+/g, '').trim();
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/** `id` → `<id>`, for headers. */
export const bracket = (id: string): string => `<${id}>`;

/**
 * The thread an email belongs to: the root of its reply chain. First id of References, else
 * In-Reply-To, else the message's own id.
 */
export function threadKeyOf(h: { messageId: string; inReplyTo?: string | undefined; references: readonly string[] }): string {
  return h.references[0] ?? h.inReplyTo ?? h.messageId;
}

/**
 * Headers for an answer to a message (RFC 5322 §3.6.4): In-Reply-To = its Message-ID, References =
 * its References (or, if absent, its In-Reply-To) followed by its Message-ID.
 */
export function replyThreadingHeaders(parent: {
  messageId: string;
  inReplyTo?: string | undefined;
  references: readonly string[];
}): { inReplyTo: string; references: string[] } {
  const base = parent.references.length > 0 ? [...parent.references] : parent.inReplyTo ? [parent.inReplyTo] : [];
  if (!base.includes(parent.messageId)) base.push(parent.messageId);
  return { inReplyTo: parent.messageId, references: base };
}

/** `Subject` → `Re: Subject`, without stacking `Re: Re:` (also folds `RE:`, `Aw:`, `Sv:`). */
export function replySubject(subject: string | undefined): string {
  const s = (subject ?? '').trim();
  const stripped = s.replace(/^((re|aw|sv|antw|fwd?)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
  const isReply = /^(re|aw|sv|antw)\s*(\[\d+\])?\s*:/i.test(s);
  if (!stripped) return 'Re: (no subject)';
  return isReply ? `Re: ${stripped}` : `Re: ${s}`;
}

/** A deterministic Message-ID for a reply, so a retried send carries the same id. */
export function replyMessageId(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1]?.toLowerCase() || 'inbox.invalid';
  const h = createHash('sha256').update(`inbox-reply\0${idempotencyKey}`).digest('hex').slice(0, 32);
  return `inbox-reply-${h}@${domain}`;
}

/** A stable id for a message that has no Message-ID, from the headers and body every copy shares. */
export function derivedMessageId(parts: readonly (string | undefined)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p ?? '').update('\0');
  return `derived-${h.digest('hex').slice(0, 40)}@inbox.invalid`;
}
