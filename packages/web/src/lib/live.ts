import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Conversation, Message, Note, Presence } from '@inbox/contract';
import { applyConversation, applyMessage, applyNote, presenceKey } from './queue-cache.ts';

export type LiveState = 'connecting' | 'live' | 'offline';

/** Header counts and account health are refetched at most this often while events stream in. */
const REFRESH_DEBOUNCE_MS = 1000;

/** An event's data: the contract sends `{conversation}` / `{message, conversation}`; a bare conversation is accepted too. */
function parse(ev: Event): Record<string, unknown> | null {
  try {
    const v = JSON.parse((ev as MessageEvent<string>).data) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function conversationOf(d: Record<string, unknown>): Conversation | null {
  const c = (d.conversation ?? d) as Partial<Conversation>;
  return typeof c.id === 'string' && typeof c.status === 'string' && c.lastMessage ? (c as Conversation) : null;
}

/**
 * Subscribes to /api/stream and merges what changed into the cached queries (no list refetch per
 * event). Only the small header counts are refetched, debounced, and everything is refreshed once
 * after a dropped connection, whose missed events are gone.
 */
export function useLiveUpdates(me: string): { state: LiveState } {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const timer = useRef<number | null>(null);

  useEffect(() => {
    const stale = new Set<string>();
    const refresh = (key: string) => {
      stale.add(key);
      if (timer.current !== null) return;
      timer.current = window.setTimeout(() => {
        timer.current = null;
        for (const k of stale) void qc.invalidateQueries({ queryKey: [k] });
        stale.clear();
      }, REFRESH_DEBOUNCE_MS);
    };
    const refreshCounts = () => refresh('counts');
    const es = new EventSource('/api/stream');
    let dropped = false;
    es.onopen = () => {
      setState('live');
      if (dropped) {
        dropped = false;
        // The refetched lists include what was held back behind the "N new" bar.
        qc.setQueriesData<unknown[]>({ queryKey: ['conversations-fresh'] }, []);
        for (const key of ['conversations', 'conversation', 'counts', 'accounts']) void qc.invalidateQueries({ queryKey: [key] });
      }
    };
    es.onerror = () => {
      dropped = true;
      setState(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    };
    es.addEventListener('message.created', (ev) => {
      const d = parse(ev);
      const c = d && conversationOf(d);
      const m = d?.message as Message | undefined;
      if (!c || !m || typeof m.id !== 'string') return;
      applyMessage(qc, m, c, me);
      refreshCounts();
    });
    es.addEventListener('conversation.updated', (ev) => {
      const d = parse(ev);
      const c = d && conversationOf(d);
      if (!c) return;
      applyConversation(qc, c, me);
      refreshCounts();
    });
    es.addEventListener('account.updated', () => refresh('accounts'));
    es.addEventListener('note.created', (ev) => {
      const n = parse(ev)?.note as Note | undefined;
      if (n && typeof n.id === 'string') applyNote(qc, n);
    });
    es.addEventListener('presence', (ev) => {
      const d = parse(ev);
      if (d && typeof d.conversation === 'string' && Array.isArray(d.present)) qc.setQueryData<Presence[]>(presenceKey(d.conversation), d.present as Presence[]);
    });
    return () => {
      es.close();
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
    };
  }, [qc, me]);

  return { state };
}
