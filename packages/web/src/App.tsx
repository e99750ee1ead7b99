import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { AccountsBar } from './components/AccountsBar.tsx';
import { FiltersBar } from './components/FiltersBar.tsx';
import { MentionDetail } from './components/MentionDetail.tsx';
import { MentionList } from './components/MentionList.tsx';
import { SignIn } from './components/SignIn.tsx';
import { Users } from './admin/Users.tsx';
import { Accounts } from './admin/Accounts.tsx';
import { Audit } from './admin/Audit.tsx';
import { useLiveUpdates } from './lib/live.ts';
import { ApiError, getMe, logout, setSignedOutHandler } from './lib/api.ts';
import type { Filters, User } from './lib/types.ts';

type Tab = 'inbox' | 'dashboard' | 'users' | 'accounts' | 'audit';
const Dashboard = lazy(() => import('./dashboard/Dashboard.tsx'));
const TABS: Array<[Tab, string]> = [
  ['inbox', 'Inbox'],
  ['dashboard', 'Dashboard'],
  ['users', 'Users'],
  ['accounts', 'Accounts'],
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
        Could not reach the inbox: {me.error.message}{' '}
        <button type="button" onClick={() => void me.refetch()}>
          Retry
        </button>
      </p>
    );
  }
  if (!me.data) return <SignIn />;
  return <SignedIn me={me.data} />;
}

function SignedIn({ me }: { me: User }) {
  const qc = useQueryClient();
  const [tab, setTab] = useState<Tab>('inbox');
  const [filters, setFilters] = useState<Filters>({ order: 'priority', status: 'open' });
  const [selected, setSelected] = useState<string | null>(null);
  const live = useLiveUpdates();
  const onFilters = useCallback((f: Filters) => {
    setFilters(f);
    setSelected(null);
  }, []);
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
          {live.state === 'live' ? `● Live · ${live.arrived} new` : live.state === 'connecting' ? '○ Connecting…' : '○ Offline'}
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
        <>
          <FiltersBar filters={filters} onChange={onFilters} />
          <main className="panes">
            <section className="list-pane" aria-label="Queue">
              <MentionList filters={filters} selected={selected} onSelect={setSelected} />
            </section>
            <section className="detail-pane" aria-label="Detail">
              {selected ? <MentionDetail id={selected} canAct={me.role !== 'viewer'} /> : <p className="state">Select a message to read{me.role !== 'viewer' ? ' and reply' : ''}.</p>}
            </section>
          </main>
        </>
      ) : (
        <main className="admin">
          {tab === 'users' && <Users me={me} />}
          {tab === 'accounts' && <Accounts />}
          {tab === 'audit' && <Audit />}
        </main>
      )}
    </div>
  );
}
