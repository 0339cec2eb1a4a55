// /account/:token — an invitation (choose a name and password) or a password reset (a new
// password). A link that expired or was used already says so, and who to ask.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { AccountLinkInfo, Me } from '../../domain/api/index.ts';
import { api, ApiError } from '../api/http.ts';
import { mismatch, PasswordFields } from './PasswordFields.tsx';
import { useSignedInAs } from './useSignedInAs.ts';

export function AccountLinkScreen() {
  const { token = '' } = useParams();
  const path = `/api/account-links/${encodeURIComponent(token)}`;
  const info = useQuery({ queryKey: ['account-link', token], queryFn: () => api(path, AccountLinkInfo), retry: false });
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signedIn = useSignedInAs();

  if (info.isLoading) return <p role="status">Checking the link…</p>;
  if (info.error || !info.data) {
    return (
      <main className="login">
        <h1>This link cannot be used</h1>
        <p role="alert">{info.error?.message ?? 'The link is not valid.'}</p>
        <p>
          Links work once and expire. Ask your administrator for a new one, or <Link to="/login">sign in</Link> if you have an account.
        </p>
      </main>
    );
  }
  const invitation = info.data.kind === 'invitation';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const differ = mismatch(password, confirm);
    if (differ) return setError(differ);
    setBusy(true);
    setError(null);
    try {
      await signedIn(await api(`${path}/accept`, Me, { method: 'POST', body: invitation ? { displayName, password } : { password } }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'That did not work.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <h1>{invitation ? 'Join Touchstone' : 'Choose a new password'}</h1>
      <p>
        {invitation ? 'You were invited as' : 'For the account'} <strong>{info.data.email}</strong>. The link expires{' '}
        {new Date(info.data.expiresAt).toLocaleString()}.
      </p>
      <form onSubmit={submit} aria-label={invitation ? 'Create your account' : 'New password'}>
        {invitation && (
          <label>
            Display name
            <input autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
          </label>
        )}
        <PasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          label={invitation ? 'Password' : 'New password'}
        />
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {invitation ? 'Create my account' : 'Set the password'}
        </button>
      </form>
    </main>
  );
}
