import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { localDb } from '../local/db.ts';
import { SyncEngine, httpTransport, type SyncStatus } from './engine.ts';
import { DexieOutboxStore } from './outbox-store.ts';

interface SyncApi {
  status: SyncStatus;
  syncNow: () => Promise<void>;
}
const SyncCtx = createContext<SyncApi | null>(null);

/** One sync engine per signed-in user; it syncs on start, on demand, when back online and every 30 s. */
export function SyncProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [status, setStatus] = useState<SyncStatus>({ state: 'idle', pending: 0, rejected: 0, lastSyncedAt: null, lastError: null });
  const engine = useMemo(
    () =>
      new SyncEngine({
        store: new DexieOutboxStore(localDb, userId),
        transport: httpTransport(),
        now: () => Date.now(),
        random: Math.random,
        setTimer: (fn, ms) => {
          const t = setTimeout(fn, ms);
          return () => clearTimeout(t);
        },
        onStatus: setStatus,
      }),
    [userId],
  );
  useEffect(() => {
    void engine.kick();
    const onOnline = () => void engine.kick();
    window.addEventListener('online', onOnline);
    const interval = setInterval(() => void engine.kick(), 30_000);
    return () => {
      window.removeEventListener('online', onOnline);
      clearInterval(interval);
      engine.stop();
    };
  }, [engine]);
  const api = useMemo(() => ({ status, syncNow: () => engine.kick() }), [status, engine]);
  return <SyncCtx.Provider value={api}>{children}</SyncCtx.Provider>;
}

export function useSync(): SyncApi {
  const ctx = useContext(SyncCtx);
  if (!ctx) throw new Error('useSync outside SyncProvider');
  return ctx;
}
