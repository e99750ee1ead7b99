import { useQuery } from '@tanstack/react-query';
import { listAccounts } from '../lib/api.ts';
import { NetworkIcon } from './Badges.tsx';

export function AccountsBar() {
  const q = useQuery({ queryKey: ['accounts'], queryFn: listAccounts, refetchInterval: 30_000 });
  if (!q.data) return null;
  if (q.data.length === 0) return <span className="muted">No accounts connected</span>;
  return (
    <ul className="accounts" aria-label="Connected accounts">
      {q.data.map((a) => (
        <li key={a.id} className={`health-${a.health.state}`} title={a.health.message ?? a.health.state}>
          <NetworkIcon network={a.network} /> {a.name} <span className="dot" aria-label={a.health.state} />
        </li>
      ))}
    </ul>
  );
}
