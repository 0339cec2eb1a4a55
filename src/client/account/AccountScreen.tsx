// /account — the signed-in person: display name, password, access tokens.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Me } from '../../domain/api/index.ts';
import { useMe } from '../api/hooks.ts';
import { api, ApiError } from '../api/http.ts';
import '../admin/admin.css';
import { TokensPanel } from '../tokens/TokensPanel.tsx';
import { mismatch, PasswordFields } from './PasswordFields.tsx';

function useForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (what: () => Promise<unknown>, ok: string) => {
    setError(null);
    setDone(null);
    try {
      await what();
      setDone(ok);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'That did not work.');
    }
  };
  const messages = (
    <>
      {done && <p role="status">{done}</p>}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </>
  );
  return { run, messages, setError };
}

function NameForm({ current }: { current: string }) {
  const qc = useQueryClient();
  const [name, setName] = useState(current);
  const form = useForm();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => qc.setQueryData(['me'], await api('/api/auth/me', Me, { method: 'PUT', body: { displayName: name } })), 'Name saved.');
  };
  return (
    <form onSubmit={submit} aria-label="Display name">
      <label>
        Display name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoComplete="name" />
      </label>
      {form.messages}
      <button type="submit">Save name</button>
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useForm();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const differ = mismatch(password, confirm);
    if (differ) return form.setError(differ);
    void form.run(async () => {
      await api('/api/auth/password', z.unknown(), { method: 'POST', body: { currentPassword: current, newPassword: password } });
      setCurrent('');
      setPassword('');
      setConfirm('');
    }, 'Password changed. Your other sessions were signed out.');
  };
  return (
    <form onSubmit={submit} aria-label="Change password">
      <label>
        Current password
        <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </label>
      <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
      {form.messages}
      <button type="submit">Change password</button>
    </form>
  );
}

export function AccountScreen() {
  const me = useMe();
  if (!me.data) return null;
  return (
    <main className="account">
      <h1>Your account</h1>
      <p>Signed in as {me.data.user.email}.</p>
      <section aria-labelledby="profile-title" className="admin-panel">
        <h2 id="profile-title">Name and password</h2>
        <NameForm current={me.data.user.displayName} />
        <PasswordForm />
      </section>
      <TokensPanel />
    </main>
  );
}
