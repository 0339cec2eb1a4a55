import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { localDb } from '../local/db.ts';
import { requestPersistence } from '../local/storage.ts';
import { SyncEngine, httpTransport, type SyncStatus } from './engine.ts';
import { DexieOutboxStore } from './outbox-store.ts';
import { INITIAL_SYNC_STATUS, type SyncApi } from './sync-api.ts';

/** Web Locks: one tab of this account syncs at a time; others wait their turn (or run unlocked where unsupported). */
function webLock(name: string) {
  return (pass: () => Promise<void>) => (typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request(name, pass) : pass());
}

/**
 * One sync engine per signed-in user and tab; it syncs on start, on demand, when back online and
 * every 30 s, under a cross-tab lock. Tabs follow each other: counts come from Dexie through
 * liveQuery, and each engine's state is posted on a BroadcastChannel. Renders nothing: it hands
 * its state to SyncProvider, which loads it after the first screen (Dexie is not in the first load).
 */
export function SyncRunner({ userId, onApi }: { userId: string; onApi: (api: SyncApi) => void }) {
  const [status, setStatus] = useState<SyncStatus>(INITIAL_SYNC_STATUS);
  const channel = useRef<BroadcastChannel | null>(null);
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
        exclusive: webLock(`touchstone-sync:${userId}`),
        onStatus: (s) => {
          setStatus(s);
          channel.current?.postMessage(s);
        },
      }),
    [userId],
  );
  useEffect(() => {
    const bc = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`touchstone-sync:${userId}`);
    channel.current = bc;
    void requestPersistence();
    engine.start();
    void engine.kick();
    const onOnline = () => void engine.kick();
    window.addEventListener('online', onOnline);
    const onPeer = (ev: MessageEvent<SyncStatus>) =>
      setStatus((s) => ({ ...ev.data, lastSyncedAt: Math.max(s.lastSyncedAt ?? 0, ev.data.lastSyncedAt ?? 0) || null }));
    bc?.addEventListener('message', onPeer);
    const interval = setInterval(() => void engine.kick(), 30_000);
    return () => {
      window.removeEventListener('online', onOnline);
      clearInterval(interval);
      engine.stop();
      channel.current = null;
      bc?.close();
    };
  }, [engine, userId]);

  const counts = useLiveQuery(() => new DexieOutboxStore(localDb, userId).counts(), [userId]);
  const rejected = useLiveQuery(() => localDb.outbox.where('[userId+status]').equals([userId, 'rejected']).sortBy('id'), [userId]);
  useEffect(() => {
    onApi({ status: { ...status, ...(counts ?? {}) }, rejected: rejected ?? [], syncNow: () => engine.kick() });
  }, [status, counts, rejected, engine, onApi]);
  return null;
}
