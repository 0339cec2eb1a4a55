// A new password typed twice, with the rule stated up front (the server checks it in full).
import { useId } from 'react';
import { PASSWORD_RULE } from '../../domain/validation/password.ts';

export function PasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  label = 'New password',
}: {
  password: string;
  confirm: string;
  onPassword(v: string): void;
  onConfirm(v: string): void;
  label?: string;
}) {
  const ruleId = useId();
  return (
    <>
      <label>
        {label}
        <input type="password" autoComplete="new-password" value={password} onChange={(e) => onPassword(e.target.value)} aria-describedby={ruleId} required />
      </label>
      <p id={ruleId} className="muted">
        {PASSWORD_RULE}
      </p>
      <label>
        Repeat the password
        <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => onConfirm(e.target.value)} required />
      </label>
    </>
  );
}

/** What is wrong before sending, in words; null when the two match. */
export function mismatch(password: string, confirm: string): string | null {
  return password === confirm ? null : 'The two passwords differ.';
}
