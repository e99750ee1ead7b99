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
        // Compact: icon and health dot; the name and any problem are in the tooltip, and a broken
        // account also shows its state in words so it cannot look healthy.
        <li key={a.id} className={`health-${a.health.state}`} title={`${a.name}: ${a.health.message ?? a.health.state}`}>
          <NetworkIcon network={a.network} />
          <span className="dot" aria-label={`${a.name}: ${a.health.state}`} />
          {a.health.state !== 'ok' && a.health.state !== 'unknown' && <span className="state-word">{a.health.state.replace('_', ' ')}</span>}
        </li>
      ))}
    </ul>
  );
}
