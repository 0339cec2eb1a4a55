// Invitations sent: who, with which roles, whether still open; an open one can be revoked.
import { useState } from 'react';
import { ApiError } from '../api/http.ts';
import { useInvitations, useRevokeInvitation } from './api.ts';

export function InvitationList() {
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const [error, setError] = useState<string | null>(null);
  if (invitations.error) return <p role="alert">{invitations.error.message}</p>;
  if (!invitations.data) return null;
  const list = invitations.data.invitations;
  return (
    <section aria-labelledby="invitations-title" className="admin-panel">
      <h2 id="invitations-title">Invitations</h2>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {list.length === 0 ? (
        <p>No invitations yet.</p>
      ) : (
        <ul aria-labelledby="invitations-title">
          {list.map((inv) => (
            <li key={inv.id}>
              <strong>{inv.email}</strong> · {inv.status}
              {inv.isAdmin ? ' · administrator' : ''} · {inv.projectRoles.length} project roles · expires {new Date(inv.expiresAt).toLocaleDateString()}{' '}
              {inv.status === 'pending' && (
                <button
                  type="button"
                  onClick={() => revoke.mutate(inv.id, { onError: (e) => setError(e instanceof ApiError ? e.message : 'Revoking failed.') })}
                  aria-label={`Revoke the invitation of ${inv.email}`}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
