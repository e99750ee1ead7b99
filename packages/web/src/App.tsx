import { lazy, Suspense, useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { AccountsBar } from './components/AccountsBar.tsx';
import { Counts } from './components/Counts.tsx';
import { Inbox } from './components/Inbox.tsx';
import { SignIn } from './components/SignIn.tsx';
import { ChangePassword } from './components/ChangePassword.tsx';
import { Users } from './admin/Users.tsx';
import { Accounts } from './admin/Accounts.tsx';
import { Audit } from './admin/Audit.tsx';
import { CannedReplies } from './admin/CannedReplies.tsx';
import { useLiveUpdates } from './lib/live.ts';
import { ApiError, errorText, getMe, logout, setSignedOutHandler } from './lib/api.ts';
import type { User } from './lib/types.ts';

type Tab = 'inbox' | 'dashboard' | 'users' | 'accounts' | 'canned' | 'audit';
const Dashboard = lazy(() => import('./dashboard/Dashboard.tsx'));
const TABS: Array<[Tab, string]> = [
  ['inbox', 'Inbox'],
  ['dashboard', 'Dashboard'],
  ['users', 'Users'],
  ['accounts', 'Accounts'],
  ['canned', 'Canned replies'],
  ['audit', 'Audit log'],
];

export function App() {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: getMe, retry: false, staleTime: Infinity });
  useEffect(() => {
    setSignedOutHandler(() => {
      qc.setQueryData(['me'], null);
    });
  }, [qc]);

  if (me.isPending) return <p className="state">Loading…</p>;
  if (me.isError && !(me.error instanceof ApiError && me.error.status === 401)) {
    return (
      <p className="state error" role="alert">
        {errorText(me.error)}{' '}
        <button type="button" onClick={() => void me.refetch()}>
          Retry
        </button>
      </p>
    );
  }
  if (!me.data) return <SignIn />;
  if (me.data.mustChangePassword) return <ChangePassword email={me.data.email} />;
  return <SignedIn me={me.data} />;
}

function SignedIn({ me }: { me: User }) {
  const qc = useQueryClient();
  const [tab, setTab] = useState<Tab>('inbox');
  const live = useLiveUpdates(me.email);
  const signOut = async () => {
    await logout();
    qc.setQueryData(['me'], null);
    // Forget everything the signed-in user could read.
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  };
  const isAdmin = me.role === 'admin';

  return (
    <div className="app">
      <header className="top">
        <h1>Inbox</h1>
        <span className={`live live-${live.state}`} role="status" data-testid="live">
          {live.state === 'live' ? '● Live' : live.state === 'connecting' ? '○ Connecting…' : '○ Offline'}
        </span>
        {(
          <nav className="tabs" aria-label="Sections">
            {TABS.filter(([t]) => isAdmin || t === 'inbox' || t === 'dashboard').map(([t, label]) => (
              <button key={t} type="button" className={tab === t ? 'on' : ''} aria-current={tab === t ? 'page' : undefined} onClick={() => setTab(t)}>
                {label}
              </button>
            ))}
          </nav>
        )}
        <Counts />
        <AccountsBar />
        <span className="whoami" data-testid="whoami">
          {me.email} <span className="badge">{me.role}</span>
        </span>
        <button type="button" className="signout" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      {tab === 'dashboard' ? (
        <Suspense fallback={<p className="state">Loading…</p>}>
          <Dashboard canAct={me.role !== 'viewer'} />
        </Suspense>
      ) : tab === 'inbox' || !isAdmin ? (
        <Inbox me={me.email} myName={me.name} canAct={me.role !== 'viewer'} />
      ) : (
        <main className="admin">
          {tab === 'users' && <Users me={me} />}
          {tab === 'accounts' && <Accounts />}
          {tab === 'canned' && <CannedReplies />}
          {tab === 'audit' && <Audit />}
        </main>
      )}
    </div>
  );
}
