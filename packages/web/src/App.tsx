import { useCallback, useState } from 'react';
import { AccountsBar } from './components/AccountsBar.tsx';
import { FiltersBar } from './components/FiltersBar.tsx';
import { MentionDetail } from './components/MentionDetail.tsx';
import { MentionList } from './components/MentionList.tsx';
import { useLiveUpdates } from './lib/live.ts';
import type { Filters } from './lib/types.ts';

export function App() {
  const [filters, setFilters] = useState<Filters>({ order: 'priority', status: 'open' });
  const [selected, setSelected] = useState<string | null>(null);
  const live = useLiveUpdates();
  const onFilters = useCallback((f: Filters) => {
    setFilters(f);
    setSelected(null);
  }, []);

  return (
    <div className="app">
      <header className="top">
        <h1>Inbox</h1>
        <span className={`live live-${live.state}`} role="status" data-testid="live">
          {live.state === 'live' ? `● Live · ${live.arrived} new` : live.state === 'connecting' ? '○ Connecting…' : '○ Offline'}
        </span>
        <AccountsBar />
      </header>
      <FiltersBar filters={filters} onChange={onFilters} />
      <main className="panes">
        <section className="list-pane" aria-label="Queue">
          <MentionList filters={filters} selected={selected} onSelect={setSelected} />
        </section>
        <section className="detail-pane" aria-label="Detail">
          {selected ? <MentionDetail id={selected} /> : <p className="state">Select a message to read and reply.</p>}
        </section>
      </main>
    </div>
  );
}
