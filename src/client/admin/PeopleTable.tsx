// Everyone with an account: active or not, administrator or not, their projects and roles, and
// what an administrator can do to the account.
import { useState } from 'react';
import type { AccountLink, AdminUser } from '../../domain/api/index.ts';
import { ApiError } from '../api/http.ts';
import { OneTimeSecret } from '../components/OneTimeSecret.tsx';
import { absoluteLink, useAdminUsers, useResetPassword, useSetActive, useSetAdmin } from './api.ts';

export function PeopleTable({ meId }: { meId: string }) {
  const users = useAdminUsers();
  const setActive = useSetActive();
  const setAdmin = useSetAdmin();
  const reset = useResetPassword();
  const [resetLink, setResetLink] = useState<{ user: AdminUser; link: AccountLink } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onError = (err: Error) => setError(err instanceof ApiError ? err.message : 'That did not work.');
  const act = <A,>(m: { mutate(a: A, o: { onError(e: Error): void; onSuccess?(): void }): void }, arg: A) => {
    setError(null);
    m.mutate(arg, { onError });
  };

  if (users.error) return <p role="alert">{users.error.message}</p>;
  if (!users.data) return <p role="status">Loading people…</p>;
  return (
    <section aria-labelledby="people-title" className="admin-panel">
      <h2 id="people-title">People</h2>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <table>
        <caption className="visually-hidden">Everyone with an account</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">State</th>
            <th scope="col">Administrator</th>
            <th scope="col">Projects and roles</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data.users.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.displayName}</th>
              <td>{u.email}</td>
              <td>{u.active ? 'Active' : 'Deactivated'}</td>
              <td>{u.isAdmin ? 'Yes' : 'No'}</td>
              <td>
                {u.projects.length === 0
                  ? '—'
                  : u.projects.map((p) => (
                      <div key={p.projectId}>
                        {p.projectName}
                        {p.archived ? ' (archived)' : ''}: {p.roles.join(', ')}
                      </div>
                    ))}
              </td>
              <td className="actions">
                {u.id !== meId && (
                  <button
                    type="button"
                    onClick={() => act(setActive, { userId: u.id, active: !u.active })}
                    aria-label={`${u.active ? 'Deactivate' : 'Reactivate'} ${u.displayName}`}
                  >
                    {u.active ? 'Deactivate' : 'Reactivate'}
                  </button>
                )}
                {u.id !== meId && (
                  <button
                    type="button"
                    onClick={() => act(setAdmin, { userId: u.id, isAdmin: !u.isAdmin })}
                    aria-label={`${u.isAdmin ? 'Remove admin' : 'Make admin'}: ${u.displayName}`}
                  >
                    {u.isAdmin ? 'Remove admin' : 'Make admin'}
                  </button>
                )}
                <button
                  type="button"
                  onClick={() => {
                    setError(null);
                    reset.mutate(u.id, { onSuccess: (r) => setResetLink({ user: u, link: r.link }), onError });
                  }}
                  aria-label={`Reset password of ${u.displayName}`}
                >
                  Reset password
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {resetLink && (
        <OneTimeSecret
          label={`Password reset link for ${resetLink.user.displayName}`}
          value={absoluteLink(resetLink.link.url)}
          note={`Send it to ${resetLink.user.email}. The old password works until the link is used; it expires ${new Date(resetLink.link.expiresAt).toLocaleString()}.`}
        />
      )}
    </section>
  );
}
