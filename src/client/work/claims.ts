// Many tabs, one queue. Every tab of one account reads the same Dexie queue, so without care two
// tabs would both show the first item to do and the annotator would label it twice. Each tab
// therefore claims the item it shows, in a Dexie rw transaction (IndexedDB serialises them, so
// two tabs cannot claim the same item), and keeps the claim alive with a heartbeat.
//
//   (no claim) ──claimNext──▶ held by tab T ──T submits / closes (pagehide)──▶ (no claim)
//                                 │
//                  no heartbeat for CLAIM_TTL_MS (tab crashed or frozen)
//                                 ▼
//                              stale ──another tab's claimNext──▶ held by that tab
//
// A tab always keeps its own claim, even a stale one nobody took, so a tab woken from the
// background carries on with its item. If another tab did take it meanwhile, submitWork refuses
// a second submission of an item already submitted on this device. The server's queue is per
// annotator (one lease per annotator and item), so these claims are what keeps two tabs of one
// annotator apart; between annotators the server's row locks do it.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { LocalQueueEntry, TabClaim, TouchstoneDb } from '../local/db.ts';

export const CLAIM_TTL_MS = 90_000;
export const HEARTBEAT_MS = 10_000;

/**
 * This tab's id. Kept in sessionStorage (per tab, survives a reload) so a reloaded tab finds its
 * own claim again. A duplicated tab inherits sessionStorage, so a new tab asks on a
 * BroadcastChannel whether its id is taken and takes a fresh one if so.
 */
export const tabId: { current: string } = { current: '' };
tabId.current = initTabId();

function initTabId(): string {
  const fresh = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : String(Math.random()));
  let id: string = fresh();
  try {
    id = globalThis.sessionStorage?.getItem('touchstone.tab') ?? id;
    globalThis.sessionStorage?.setItem('touchstone.tab', id);
  } catch {
    // Storage blocked: a fresh id per load still works (a reload then waits out its old claim).
  }
  if (typeof BroadcastChannel === 'undefined') return id;
  const channel = new BroadcastChannel('touchstone-tabs');
  const bornAt = Date.now();
  channel.onmessage = (ev: MessageEvent<{ type: string; id: string; bornAt: number }>) => {
    const m = ev.data;
    if (m.type === 'hello' && m.id === id && m.bornAt > bornAt) channel.postMessage({ type: 'taken', id, bornAt });
    if (m.type === 'taken' && m.id === id && m.bornAt === bornAt) {
      id = fresh();
      try {
        globalThis.sessionStorage?.setItem('touchstone.tab', id);
      } catch {
        // see above
      }
      tabId.current = id;
    }
  };
  channel.postMessage({ type: 'hello', id, bornAt });
  return id;
}

/** This account's items to do in the project, in queue order. */
export function todoOf(db: TouchstoneDb, userId: string, projectId: string) {
  return db.queue.where('[userId+projectId+state+position]').between([userId, projectId, 'todo', -Infinity], [userId, projectId, 'todo', Infinity]).toArray();
}

export interface Pick {
  entry: LocalQueueEntry | null;
  /** True when `entry` is already claimed by this tab (only then may it be shown). */
  mine: boolean;
  /** Items to do that other open tabs are working on. */
  heldElsewhere: number;
}

/**
 * Read-only choice (usable inside liveQuery): this tab's claimed item, else the first free one.
 * `except`: an item to leave out, as if it were already submitted (the one being submitted now).
 */
export async function pickItem(db: TouchstoneDb, userId: string, projectId: string, tabId: string, now: number, except?: string): Promise<Pick> {
  const todo = (await todoOf(db, userId, projectId)).filter((e) => e.key !== except);
  const claims = await db.claims.bulkGet(todo.map((e) => e.key));
  const live = (c: TabClaim | undefined) => !!c && c.tabId !== tabId && now - c.heartbeatAt <= CLAIM_TTL_MS;
  const heldElsewhere = claims.filter(live).length;
  const own = todo.findIndex((_, i) => claims[i]?.tabId === tabId);
  if (own >= 0) return { entry: todo[own] ?? null, mine: true, heldElsewhere };
  const free = todo.findIndex((_, i) => !live(claims[i]));
  return { entry: free >= 0 ? (todo[free] ?? null) : null, mine: false, heldElsewhere };
}

/** Claims the item pickItem would choose, atomically; drops this tab's claims on other items. */
export async function claimNext(db: TouchstoneDb, userId: string, projectId: string, tabId: string, now: number): Promise<LocalQueueEntry | null> {
  return db.transaction('rw', db.queue, db.claims, async () => {
    const pick = await pickItem(db, userId, projectId, tabId, now);
    const old = await db.claims.where('tabId').equals(tabId).primaryKeys();
    await db.claims.bulkDelete(old.filter((k) => k !== pick.entry?.key));
    if (pick.entry) await db.claims.put({ key: pick.entry.key, tabId, heartbeatAt: now });
    return pick.entry;
  });
}

export async function heartbeat(db: TouchstoneDb, tabId: string, now: number): Promise<void> {
  await db.claims.where('tabId').equals(tabId).modify({ heartbeatAt: now });
}

export async function releaseTab(db: TouchstoneDb, tabId: string): Promise<void> {
  await db.claims.where('tabId').equals(tabId).delete();
}

/**
 * The item this tab shows. Follows other tabs through liveQuery (their claims and submissions
 * change the tables it reads); `undefined` while loading.
 */
export function useTabItem(db: TouchstoneDb, userId: string | undefined, projectId: string): Pick | undefined {
  // Claims of closed tabs go stale with time, not with a write: re-pick every heartbeat too.
  const [tick, setTick] = useState(0);
  const pick = useLiveQuery(() => (userId ? pickItem(db, userId, projectId, tabId.current, Date.now()) : undefined), [userId, projectId, tick]);
  const wantKey = pick && !pick.mine ? (pick.entry?.key ?? null) : undefined;
  useEffect(() => {
    if (!userId || wantKey === undefined || wantKey === null) return;
    void claimNext(db, userId, projectId, tabId.current, Date.now());
  }, [db, userId, projectId, wantKey]);
  useEffect(() => {
    const beat = () => {
      setTick((t) => t + 1);
      void heartbeat(db, tabId.current, Date.now()).catch(() => undefined);
    };
    const timer = setInterval(beat, HEARTBEAT_MS);
    const onVisible = () => document.visibilityState === 'visible' && beat();
    // Closing the tab frees its item at once; a reload keeps the id and re-claims it.
    const onHide = (e: PageTransitionEvent) => void (e.persisted ? undefined : releaseTab(db, tabId.current).catch(() => undefined));
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('pagehide', onHide);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('pagehide', onHide);
    };
  }, [db]);
  return pick;
}
