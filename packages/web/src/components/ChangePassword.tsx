import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { changePassword, logout } from '../lib/api.ts';

/** Shown instead of the app while the user is on a one-time password (the server refuses the rest). */
export function ChangePassword({ email }: { email: string }) {
  const qc = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const m = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: (user) => qc.setQueryData(['me'], user),
  });
  const mismatch = again !== '' && again !== next;
  return (
    <main className="signin">
      <form
        className="signin-card"
        aria-label="Choose your password"
        onSubmit={(e) => {
          e.preventDefault();
          if (!m.isPending && !mismatch) m.mutate();
        }}
      >
        <h1>Inbox</h1>
        <p className="muted">{email} signed in with a one-time password. Choose your own to continue.</p>
        <label htmlFor="pw-current">One-time password</label>
        <input id="pw-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus />
        <label htmlFor="pw-new">New password (10 characters or more)</label>
        <input id="pw-new" type="password" autoComplete="new-password" minLength={10} required value={next} onChange={(e) => setNext(e.target.value)} />
        <label htmlFor="pw-again">New password again</label>
        <input id="pw-again" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
        {(m.isError || mismatch) && (
          <p className="error" role="alert">
            {mismatch ? 'the two new passwords differ' : m.error?.message}
          </p>
        )}
        <button type="submit" disabled={m.isPending || !current || next.length < 10 || mismatch}>
          {m.isPending ? 'Saving…' : 'Save and continue'}
        </button>
        <button type="button" onClick={() => void logout().then(() => qc.setQueryData(['me'], null))}>
          Sign out
        </button>
      </form>
    </main>
  );
}
