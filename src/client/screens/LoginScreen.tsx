import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Me } from '../../domain/api/index.ts';
import { SetupNotice } from '../account/SetupNotice.tsx';
import { api, ApiError } from '../api/http.ts';
import { forgetEarly } from '../startup/early.ts';

export function LoginScreen() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const qc = useQueryClient();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api('/api/auth/login', Me, { method: 'POST', body: { email, password } });
      // What the app asked for on opening, before anyone was signed in, is nobody's.
      forgetEarly();
      qc.setQueryData(['me'], me);
      await qc.invalidateQueries({ queryKey: ['projects'] });
      navigate('/');
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
