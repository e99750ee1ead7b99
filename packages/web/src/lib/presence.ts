import { useCallback, useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Presence } from '@inbox/contract';
import { setPresence } from './api.ts';
import { presenceKey } from './queue-cache.ts';

/** How often the open conversation says "still here" (the server forgets an entry after 15 s). */
const RENEW_MS = 5_000;
/** A keystroke counts as typing for this long. */
const TYPING_MS = 4_000;

/**
 * Tells the server this person has the conversation open (and when they are typing a reply), and
 * returns the others who have it open, kept current by the live `presence` event.
 */
export function usePresence(id: string, me: string, active: boolean): { others: Presence[]; typed(): void } {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: presenceKey(id), queryFn: () => [] as Presence[], staleTime: Infinity, enabled: false, initialData: [] as Presence[] });
  const lastKey = useRef(0);
  const sent = useRef<'viewing' | 'typing' | null>(null);

  const say = useCallback(
    (state: 'viewing' | 'typing') => {
      sent.current = state;
      setPresence(id, state)
        .then((present) => qc.setQueryData(presenceKey(id), present))
        .catch(() => {}); // presence is a courtesy: a missed beat is renewed by the next one
    },
    [id, qc],
  );

  useEffect(() => {
    if (!active) return;
    say('viewing');
    const timer = window.setInterval(() => say(Date.now() - lastKey.current < TYPING_MS ? 'typing' : 'viewing'), RENEW_MS);
    return () => {
      window.clearInterval(timer);
      void setPresence(id, 'left').catch(() => {});
    };
  }, [id, active, say]);

  const typed = useCallback(() => {
    lastKey.current = Date.now();
    if (active && sent.current !== 'typing') say('typing');
  }, [active, say]);

  return { others: (q.data ?? []).filter((p) => p.email !== me), typed };
}

export function presenceText(p: Presence): string {
  const who = p.name ?? p.email.split('@')[0] ?? p.email;
  return p.state === 'typing' ? `${who} is typing…` : `${who} is viewing`;
}
