import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';

export type LiveState = 'connecting' | 'live' | 'offline';

/**
 * Subscribes to /api/stream and refreshes the cached queries when mentions or accounts change.
 * Refreshes are batched (at most one per 500 ms) so a burst of arrivals costs one refetch.
 */
export function useLiveUpdates(): { state: LiveState; arrived: number } {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const [arrived, setArrived] = useState(0);
  const pending = useRef<Set<string>>(new Set());
  const timer = useRef<number | null>(null);

  useEffect(() => {
    const flush = () => {
      timer.current = null;
      for (const key of pending.current) void qc.invalidateQueries({ queryKey: [key] });
      pending.current.clear();
    };
    const schedule = (key: string) => {
      pending.current.add(key);
      if (timer.current === null) timer.current = window.setTimeout(flush, 500);
    };
    const es = new EventSource('/api/stream');
    let dropped = false;
    es.onopen = () => {
      setState('live');
      // Events sent while the connection was down are gone: refresh what they would have changed.
      if (dropped) {
        schedule('mentions');
        schedule('accounts');
      }
    };
    es.onerror = () => {
      dropped = true;
      setState(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    };
    es.addEventListener('mention.created', () => {
      setArrived((n) => n + 1);
      schedule('mentions');
    });
    es.addEventListener('mention.updated', (ev) => {
      schedule('mentions');
      try {
        const id = (JSON.parse((ev as MessageEvent<string>).data) as { id?: string }).id;
        if (id) void qc.invalidateQueries({ queryKey: ['mention', id] });
      } catch {
        // A malformed event only costs this one refresh.
      }
    });
    es.addEventListener('account.updated', () => schedule('accounts'));
    return () => {
      es.close();
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [qc]);

  return { state, arrived };
}
