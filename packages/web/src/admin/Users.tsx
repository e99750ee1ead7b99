import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createUser, listUsers, updateUser } from '../lib/api.ts';
import { ROLES, type Role } from '@inbox/contract';
import type { User } from '../lib/types.ts';

export function Users({ me }: { me: User }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['users'], queryFn: listUsers });
  const [form, setForm] = useState({ email: '', role: 'agent' as Role, password: '' });
  const create = useMutation({
    mutationFn: () => createUser(form),
    onSuccess: () => {
      setForm({ email: '', role: 'agent', password: '' });
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: { role?: Role; disabled?: boolean } }) => updateUser(id, patch),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['users'] }),
  });

  return (
    <section className="admin-section" aria-labelledby="users-h">
      <h2 id="users-h">Users</h2>
      <form
        className="admin-form"
        aria-label="Add a user"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          Email
          <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </label>
        <label>
          Role
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Password (10+ characters)
          <input type="password" autoComplete="new-password" required minLength={10} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </label>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add user'}
        </button>
        {create.isError && (
          <p className="error" role="alert">
            {create.error.message}
          </p>
        )}
      </form>
      {update.isError && (
        <p className="error" role="alert">
          {update.error.message}
        </p>
      )}
      {q.isPending ? (
        <p className="state">Loading users…</p>
      ) : q.isError ? (
        <p className="state error" role="alert">
          Could not load users: {q.error.message}
        </p>
      ) : q.data.length === 0 ? (
        <p className="state">No users yet.</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th>Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((u) => (
              <tr key={u.id} data-testid="user-row">
                <td>
                  {u.email}
                  {u.id === me.id ? ' (you)' : ''}
                </td>
                <td>
                  <select aria-label={`Role of ${u.email}`} value={u.role} disabled={update.isPending} onChange={(e) => update.mutate({ id: u.id, patch: { role: e.target.value as Role } })}>
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" disabled={update.isPending || u.id === me.id} onClick={() => update.mutate({ id: u.id, patch: { disabled: !u.disabled } })}>
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>
                  {u.disabled && <span className="badge">disabled</span>}
                </td>
                <td className="muted">{u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString() : 'never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
