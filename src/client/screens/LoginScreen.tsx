import { useState, type FormEvent } from 'react';
import { Me } from '../../domain/api/index.ts';
import { SetupNotice } from '../account/SetupNotice.tsx';
import { useSignedInAs } from '../account/useSignedInAs.ts';
import { api, ApiError } from '../api/http.ts';

export function LoginScreen() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signedInAs = useSignedInAs();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signedInAs(await api('/api/auth/login', Me, { method: 'POST', body: { email, password } }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Signing in failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <h1>Touchstone</h1>
      <p>Sign in to label, review and watch quality.</p>
      <SetupNotice />
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Email
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
