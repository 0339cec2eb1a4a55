import type { OutboxEntry } from '../local/db.ts';
import type { SyncStatus } from './engine.ts';

export interface SyncApi {
  status: SyncStatus;
  /** Refused mutations with their reasons: kept and listed, never dropped. */
  rejected: OutboxEntry[];
  syncNow: () => Promise<void>;
}

export const INITIAL_SYNC_STATUS: SyncStatus = { state: 'idle', pending: 0, rejected: 0, lastSyncedAt: null, lastError: null };
