// The inbox's view lives in the URL (filters, search, order, open conversation), so a reload keeps
// the place and a link can be shared. Only known keys with valid values are read back.
import type { Filters } from './types.ts';

const KEYS = ['network', 'account', 'complaint', 'sentiment', 'status', 'visibility', 'lang', 'assignee', 'q', 'overdue', 'order'] as const;
const DEFAULT: Filters = { order: 'priority', status: 'open' };

export interface View {
  filters: Filters;
  selected: string | null;
}

export function readView(search: string = window.location.search): View {
  const p = new URLSearchParams(search);
  if (![...KEYS, 'c', 'all'].some((k) => p.has(k))) return { filters: { ...DEFAULT }, selected: null };
  const f: Record<string, string> = {};
  for (const k of KEYS) {
    const v = p.get(k);
    if (v !== null && v !== '' && v.length <= 200) f[k] = v;
  }
  const filters = { ...f, order: f.order === 'newest' ? 'newest' : 'priority' } as Filters;
  const c = p.get('c');
  return { filters, selected: c && /^[0-9a-f]{24}$/.test(c) ? c : null };
}

export function viewSearch(v: View): string {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    const val = (v.filters as Record<string, unknown>)[k];
    if (val !== undefined && val !== '') p.set(k, String(val));
  }
  // No status means "any status": say so, or the default (open) would come back on reload.
  if (!v.filters.status) p.set('all', '1');
  if (v.selected) p.set('c', v.selected);
  return `?${p}`;
}

/** Writes the view into the address bar: a new history entry when the conversation changes. */
export function writeView(v: View, push: boolean): void {
  const search = viewSearch(v);
  if (search === window.location.search) return;
  const url = `${window.location.pathname}${search}${window.location.hash}`;
  if (push) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}
