import { createContext, lazy, Suspense, useContext, useState, type ReactNode } from 'react';
import { INITIAL_SYNC_STATUS, type SyncApi } from './sync-api.ts';

const SyncCtx = createContext<SyncApi | null>(null);

// The engine and Dexie arrive in their own chunk, right after the first screen renders: the
// signed-in shell shows without waiting for them, and nothing is sent before they run anyway.
const SyncRunner = lazy(() => import('./SyncRunner.tsx').then((m) => ({ default: m.SyncRunner })));

const NOT_STARTED: SyncApi = { status: INITIAL_SYNC_STATUS, rejected: [], syncNow: async () => {} };

/** The outbox's sync for the signed-in user (see SyncRunner); children render at once. */
export function SyncProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [api, setApi] = useState<SyncApi>(NOT_STARTED);
  return (
    <SyncCtx.Provider value={api}>
      <Suspense fallback={null}>
        <SyncRunner key={userId} userId={userId} onApi={setApi} />
      </Suspense>
      {children}
    </SyncCtx.Provider>
  );
}

export function useSync(): SyncApi {
  const ctx = useContext(SyncCtx);
  if (!ctx) throw new Error('useSync outside SyncProvider');
  return ctx;
}
