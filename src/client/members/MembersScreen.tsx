// /projects/:id/members — who works on the project and in which roles. The server keeps at least
// one lead: its refusal is shown as it says it.
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { Role } from '../../domain/api/index.ts';
import { ApiError } from '../api/http.ts';
import '../admin/admin.css';
import { useAddMember, useMembers, useSetRoles } from './api.ts';

const ROLE_NAMES: Record<Role, string> = { annotator: 'Annotator', lead: 'Lead', author: 'Guideline author' };

export function MembersScreen() {
  const { projectId = '' } = useParams();
  const members = useMembers(projectId);
  const add = useAddMember(projectId);
  const setRoles = useSetRoles(projectId);
  const [email, setEmail] = useState('');
  const [roles, setNewRoles] = useState<Role[]>(['annotator']);
  const [error, setError] = useState<string | null>(null);
  const onError = (err: Error) => setError(err instanceof ApiError ? err.message : 'That did not work.');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    add.mutate({ email, roles }, { onSuccess: () => setEmail(''), onError });
  };
  const change = (userId: string, next: Role[]) => {
    setError(null);
    setRoles.mutate({ userId, roles: next }, { onError });
  };

  return (
    <main className="members">
      <h1>Members</h1>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <section aria-labelledby="members-title" className="admin-panel">
        <h2 id="members-title">People in this project</h2>
        {members.error && <p role="alert">{members.error.message}</p>}
        {members.data && (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                {Role.options.map((r) => (
                  <th scope="col" key={r}>
                    {ROLE_NAMES[r]}
                  </th>
                ))}
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {members.data.members.map((m) => (
                <tr key={m.userId}>
                  <th scope="row">
                    {m.displayName}
                    {m.active ? '' : ' (deactivated)'}
                  </th>
                  <td>{m.email}</td>
                  {Role.options.map((r) => (
                    <td key={r}>
                      <input
                        type="checkbox"
                        checked={m.roles.includes(r)}
                        onChange={(e) => change(m.userId, e.target.checked ? [...m.roles, r] : m.roles.filter((x) => x !== r))}
                        aria-label={`${ROLE_NAMES[r]}: ${m.displayName}`}
                      />
                    </td>
                  ))}
                  <td>
                    <button type="button" onClick={() => change(m.userId, [])} aria-label={`Remove ${m.displayName} from the project`}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="add-member-title" className="admin-panel">
        <h2 id="add-member-title">Add a member</h2>
        <form onSubmit={submit} aria-label="Add a member">
          <label>
            Email of an existing account
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </label>
          <fieldset className="row">
            <legend>Roles</legend>
            {Role.options.map((r) => (
              <label key={r} className="inline">
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  onChange={(e) => setNewRoles((rs) => (e.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))}
                />{' '}
                {ROLE_NAMES[r]}
              </label>
            ))}
          </fieldset>
          <p className="muted">Someone without an account yet is invited by an administrator.</p>
          <button type="submit" className="primary" disabled={add.isPending || roles.length === 0}>
            Add member
          </button>
        </form>
      </section>
    </main>
  );
}
