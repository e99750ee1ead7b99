// Merges what the server says changed (live events, our own PATCH and reply responses) into the
// TanStack Query caches, so a change costs no refetch and the list does not jump under the reader.
import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import type { Conversation, ConversationDetail, ConversationPage, Message, Note, Reply } from '@inbox/contract';
import type { Filters } from './types.ts';

export type ListData = InfiniteData<ConversationPage, string | null>;
type DetailMessage = ConversationDetail['messages'][number];

export const listKey = (filters: Filters) => ['conversations', filters] as const;
export const freshKey = (filters: Filters) => ['conversations-fresh', filters] as const;
export const detailKey = (id: string) => ['conversation', id] as const;

/**
 * Whether `c` belongs in the list filtered by `f`: true, false, or undefined when the browser cannot
 * tell (a search: the server matches words of every message, the browser sees only the last one).
 */
export function matches(c: Conversation, f: Filters, me: string): boolean | undefined {
  if (f.network && c.network !== f.network) return false;
  if (f.account && c.account !== f.account) return false;
  if (f.complaint !== undefined && c.complaint !== (f.complaint === 'true')) return false;
  if (f.sentiment && c.sentiment !== f.sentiment) return false;
  if (f.status && c.status !== f.status) return false;
  if (f.visibility && c.visibility !== f.visibility) return false;
  if (f.lang && c.lang !== f.lang) return false;
  if (f.assignee) {
    const want = f.assignee === 'me' ? me : f.assignee === 'none' ? null : f.assignee;
    if (c.assignee !== want) return false;
  }
  // Overdue is ordered by deadline, which the browser does not merge into: updated in place only.
  if (f.overdue === 'true') return c.dueAt !== null && c.status !== 'closed' ? undefined : false;
  if (f.q) return c.lastMessage.text.toLowerCase().includes(f.q.toLowerCase()) ? true : undefined;
  return true;
}

/** The server's order: negative when `a` comes first. */
export function compare(order: Filters['order'], a: Conversation, b: Conversation): number {
  if (order === 'priority' && a.priority !== b.priority) return b.priority - a.priority;
  if (a.lastMessageAt !== b.lastMessageAt) return a.lastMessageAt < b.lastMessageAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function filtersOf(key: QueryKey): Filters {
  return key[1] as Filters;
}

/** A conversation changed or arrived: update it wherever it is cached. */
export function applyConversation(qc: QueryClient, c: Conversation, me: string): void {
  qc.setQueryData<ConversationDetail>(detailKey(c.id), (old) => (old ? { ...old, ...c, messages: old.messages } : old));
  for (const [key, data] of qc.getQueriesData<ListData>({ queryKey: ['conversations'] })) {
    if (!data) continue;
    const f = filtersOf(key);
    const match = matches(c, f, me);
    const inList = data.pages.some((p) => p.data.some((x) => x.id === c.id));
    const fresh = qc.getQueryData<Conversation[]>(freshKey(f)) ?? [];
    if (fresh.some((x) => x.id === c.id)) {
      qc.setQueryData<Conversation[]>(freshKey(f), match === false ? fresh.filter((x) => x.id !== c.id) : fresh.map((x) => (x.id === c.id ? c : x)));
      continue;
    }
    if (inList) {
      // Updated where it stands (no reordering under the reader); gone once it no longer matches.
      qc.setQueryData<ListData>(key, {
        ...data,
        pages: data.pages.map((p) => ({ ...p, data: match === false ? p.data.filter((x) => x.id !== c.id) : p.data.map((x) => (x.id === c.id ? c : x)) })),
      });
      continue;
    }
    if (match !== true) continue;
    const all = data.pages.flatMap((p) => p.data);
    const first = all[0];
    if (first && compare(f.order, c, first) < 0) {
      // Would appear above what the reader sees: held back behind the "N new" bar.
      qc.setQueryData<Conversation[]>(freshKey(f), [c, ...fresh]);
      continue;
    }
    const last = all[all.length - 1];
    const more = data.pages[data.pages.length - 1]?.nextCursor != null;
    // Below the loaded part: the next page brings it.
    if (last && more && compare(f.order, c, last) > 0) continue;
    qc.setQueryData<ListData>(key, insertSorted(data, c, f.order));
  }
}

function insertSorted(data: ListData, c: Conversation, order: Filters['order']): ListData {
  let placed = false;
  const pages = data.pages.map((p, i) => {
    if (placed) return p;
    const idx = p.data.findIndex((x) => compare(order, c, x) < 0);
    const isLast = i === data.pages.length - 1;
    if (idx < 0 && !isLast) return p;
    placed = true;
    const at = idx < 0 ? p.data.length : idx;
    return { ...p, data: [...p.data.slice(0, at), c, ...p.data.slice(at)] };
  });
  return { ...data, pages };
}

/** Shows the held-back new conversations: they go on top of the list, in the list's order. */
export function showFresh(qc: QueryClient, f: Filters): void {
  const fresh = qc.getQueryData<Conversation[]>(freshKey(f)) ?? [];
  qc.setQueryData<Conversation[]>(freshKey(f), []);
  qc.setQueryData<ListData>(listKey(f), (data) => {
    if (!data || fresh.length === 0) return data;
    const ids = new Set(fresh.map((c) => c.id));
    const top = [...fresh].sort((a, b) => compare(f.order, a, b));
    return { ...data, pages: data.pages.map((p, i) => ({ ...p, data: [...(i === 0 ? top : []), ...p.data.filter((x) => !ids.has(x.id))] })) };
  });
}

/** A customer message arrived: its conversation changes, and an open thread shows it at the end. */
export function applyMessage(qc: QueryClient, m: Message, c: Conversation, me: string): void {
  applyConversation(qc, c, me);
  qc.setQueryData<ConversationDetail>(detailKey(c.id), (old) => {
    if (!old || old.messages.some((x) => x.id === m.id)) return old;
    const msg: DetailMessage = { ...m, replies: [] };
    return { ...old, messages: [...old.messages, msg].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)) };
  });
}

/** Our reply (sent, sending or refused) shows under the message it answers, replacing an earlier try. */
export function applyReply(qc: QueryClient, r: Reply): void {
  qc.setQueryData<ConversationDetail>(detailKey(r.conversation), (old) => {
    if (!old) return old;
    const messages = old.messages.map((m) => {
      const rest = m.replies.filter((x) => x.id !== r.id && x.key !== r.key);
      return m.id === r.message ? { ...m, replies: [...rest, r] } : rest.length === m.replies.length ? m : { ...m, replies: rest };
    });
    return { ...old, messages };
  });
}

/** A note (ours, or another agent's by a live event) joins its open thread once. */
export function applyNote(qc: QueryClient, n: Note): void {
  qc.setQueryData<ConversationDetail>(detailKey(n.conversation), (old) => {
    if (!old || old.notes.some((x) => x.id === n.id)) return old;
    return { ...old, notes: [...old.notes, n].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)) };
  });
}

/** A message's scores changed (a complaint correction): the open thread shows the new flag. */
export function applyMessageScores(qc: QueryClient, m: Message): void {
  qc.setQueryData<ConversationDetail>(detailKey(m.conversation), (old) => (old ? { ...old, messages: old.messages.map((x) => (x.id === m.id ? { ...x, ...m, replies: x.replies } : x)) } : old));
}

export const presenceKey = (conversation: string) => ['presence', conversation] as const;
