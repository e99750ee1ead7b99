import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BulkAction, Conversation } from '@inbox/contract';
import { bulk, errorText, listConversations } from '../lib/api.ts';
import { customerName, dueText, timeAgo } from '../lib/format.ts';
import { useNow } from '../lib/now.ts';
import { applyConversation, freshKey, listKey, showFresh } from '../lib/queue-cache.ts';
import type { Filters } from '../lib/types.ts';
import { ComplaintBadge, NetworkIcon } from './Badges.tsx';

export function useConversations(filters: Filters) {
  return useInfiniteQuery({
    queryKey: listKey(filters),
    queryFn: ({ pageParam }) => listConversations(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Live events keep it current; a refetch on focus would reorder the list under the reader.
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

/** Conversations held back because they would appear above what the reader is looking at. */
function useFresh(filters: Filters): Conversation[] {
  const q = useQuery({ queryKey: freshKey(filters), queryFn: () => [] as Conversation[], staleTime: Infinity, gcTime: Infinity });
  return q.data ?? [];
}

export function ConversationList({
  filters,
  selected,
  me,
  canAct = false,
  onSelect,
}: {
  filters: Filters;
  selected: string | null;
  me: string;
  canAct?: boolean;
  onSelect(id: string): void;
}) {
  const qc = useQueryClient();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setPicked((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const q = useConversations(filters);
  const fresh = useFresh(filters);
  const now = useNow();
  const items = q.data?.pages.flatMap((p) => p.data) ?? [];

  if (q.isPending) return <p className="state">Loading conversations…</p>;
  if (!q.data) {
    return (
      <div className="state error" role="alert">
        <p>The inbox could not be reached, so the conversations are not shown. {errorText(q.error)}</p>
        <button type="button" onClick={() => void q.refetch()}>
          Retry
        </button>
      </div>
    );
  }

  return (
    <>
      {fresh.length > 0 && (
        <button type="button" className="fresh-bar" onClick={() => showFresh(qc, filters)}>
          {fresh.length} new
        </button>
      )}
      {canAct && picked.size > 0 && <BulkBar picked={picked} me={me} onDone={() => setPicked(new Set())} />}
      {items.length === 0 ? (
        <p className="state">No conversations match these filters. New ones appear here as they arrive.</p>
      ) : (
        <ul className="conversations" aria-label="Conversations">
          {items.map((c) => (
            <li key={c.id} className={canAct ? 'row-wrap' : undefined}>
              {canAct && (
                <label className="pick">
                  <input type="checkbox" checked={picked.has(c.id)} onChange={() => toggle(c.id)} aria-label={`Select ${customerName(c.customer)}`} />
                </label>
              )}
              <ConversationRow c={c} me={me} now={now} selected={c.id === selected} onSelect={onSelect} />
            </li>
          ))}
        </ul>
      )}
      {q.hasNextPage && (
        <button type="button" className="more" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
          {q.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
      {q.isError && (
        <p className="state error" role="alert">
          {q.isFetchNextPageError ? 'More conversations could not be loaded.' : 'The list could not be refreshed.'} {errorText(q.error)}
        </p>
      )}
    </>
  );
}

function ConversationRow({ c, me, now, selected, onSelect }: { c: Conversation; me: string; now: number; selected: boolean; onSelect(id: string): void }) {
  const due = c.dueAt && c.status !== 'closed' ? dueText(c.dueAt, now) : null;
  const assignee = c.assignee === null ? null : c.assignee === me ? 'you' : c.assignee;
  return (
    <button
      type="button"
      data-id={c.id}
      className={`conversation ${selected ? 'selected' : ''} ${c.complaint ? 'is-complaint' : ''} status-${c.status}`}
      aria-current={selected}
      onClick={() => onSelect(c.id)}
    >
      <span className="row1">
        <NetworkIcon network={c.network} />
        <span className="author">{customerName(c.customer)}</span>
        {c.customer.name && c.customer.handle && <span className="handle">@{c.customer.handle}</span>}
        <span className="ago" title={new Date(c.lastMessageAt).toLocaleString()}>
          {timeAgo(c.lastMessageAt, now)}
        </span>
      </span>
      {c.subject && <span className="subject">{c.subject}</span>}
      <span className="text" dir="auto">
        {/* In a public thread others join in: say who wrote the last word when it is not the customer. */}
        {c.lastMessage.author.id !== c.customer.id && <b>{customerName(c.lastMessage.author)}: </b>}
        {c.lastMessage.text}
      </span>
      {c.complaint && (
        <span className="row2">
          <ComplaintBadge c={{ flag: c.complaint, reasons: c.reasons }} withReasons />
        </span>
      )}
      <span className="row3">
        {due && <span className={`due ${due.overdue ? 'overdue' : ''}`}>{due.text}</span>}
        <span className={`badge st-${c.status}`}>{c.status}</span>
        <span className="count" title={`${c.messageCount} messages, ${c.replyCount} replies`}>
          {c.messageCount} {c.messageCount === 1 ? 'message' : 'messages'}
        </span>
        {assignee && <span className="assignee">→ {assignee}</span>}
        <span className="prio" title="priority">
          P{c.priority}
        </span>
      </span>
    </button>
  );
}

/** One action on the selected conversations; each answers for itself, and what failed stays selected. */
function BulkBar({ picked, me, onDone }: { picked: Set<string>; me: string; onDone(): void }) {
  const qc = useQueryClient();
  const [label, setLabel] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (action: BulkAction) => bulk({ ids: [...picked], action }),
    onSuccess: (results) => {
      for (const r of results) if (r.conversation) applyConversation(qc, r.conversation, me);
      void qc.invalidateQueries({ queryKey: ['counts'] });
      const failed = results.filter((r) => !r.ok);
      setOutcome(failed.length ? `${results.length - failed.length} changed, ${failed.length} not: ${failed[0]?.error ?? ''}` : `${results.length} changed`);
      if (!failed.length) onDone();
    },
  });
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected conversations">
      <span>{picked.size} selected</span>
      <button type="button" disabled={run.isPending} onClick={() => run.mutate({ type: 'assign', assignee: 'me' })}>
        Assign to me
      </button>
      <button type="button" disabled={run.isPending} onClick={() => run.mutate({ type: 'assign', assignee: null })}>
        Unassign
      </button>
      <input aria-label="Label for the selected" placeholder="label" value={label} maxLength={50} onChange={(e) => setLabel(e.target.value)} />
      <button type="button" disabled={run.isPending || !label.trim()} onClick={() => run.mutate({ type: 'label', label: label.trim() })}>
        Add label
      </button>
      <button type="button" disabled={run.isPending} onClick={() => run.mutate({ type: 'close' })}>
        Close selected
      </button>
      <button type="button" onClick={onDone}>
        Clear selection
      </button>
      {outcome && <span role="status">{outcome}</span>}
      {run.isError && (
        <span className="error" role="alert">
          {errorText(run.error)}
        </span>
      )}
    </div>
  );
}
