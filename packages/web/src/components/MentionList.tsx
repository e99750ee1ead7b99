import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { listMentions } from '../lib/api.ts';
import type { Filters, Mention } from '../lib/types.ts';
import { timeAgo } from '../lib/format.ts';
import { ComplaintBadge, LangBadge, NetworkIcon, SentimentBadge } from './Badges.tsx';

export function useMentions(filters: Filters) {
  return useInfiniteQuery({
    queryKey: ['mentions', filters],
    queryFn: ({ pageParam }) => listMentions(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function MentionList({
  filters,
  selected,
  onSelect,
}: {
  filters: Filters;
  selected: string | null;
  onSelect(id: string): void;
}) {
  const q = useMentions(filters);
  const items: Mention[] = q.data?.pages.flatMap((p) => p.data) ?? [];
  const listRef = useRef<HTMLUListElement>(null);

  // Keyboard: j/k or arrow keys move through the queue.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.target as HTMLElement).tagName === 'INPUT') return;
    const idx = items.findIndex((m) => m.id === selected);
    let next = -1;
    if (e.key === 'ArrowDown' || e.key === 'j') next = Math.min(items.length - 1, idx + 1);
    if (e.key === 'ArrowUp' || e.key === 'k') next = Math.max(0, idx - 1);
    const target = items[next];
    if (next >= 0 && target) {
      e.preventDefault();
      onSelect(target.id);
      listRef.current?.querySelector<HTMLElement>(`[data-id="${target.id}"]`)?.focus();
    }
  };

  useEffect(() => {
    if (!selected && items[0]) onSelect(items[0].id);
  }, [selected, items, onSelect]);

  if (q.isPending) return <p className="state">Loading messages…</p>;
  if (q.isError) {
    return (
      <div className="state error" role="alert">
        Could not load messages: {q.error.message}{' '}
        <button type="button" onClick={() => void q.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  if (items.length === 0) return <p className="state">No messages match these filters yet. New ones appear here as they arrive.</p>;

  return (
    <>
      <ul className="mentions" aria-label="Messages" ref={listRef} onKeyDown={onKeyDown}>
        {items.map((m) => (
          <li key={m.id}>
            <button
              type="button"
              data-id={m.id}
              data-testid="mention"
              className={`mention ${m.id === selected ? 'selected' : ''} ${m.complaint.flag ? 'is-complaint' : ''} status-${m.status}`}
              aria-current={m.id === selected}
              onClick={() => onSelect(m.id)}
            >
              <div className="row1">
                <NetworkIcon network={m.network} />
                <span className="author">{m.author.name ?? m.author.handle ?? m.author.id}</span>
                <span className="kind">{m.kind}</span>
                <span className="ago" title={new Date(m.createdAt).toLocaleString()}>
                  {timeAgo(m.createdAt)}
                </span>
              </div>
              <p className="text" dir="auto">
                {m.text}
              </p>
              <div className="row3">
                <ComplaintBadge c={m.complaint} />
                <SentimentBadge s={m.sentiment} />
                <LangBadge lang={m.lang} />
                {m.visibility === 'private' && <span className="badge private">private</span>}
                {m.status !== 'open' && <span className={`badge st-${m.status}`}>{m.status}</span>}
                <span className="prio" title="priority">
                  P{m.priority}
                </span>
              </div>
            </button>
          </li>
        ))}
      </ul>
      {q.hasNextPage && (
        <button type="button" className="more" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
          {q.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
