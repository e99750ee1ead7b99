import { useQuery } from '@tanstack/react-query';
import { getCounts } from '../lib/api.ts';

/** The queue's counters in the header (refreshed, debounced, by the live updates). */
export function Counts() {
  const q = useQuery({ queryKey: ['counts'], queryFn: getCounts, refetchOnWindowFocus: false });
  if (!q.data) return null;
  const c = q.data;
  return (
    <p className="counts" aria-label="Queue counts" data-testid="counts">
      <span>
        <b>{c.open}</b> open
      </span>
      <span className={c.openComplaints > 0 ? 'hot' : ''}>
        <b>{c.openComplaints}</b> complaints
      </span>
      <span>
        <b>{c.openUnassigned}</b> unassigned
      </span>
      <span>
        <b>{c.pending}</b> pending
      </span>
    </p>
  );
}
