// The person's access tokens for scripts: create one (shown once), see when each was last used,
// revoke one. A token acts as its owner, limited to its scope and projects.
import { useState, type FormEvent } from 'react';
import type { TokenScope } from '../../domain/api/index.ts';
import { useProjects } from '../api/hooks.ts';
import { ApiError } from '../api/http.ts';
import { OneTimeSecret } from '../components/OneTimeSecret.tsx';
import { useCreateToken, useRevokeToken, useTokens } from './api.ts';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

export function TokensPanel() {
  const tokens = useTokens();
  const projects = useProjects();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [scope, setScope] = useState<TokenScope>('read');
  const [limitTo, setLimitTo] = useState<string[]>([]);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onError = (e: Error) => setError(e instanceof ApiError ? e.message : 'That did not work.');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    create.mutate(
      { name, expiresInDays: days, scope, ...(limitTo.length > 0 ? { projectIds: limitTo } : {}) },
      { onSuccess: (r) => (setSecret({ name: r.accessToken.name, token: r.token }), setName(''), setLimitTo([])), onError },
    );
  };

  return (
    <section aria-labelledby="tokens-title" className="admin-panel">
      <h2 id="tokens-title">Access tokens</h2>
      <p className="muted">
        For scripts: send <code>Authorization: Bearer &lt;token&gt;</code>. A token can do what you can, within its scope and projects.
      </p>
      <form onSubmit={submit} aria-label="New access token">
        <label>
          Token name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <label>
          Expires after (days)
          <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} required />
        </label>
        <fieldset className="row">
          <legend>Scope</legend>
          <label className="inline">
            <input type="radio" name="token-scope" checked={scope === 'read'} onChange={() => setScope('read')} /> Read only
          </label>
          <label className="inline">
            <input type="radio" name="token-scope" checked={scope === 'write'} onChange={() => setScope('write')} /> Read and write
          </label>
        </fieldset>
        {(projects.data?.projects.length ?? 0) > 0 && (
          <fieldset className="row">
            <legend>Only these projects (none ticked: all of yours)</legend>
            {projects.data?.projects.map((p) => (
              <label key={p.id} className="inline">
                <input
                  type="checkbox"
                  checked={limitTo.includes(p.id)}
                  onChange={(e) => setLimitTo((ids) => (e.target.checked ? [...ids, p.id] : ids.filter((x) => x !== p.id)))}
                />{' '}
                {p.name}
              </label>
            ))}
          </fieldset>
        )}
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={create.isPending}>
          Create token
        </button>
      </form>
      {secret && <OneTimeSecret label={`Access token ${secret.name}`} value={secret.token} />}
      {tokens.data && tokens.data.tokens.length > 0 && (
        <table>
          <caption className="visually-hidden">Your access tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scope</th>
              <th scope="col">Projects</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.tokens.map((t) => (
              <tr key={t.id}>
                <th scope="row">{t.name}</th>
                <td>{t.scope === 'read' ? 'read only' : 'read and write'}</td>
                <td>{t.projectIds === null ? 'all' : t.projectIds.map((id) => projects.data?.projects.find((p) => p.id === id)?.name ?? id).join(', ')}</td>
                <td>{t.expired ? 'expired' : new Date(t.expiresAt).toLocaleDateString()}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>
                  <button type="button" onClick={() => (setError(null), revoke.mutate(t.id, { onError }))} aria-label={`Revoke token ${t.name}`}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
