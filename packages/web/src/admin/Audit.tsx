import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { listAudit } from '../lib/api.ts';

// The mention.* actions are those recorded before conversations; kept so older entries can be found.
const ACTIONS = ['auth.login', 'auth.login_failed', 'auth.logout', 'user.create', 'user.role', 'user.disable', 'user.enable', 'user.password', 'account.connect', 'account.update', 'account.credentials', 'conversation.reply', 'conversation.assign', 'conversation.status', 'conversation.labels', 'conversation.note', 'message.complaint', 'canned.create', 'canned.update', 'canned.delete', 'mention.reply', 'mention.assign', 'mention.status', 'mention.labels'];

export function Audit() {
  const [action, setAction] = useState('');
  const q = useInfiniteQuery({
    queryKey: ['audit', action],
    queryFn: ({ pageParam }) => listAudit(action, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="admin-section" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit log</h2>
      <label>
        Action{' '}
        <select aria-label="Action" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">All actions</option>
          {ACTIONS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      {q.isPending ? (
        <p className="state">Loading the audit log…</p>
      ) : q.isError ? (
        <p className="state error" role="alert">
          Could not load the audit log: {q.error.message}
        </p>
      ) : rows.length === 0 ? (
        <p className="state">Nothing recorded{action ? ` for ${action}` : ''} yet.</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>What</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id} data-testid="audit-row">
                <td className="muted">{new Date(a.at).toLocaleString()}</td>
                <td>{a.actor ? `${a.actor.email} (${a.actor.role})` : '—'}</td>
                <td>{a.action}</td>
                <td>{a.target?.label ?? a.target?.id ?? ''}</td>
                <td className="muted">{Object.keys(a.details).length ? JSON.stringify(a.details) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.hasNextPage && (
        <button type="button" className="more" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
          {q.isFetchingNextPage ? 'Loading…' : 'Load older'}
        </button>
      )}
    </section>
  );
}
