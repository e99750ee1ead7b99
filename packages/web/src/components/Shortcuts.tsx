import { useEffect, useRef } from 'react';

const KEYS: Array<[string, string, boolean]> = [
  ['j / k', 'next / previous conversation', false],
  ['Enter', 'open the selected conversation', false],
  ['r', 'write a reply', true],
  ['Ctrl+Enter', 'send the reply', true],
  ['e', 'close and go to the next one', true],
  ['a', 'assign to me', true],
  ['/', 'search', false],
  ['?', 'show or hide this help', false],
];

/** The keyboard shortcuts, in a modal that Escape, ? or the button closes. */
export function Shortcuts({ canAct, onClose }: { canAct: boolean; onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const back = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      back?.focus?.();
    };
  }, [onClose]);
  return (
    <div className="overlay" onClick={onClose}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-h" onClick={(e) => e.stopPropagation()}>
        <h2 id="shortcuts-h">Keyboard shortcuts</h2>
        <dl>
          {KEYS.filter(([, , act]) => canAct || !act).map(([k, what]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <button type="button" ref={closeRef} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
