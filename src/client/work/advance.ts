// Submit and go on, without waiting for the screen's live queries, nor for the submission itself.
// After a submission the next item used to open only after three Dexie round trips, one after
// another: the live query saw the item submitted, the tab then claimed the next item in a
// transaction of its own, the live query saw the claim, and the new workspace then read its draft.
// Here one transaction does all of it: it submits (submit.ts), claims the next item for this tab
// (claims.ts) and reads that item's draft. That transaction still takes 25–50 ms of IndexedDB
// requests, so the screen does not wait for it either: the next item and its draft are read
// ahead while the annotator works (`peekNext`), shown on the key press, and the transaction's
// answer then confirms them, corrects them (another tab took that item meanwhile) or, when the
// submission failed, the screen goes back to the submitted item with its labels (the screen's
// side: useHandoff.ts, useSubmitItem.ts).
//
//   working on A ──Submit──▶ showing B, pending ──commit──▶ showing the claimed item (B, or C)
//                                   │
//                                 failed (full disk, A submitted by another tab)
//                                   ▼
//                      back on A, its labels from memory, the error said
import { itemKey, type Draft, type LocalQueueEntry, type TouchstoneDb } from '../local/db.ts';
import { claimNext, pickItem } from './claims.ts';
import { submitWork, type SubmitInput } from './submit.ts';

/** The item a tab goes on to, with its draft as read in the same transaction (null: none). */
export interface NextItem {
  entry: LocalQueueEntry;
  draft: Draft | null;
}

/**
 * The item this tab would go on to once `current` is submitted, and its draft, read without
 * claiming anything (usable inside liveQuery). The submission's own claim may still differ:
 * another tab can take that item in between.
 */
export async function peekNext(db: TouchstoneDb, userId: string, projectId: string, tabId: string, current: string, now: number): Promise<NextItem | null> {
  const { entry } = await pickItem(db, userId, projectId, tabId, now, itemKey(userId, current));
  if (!entry) return null;
  return { entry, draft: (await db.drafts.get(entry.key)) ?? null };
}

/** Claims the next item for this tab and reads its draft; run inside a transaction over queue, claims and drafts. */
async function claimWithDraft(db: TouchstoneDb, userId: string, projectId: string, tabId: string, now: number): Promise<NextItem | null> {
  const entry = await claimNext(db, userId, projectId, tabId, now);
  if (!entry) return null;
  return { entry, draft: (await db.drafts.get(itemKey(userId, entry.itemId))) ?? null };
}

/**
 * Submits the item and claims the next one for this tab, atomically: a failed submission (a full
 * disk, another tab's submission) claims nothing, so the tab stays on its item.
 */
export async function submitAndAdvance(
  db: TouchstoneDb,
  input: SubmitInput,
  tabId: string,
  now = Date.now(),
): Promise<{ mutationId: string; next: NextItem | null }> {
  return db.transaction('rw', [db.outbox, db.queue, db.drafts, db.claims], async () => {
    const mutationId = await submitWork(db, input, now);
    return { mutationId, next: await claimWithDraft(db, input.userId, input.projectId, tabId, now) };
  });
}
