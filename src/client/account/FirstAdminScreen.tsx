// /setup/:token — the one-time link from the server log: the operator makes the first administrator.
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { Me } from '../../domain/api/index.ts';
import { api, ApiError } from '../api/http.ts';
import { mismatch, PasswordFields } from './PasswordFields.tsx';
import { useSignedInAs } from './useSignedInAs.ts';

export function FirstAdminScreen() {
  const { token = '' } = useParams();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signedIn = useSignedInAs();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const differ = mismatch(password, confirm);
    if (differ) return setError(differ);
    setBusy(true);
    setError(null);
    try {
      await signedIn(await api('/api/setup/first-admin', Me, { method: 'POST', body: { token, email, displayName, password } }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Creating the administrator failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <h1>Create the first administrator</h1>
      <p>This link works once. The administrator then invites everyone else and creates projects.</p>
      <form onSubmit={submit} aria-label="First administrator">
        <label>
          Email
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Display name
          <input autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        </label>
        <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} label="Password" />
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Create administrator
        </button>
      </form>
    </main>
  );
}
