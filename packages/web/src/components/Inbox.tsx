import { useCallback, useEffect, useRef, useState } from 'react';
import { FiltersBar } from './FiltersBar.tsx';
import { ConversationDetail } from './ConversationDetail.tsx';
import { ConversationList, useConversations } from './ConversationList.tsx';
import { Shortcuts } from './Shortcuts.tsx';
import { useHotkeys } from '../lib/hotkeys.ts';
import type { Filters } from '../lib/types.ts';
import { readView, writeView } from '../lib/url-view.ts';

/** The queue beside the open conversation, with the filters above and the keyboard shortcuts. */
export function Inbox({ me, myName = null, canAct }: { me: string; myName?: string | null; canAct: boolean }) {
  const [filters, setFilters] = useState<Filters>(() => readView().filters);
  const [selected, setSelected] = useState<string | null>(() => readView().selected);
  // The address bar follows the view; back/forward bring an earlier view back.
  const lastSelected = useRef(selected);
  useEffect(() => {
    writeView({ filters, selected }, lastSelected.current !== null && selected !== null && lastSelected.current !== selected);
    lastSelected.current = selected;
  }, [filters, selected]);
  useEffect(() => {
    const onPop = () => {
      const v = readView();
      setFilters(v.filters);
      setSelected(v.selected);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const [help, setHelp] = useState(false);
  const q = useConversations(filters);
  const items = q.data?.pages.flatMap((p) => p.data) ?? [];
  const detailRef = useRef<HTMLElement>(null);

  // Where to go once the selected conversation is closed, remembered while it is still listed (a
  // close takes it out of an "open" list, possibly before the close's own response arrives).
  const next = useRef<string | null>(null);
  const idx = items.findIndex((c) => c.id === selected);
  if (idx >= 0) next.current = (items[idx + 1] ?? items[idx - 1])?.id ?? null;

  useEffect(() => {
    if (!selected && items[0]) setSelected(items[0].id);
  }, [selected, items]);

  const onFilters = useCallback((f: Filters) => {
    setFilters(f);
    setSelected(null);
  }, []);
  const closeHelp = useCallback(() => setHelp(false), []);
  const onClosed = useCallback(
    (id: string) => {
      if (id === selected && next.current) setSelected(next.current);
    },
    [selected],
  );

  const openDetail = () => {
    detailRef.current?.focus({ preventScroll: true });
    detailRef.current?.scrollIntoView({ block: 'start' });
  };
  // On a phone the thread is below the list: a tap on a row takes the reader there.
  const onRowClick = useCallback((id: string) => {
    setSelected(id);
    if (window.matchMedia('(max-width: 800px)').matches) requestAnimationFrame(() => detailRef.current?.scrollIntoView({ block: 'start' }));
  }, []);
  const select = (id: string) => {
    setSelected(id);
    document.querySelector(`.conversations [data-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
  };
  const move = (step: number) => {
    const target = items[idx < 0 ? 0 : Math.min(items.length - 1, Math.max(0, idx + step))];
    if (target) select(target.id);
  };
  useHotkeys({
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: (e) => (e.target instanceof HTMLElement && e.target.closest('.conversations') ? move(1) : false),
    ArrowUp: (e) => (e.target instanceof HTMLElement && e.target.closest('.conversations') ? move(-1) : false),
    Enter: (e) => {
      // Enter on another button or link does what that control does; on a row, opens that row.
      const t = e.target instanceof HTMLElement ? e.target : null;
      if (t && t !== document.body && !t.closest('.conversations')) return false;
      const id = t?.closest<HTMLElement>('[data-id]')?.dataset.id ?? selected;
      if (!id) return false;
      setSelected(id);
      openDetail();
    },
    '/': () => document.getElementById('search')?.focus(),
    '?': () => setHelp((h) => !h),
  });

  return (
    <>
      <FiltersBar filters={filters} onChange={onFilters} />
      <main className="panes">
        <section className="list-pane" aria-label="Queue">
          <ConversationList filters={filters} selected={selected} me={me} canAct={canAct} onSelect={onRowClick} />
        </section>
        <section className="detail-pane" aria-label="Open conversation" ref={detailRef} tabIndex={-1}>
          {selected ? (
            <ConversationDetail key={selected} id={selected} me={me} myName={myName} canAct={canAct} highlight={filters.q} onClosed={onClosed} />
          ) : (
            <p className="state">Select a conversation to read{canAct ? ' and reply' : ''}.</p>
          )}
        </section>
      </main>
      <button type="button" className="help-link" onClick={() => setHelp(true)}>
        Keyboard shortcuts (?)
      </button>
      {help && <Shortcuts canAct={canAct} onClose={closeHelp} />}
    </>
  );
}
