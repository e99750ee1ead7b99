import type { Network } from './types.ts';

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
