import { useSync } from '../sync/SyncContext.tsx';

const words: Record<string, string> = {
  idle: 'All work sent',
  syncing: 'Sending…',
  waiting: 'Will retry shortly',
  offline: 'Offline — work is kept on this device',
  'signed-out': 'Signed out — sign in to send your work',
};

export function SyncStatusBadge() {
  const { status, syncNow } = useSync();
  const when = status.lastSyncedAt ? new Date(status.lastSyncedAt).toLocaleTimeString() : 'not yet';
  return (
    <div className="sync-status" role="status" aria-live="polite">
      <span data-state={status.state}>{status.pending > 0 && status.state === 'idle' ? 'Waiting to send' : words[status.state]}</span>
      <span>
        {status.pending} pending{status.rejected > 0 ? `, ${status.rejected} refused` : ''} · last sent {when}
      </span>
      {status.lastError && status.state !== 'idle' && <span className="error-text">{status.lastError}</span>}
      <button type="button" onClick={() => void syncNow()}>
        Sync now
      </button>
    </div>
  );
}
