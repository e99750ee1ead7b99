import type { Network } from '@inbox/contract';

export const NETWORK_LABEL: Record<Network, string> = {
  sandbox: 'Sandbox',
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  email: 'Email',
};

export const NETWORK_ICON: Record<Network, string> = {
  sandbox: 'S',
  x: '𝕏',
  facebook: 'f',
  instagram: 'IG',
  email: '✉',
};

export const LANG_LABEL: Record<string, string> = {
  en: 'English',
  am: 'Amharic',
  sw: 'Swahili',
  ta: 'Tamil',
  si: 'Sinhala',
  km: 'Khmer',
  und: 'Unknown',
};

export function timeAgo(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

function span(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h ${m % 60}m` : `${Math.floor(h / 24)}d`;
}

/** The reply-by countdown: "reply in 42m", or "overdue 5m" once the deadline has passed. */
export function dueText(dueAt: string, now = Date.now()): { text: string; overdue: boolean } {
  const left = new Date(dueAt).getTime() - now;
  return left >= 0 ? { text: `reply in ${span(left)}`, overdue: false } : { text: `overdue ${span(left)}`, overdue: true };
}

/** Who sent a reply, as the signed-in person reads it. */
export function replyBy(by: string | null, me: string): string {
  if (by === null) return 'Unknown agent';
  return by === me ? 'You' : by;
}

export function customerName(a: { id: string; handle: string | null; name: string | null }): string {
  return a.name ?? (a.handle ? `@${a.handle}` : a.id);
}
