import { useState } from 'react';
import type { OutboxEntry } from '../local/db.ts';
import { useSync } from '../sync/SyncContext.tsx';

const words: Record<string, string> = {
  idle: 'All work sent',
  syncing: 'Sending…',
  waiting: 'Will retry shortly',
  offline: 'Offline — work is kept on this device',
  'signed-out': 'Signed out — sign in to send your work',
};

export function SyncStatusBadge() {
  const { status, rejected, syncNow } = useSync();
  const [open, setOpen] = useState(false);
  const when = status.lastSyncedAt ? new Date(status.lastSyncedAt).toLocaleTimeString() : 'not yet';
  return (
    <div className="sync-status" role="status" aria-live="polite">
      <span data-state={status.state}>{status.pending > 0 && status.state === 'idle' ? 'Waiting to send' : words[status.state]}</span>
      <span>
        {status.pending} pending · last sent {when}
      </span>
      {status.lastError && status.state !== 'idle' && <span className="error-text">{status.lastError}</span>}
      {rejected.length > 0 && (
        <button type="button" className="error-text" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {rejected.length} refused — {open ? 'hide' : 'see why'}
        </button>
      )}
      <button type="button" onClick={() => void syncNow()}>
        Sync now
      </button>
      {open && rejected.length > 0 && <RejectedList entries={rejected} />}
    </div>
  );
}

/** Every refused submission with the server's reason; they stay until the annotator has seen them. */
function RejectedList({ entries }: { entries: OutboxEntry[] }) {
  return (
    <section className="rejected-list" aria-label="Refused submissions">
      <h2>Submissions the server refused</h2>
      <p>These labels were not saved on the server. They are kept on this device so nothing is lost; show them to your lead if the reason is unclear.</p>
      <ul>
        {entries.map((e) => (
          <li key={e.id}>
            <strong>Item {e.mutation.itemId.slice(0, 8)}</strong> · submitted {new Date(e.createdAt).toLocaleString()}:{' '}
            {e.result?.status === 'rejected' ? e.result.message : 'refused'}
            {e.result?.status === 'rejected' && e.result.problems.length > 1 && (
              <ul>
                {e.result.problems.map((p, i) => (
                  <li key={i}>{p.message}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
