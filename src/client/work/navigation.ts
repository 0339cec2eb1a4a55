// Moving about the queue beyond "submit and go on": back to the item submitted last, skipping an
// item with a reason, and reopening one of one's own submitted items. All local and atomic (Dexie
// transactions), like submitting: the claim of this tab moves with the item shown (claims.ts).
import type { AnnotationPayload } from '../../domain/api/index.ts';
import { itemKey, type LocalQueueEntry, type TouchstoneDb } from '../local/db.ts';
import { todoOf } from './claims.ts';

/** The reasons offered when skipping; the annotator may also write their own. */
export const SKIP_REASONS = ['The image or text is unreadable', 'Not sure which label fits', 'Needs a break from this item'] as const;

export interface SubmittedItem {
  entry: LocalQueueEntry;
  /** When this device last submitted it (ms). */
  submittedAt: number;
  /** The answer submitted last from this device, if the outbox still has it. */
  payload: AnnotationPayload | null;
}

/** One's own submitted items in this project, newest submission first (from this device's outbox). */
export async function submittedItems(db: TouchstoneDb, userId: string, projectId: string): Promise<SubmittedItem[]> {
  const done = await db.queue
    .where('[userId+projectId]')
    .equals([userId, projectId])
    .filter((e) => e.state === 'submitted')
    .toArray();
  if (done.length === 0) return [];
  const ids = new Set(done.map((e) => e.itemId));
  const last = new Map<string, { at: number; payload: AnnotationPayload }>();
  // Outbox ids are UUIDv7: in id order, a later submission of an item replaces an earlier one.
  await db.outbox
    .where('[userId+status]')
    .anyOf([userId, 'pending'], [userId, 'synced'])
    .each((o) => {
      const m = o.mutation;
      if (m.type !== 'annotation.submit' || !ids.has(m.itemId)) return;
      const had = last.get(m.itemId);
      if (!had || had.at <= o.createdAt) last.set(m.itemId, { at: o.createdAt, payload: m.payload });
    });
  return done
    .map((entry) => ({ entry, submittedAt: last.get(entry.itemId)?.at ?? 0, payload: last.get(entry.itemId)?.payload ?? null }))
    .sort((a, b) => b.submittedAt - a.submittedAt);
}

/**
 * Opens one's own submitted item again in this tab, with the answer submitted last as its draft:
 * submitting it sends a new submission (the server stores a new revision).
 */
export async function reopenItem(db: TouchstoneDb, userId: string, projectId: string, itemId: string, tabId: string, now = Date.now()): Promise<boolean> {
  const mine = (await submittedItems(db, userId, projectId)).find((s) => s.entry.itemId === itemId);
  if (!mine) return false;
  const key = itemKey(userId, itemId);
  await db.transaction('rw', db.queue, db.drafts, db.claims, async () => {
    await db.queue.update(key, { state: 'todo' });
    if (mine.payload) await db.drafts.put({ key, userId, itemId, payload: mine.payload, startedAt: new Date(now).toISOString(), updatedAt: now });
    // This tab now works on the reopened item; the one it leaves keeps its draft and its place.
    const old = await db.claims.where('tabId').equals(tabId).primaryKeys();
    await db.claims.bulkDelete(old);
    await db.claims.put({ key, tabId, heartbeatAt: now });
  });
  return true;
}

/** Back to the item submitted last from this device (reopened); false when there is none. */
export async function previousItem(db: TouchstoneDb, userId: string, projectId: string, tabId: string, now = Date.now()): Promise<boolean> {
  const [latest] = await submittedItems(db, userId, projectId);
  return latest ? reopenItem(db, userId, projectId, latest.entry.itemId, tabId, now) : false;
}

/** Puts the item at the end of the queue with the annotator's reason; its draft stays. */
export async function skipItem(
  db: TouchstoneDb,
  userId: string,
  projectId: string,
  itemId: string,
  reason: string,
  tabId: string,
  now = Date.now(),
): Promise<void> {
  const key = itemKey(userId, itemId);
  await db.transaction('rw', db.queue, db.claims, async () => {
    const todo = await todoOf(db, userId, projectId);
    const last = Math.max(0, ...todo.map((e) => e.position));
    await db.queue.update(key, { position: last + 1, skipped: { reason, at: now } });
    // Free this tab's claim, so the next item to do is picked (the skipped one only when it is the last).
    const old = await db.claims.where('tabId').equals(tabId).primaryKeys();
    await db.claims.bulkDelete(old);
  });
}
