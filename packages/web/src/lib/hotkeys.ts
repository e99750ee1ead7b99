import { useEffect, useRef } from 'react';

/** True while the person is typing somewhere: single-letter shortcuts must not fire then. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
}

/**
 * Single-key shortcuts on the whole page (no click into the list first). A handler returning
 * `false` leaves the key to the browser (Enter on a focused button, for instance).
 */
export function useHotkeys(keys: Record<string, (e: KeyboardEvent) => boolean | void>, enabled = true): void {
  const ref = useRef(keys);
  ref.current = keys;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      // An open dialog (the shortcuts help) takes the keys.
      if (document.querySelector('[role="dialog"][aria-modal="true"]') && e.key !== 'Escape' && e.key !== '?') return;
      const fn = ref.current[e.key];
      if (fn && fn(e) !== false) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
