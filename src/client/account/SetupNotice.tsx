// On the sign-in page of a server with no administrator yet: how the operator makes the first one.
// Shown only when the server says so; a failed check shows nothing (the sign-in form still works).
import { useQuery } from '@tanstack/react-query';
import { SetupStatus } from '../../domain/api/index.ts';
import { api } from '../api/http.ts';

/** The documented command; the README's "Run it for your team" section says the same. */
export const CREATE_ADMIN_COMMAND = 'npm run admin -- create-admin --email you@example.org --name "Your Name"';

export function SetupNotice() {
  const status = useQuery({ queryKey: ['setup'], queryFn: () => api('/api/setup', SetupStatus), retry: false });
  if (!status.data?.needsFirstAdmin) return null;
  return (
    <section className="setup-notice" aria-labelledby="setup-notice-title">
      <h2 id="setup-notice-title">No administrator yet</h2>
      <p>This server has no accounts. Whoever runs it creates the first administrator in one of two ways:</p>
      <ul>
        <li>
          On the server, run <code>{CREATE_ADMIN_COMMAND}</code> (it asks for a password).
        </li>
        <li>Or open the one-time setup link the server printed in its log when it started; it works once and expires.</li>
      </ul>
    </section>
  );
}
