import { useEffect, useState } from 'react';
import { NETWORKS, SENTIMENT_LABELS, STATUSES } from '@inbox/contract';
import type { Filters } from '../lib/types.ts';
import { LANG_LABEL, NETWORK_LABEL } from '../lib/format.ts';

const ASSIGNEE: Array<[Filters['assignee'], string]> = [
  [undefined, 'All'],
  ['me', 'Mine'],
  ['none', 'Unassigned'],
];

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export function FiltersBar({ filters, onChange }: { filters: Filters; onChange(f: Filters): void }) {
  const [q, setQ] = useState(filters.q ?? '');
  // Search as the user types, once they pause.
  useEffect(() => {
    const t = window.setTimeout(() => {
      if ((filters.q ?? '') !== q) onChange({ ...filters, q: q || undefined });
    }, 300);
    return () => window.clearTimeout(t);
  }, [q, filters, onChange]);

  const set = <K extends keyof Filters>(k: K, v: string) => onChange({ ...filters, [k]: v === '' ? undefined : v });

  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <div className="seg" role="radiogroup" aria-label="Order">
        {(['priority', 'newest'] as const).map((o) => (
          <button key={o} type="button" role="radio" aria-checked={filters.order === o} className={filters.order === o ? 'on' : ''} onClick={() => onChange({ ...filters, order: o })}>
            {o === 'priority' ? 'Priority' : 'Newest'}
          </button>
        ))}
      </div>
      <input
        id="search"
        type="search"
        placeholder="Search… ( / )"
        aria-label="Search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      <div className="seg" role="radiogroup" aria-label="Assignee">
        {ASSIGNEE.map(([v, label]) => (
          <button key={label} type="button" role="radio" aria-checked={filters.assignee === v} className={filters.assignee === v ? 'on' : ''} onClick={() => onChange({ ...filters, assignee: v })}>
            {label}
          </button>
        ))}
      </div>
      <div className="seg">
        <button
          type="button"
          aria-pressed={filters.overdue === 'true'}
          className={filters.overdue === 'true' ? 'on' : ''}
          title="Reply-by passed, longest overdue first"
          onClick={() => onChange({ ...filters, overdue: filters.overdue === 'true' ? undefined : 'true' })}
        >
          Overdue
        </button>
      </div>
      <select aria-label="Network" value={filters.network ?? ''} onChange={(e) => set('network', e.target.value)}>
        <option value="">All networks</option>
        {NETWORKS.map((n) => (
          <option key={n} value={n}>
            {NETWORK_LABEL[n]}
          </option>
        ))}
      </select>
      <select aria-label="Complaints" value={filters.complaint ?? ''} onChange={(e) => set('complaint', e.target.value)}>
        <option value="">All conversations</option>
        <option value="true">Complaints</option>
        <option value="false">Not complaints</option>
      </select>
      <select aria-label="Sentiment" value={filters.sentiment ?? ''} onChange={(e) => set('sentiment', e.target.value)}>
        <option value="">Any sentiment</option>
        {SENTIMENT_LABELS.map((s) => (
          <option key={s} value={s}>
            {cap(s)}
          </option>
        ))}
      </select>
      <select aria-label="Status" value={filters.status ?? ''} onChange={(e) => set('status', e.target.value)}>
        <option value="">Any status</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {cap(s)}
          </option>
        ))}
      </select>
      <select aria-label="Language" value={filters.lang ?? ''} onChange={(e) => set('lang', e.target.value)}>
        <option value="">Any language</option>
        {Object.entries(LANG_LABEL).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </form>
  );
}
