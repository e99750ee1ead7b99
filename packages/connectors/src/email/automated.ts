// Mail written by machines, not customers: bounces and auto-replies are not stored as customer mail.
import type { ParsedMail } from 'mailparser';
import type { IncomingMention } from '../core/types.ts';

export type AutomatedKind = 'bounce' | 'auto-reply';

const header = (parsed: ParsedMail, name: string): string => {
  const v = parsed.headers.get(name);
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string') return (v as { value: string }).value;
  return String(v);
};

/**
 * Why a message is machine-written, or null for a person's mail:
 * - delivery reports (RFC 6522 `multipart/report`, RFC 3464 delivery-status, RFC 8098 read receipts),
 *   and mail from the mailer daemon (`MAILER-DAEMON@`, `postmaster@`) or with a null return path;
 * - auto-replies: RFC 3834 `Auto-Submitted` other than `no`, and the older `X-Autoreply`,
 *   `X-Autorespond` and `Precedence: auto_reply` that some responders still send.
 */
export function automatedReason(parsed: ParsedMail, fromAddress: string | undefined): AutomatedKind | null {
  const ctype = parsed.headers.get('content-type') as { value?: string } | undefined;
  if (ctype && typeof ctype === 'object' && /^multipart\/report$/i.test(ctype.value ?? '')) return 'bounce';
  const local = (fromAddress ?? '').split('@')[0]?.toLowerCase() ?? '';
  if (local === 'mailer-daemon' || local === 'postmaster') return 'bounce';
  if (/^\s*<\s*>\s*$/.test(header(parsed, 'return-path'))) return 'bounce';
  const auto = header(parsed, 'auto-submitted').trim().toLowerCase();
  if (auto && !auto.startsWith('no')) return 'auto-reply';
  if (header(parsed, 'x-autoreply') || header(parsed, 'x-autorespond')) return 'auto-reply';
  if (/^\s*auto_reply\s*$/i.test(header(parsed, 'precedence'))) return 'auto-reply';
  return null;
}

/** The reason a parsed mention is machine-written (set by parseEmail), or null. */
export function automatedKind(m: Pick<IncomingMention, 'replyTarget'>): AutomatedKind | null {
  const v = m.replyTarget.meta?.automated;
  return v === 'bounce' || v === 'auto-reply' ? v : null;
}
