import { useEffect, useRef, useState } from 'react';
import { localDb } from '../local/db.ts';
import { refreshQueue } from './queue.ts';

/** Fewer items than this left to do on this device: fetch more while the annotator works on. */
export const TOP_UP_BELOW = 5;
/** At most one top-up per this many ms, so a server with nothing more to give is not asked on every submit. */
const MIN_INTERVAL_MS = 5_000;
/** With nothing left to do, look for newly assigned work this often. */
const EMPTY_POLL_MS = 30_000;

/**
 * Keeps the local queue filled as work is done: the first fetch brings a batch (PREFETCH items),
 * and this asks the server for more when fewer than TOP_UP_BELOW remain, so the annotator is never
 * told the queue is empty while the server still has work (a project has far more items than one
 * batch). Failures are silent: offline, the work in hand goes on and the next change tries again.
 * Returns true while a top-up is in flight, so "empty" can wait for its answer.
 */
export function useQueueTopUp(userId: string | undefined, projectId: string, todo: number | undefined, enabled: boolean): boolean {
  const [busy, setBusy] = useState(false);
  const last = useRef({ at: 0, todo: -1 });
  const [tick, setTick] = useState(0);
  // A fetch may answer after the screen is gone (the annotator left, a test ended): no state then.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!enabled || !userId || todo === undefined || todo >= TOP_UP_BELOW || busy) return;
    // Just ran out: ask at once (the answer decides between more work and "empty"). Asked already
    // with nothing left and got nothing: poll slowly. Running low: at most every MIN_INTERVAL_MS.
    const interval = todo > 0 ? MIN_INTERVAL_MS : last.current.todo === 0 ? EMPTY_POLL_MS : 0;
    const wait = last.current.at + interval - Date.now();
    if (wait > 0) {
      const timer = setTimeout(() => setTick((t) => t + 1), wait);
      return () => clearTimeout(timer);
    }
    last.current = { at: Date.now(), todo };
    setBusy(true);
    refreshQueue(localDb, userId, projectId)
      .catch(() => undefined)
      .finally(() => {
        if (mounted.current) setBusy(false);
      });
    return undefined;
  }, [enabled, userId, projectId, todo, busy, tick]);

  return busy;
}
