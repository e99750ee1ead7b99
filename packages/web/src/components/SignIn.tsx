import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { login } from '../lib/api.ts';

export function SignIn() {
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const m = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: (user) => {
      setPassword('');
      qc.setQueryData(['me'], user);
    },
  });
  return (
    <main className="signin">
      <form
        className="signin-card"
        aria-label="Sign in"
        onSubmit={(e) => {
          e.preventDefault();
          if (!m.isPending) m.mutate();
        }}
      >
        <h1>Inbox</h1>
        <p className="muted">Sign in to work the queue.</p>
        <label htmlFor="signin-email">Email</label>
        <input id="signin-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        <label htmlFor="signin-password">Password</label>
        <input id="signin-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {m.isError && (
          <p className="error" role="alert">
            {m.error.message}
          </p>
        )}
        <button type="submit" disabled={m.isPending || !email || !password}>
          {m.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
