// Invite someone: email, administrator or not, roles in projects; the answer is a one-time link
// the administrator passes on (no mail is sent).
import { useState, type FormEvent } from 'react';
import { Role, type AccountLink, type ProjectRoleGrant } from '../../domain/api/index.ts';
import { useProjects } from '../api/hooks.ts';
import { ApiError } from '../api/http.ts';
import { OneTimeSecret } from '../components/OneTimeSecret.tsx';
import { absoluteLink, useInvite } from './api.ts';

const ROLE_NAMES: Record<Role, string> = { annotator: 'Annotator', lead: 'Lead', author: 'Guideline author' };

export function InviteForm() {
  const projects = useProjects();
  const invite = useInvite();
  const [email, setEmail] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const [grants, setGrants] = useState<ProjectRoleGrant[]>([]);
  const [link, setLink] = useState<{ email: string; link: AccountLink } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const has = (projectId: string, role: Role) => grants.some((g) => g.projectId === projectId && g.role === role);
  const toggle = (projectId: string, role: Role, on: boolean) =>
    setGrants((gs) => (on ? [...gs, { projectId, role }] : gs.filter((g) => !(g.projectId === projectId && g.role === role))));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    invite.mutate(
      { email, isAdmin, projectRoles: grants },
      {
        onSuccess: (r) => {
          setLink({ email: r.invitation.email, link: r.link });
          setEmail('');
          setIsAdmin(false);
          setGrants([]);
        },
        onError: (err) => setError(err instanceof ApiError ? err.message : 'The invitation failed.'),
      },
    );
  };

  return (
    <section aria-labelledby="invite-title" className="admin-panel">
      <h2 id="invite-title">Invite someone</h2>
      <form onSubmit={submit} aria-label="Invite someone">
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label className="inline">
          <input type="checkbox" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} /> Administrator (manages accounts and projects)
        </label>
        {(projects.data?.projects.length ?? 0) > 0 && (
          <fieldset>
            <legend>Roles in projects</legend>
            {projects.data?.projects.map((p) => (
              <div key={p.id} role="group" aria-label={p.name} className="row">
                <span className="project-name">{p.name}</span>
                {Role.options.map((role) => (
                  <label key={role} className="inline">
                    <input
                      type="checkbox"
                      checked={has(p.id, role)}
                      onChange={(e) => toggle(p.id, role, e.target.checked)}
                      aria-label={`${ROLE_NAMES[role]} in ${p.name}`}
                    />{' '}
                    {ROLE_NAMES[role]}
                  </label>
                ))}
              </div>
            ))}
          </fieldset>
        )}
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={invite.isPending}>
          Create invitation link
        </button>
      </form>
      {link && (
        <OneTimeSecret
          label={`Invitation link for ${link.email}`}
          value={absoluteLink(link.link.url)}
          note={`Send it to ${link.email}. It works once and expires ${new Date(link.link.expiresAt).toLocaleString()}.`}
        />
      )}
    </section>
  );
}
