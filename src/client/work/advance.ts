// Submit and go on, without waiting for the screen's live queries. After a submission the next
// item used to open only after three Dexie round trips, one after another: the live query saw the
// item submitted, the tab then claimed the next item in a transaction of its own, the live query
// saw the claim, and the new workspace then read its draft. Here one transaction does all of it:
// it submits (submit.ts), claims the next item for this tab (claims.ts) and reads that item's
// draft. The screen shows the next item as soon as it commits; the live queries agree with it
// when they catch up, because they read what this transaction wrote.
import { itemKey, type Draft, type LocalQueueEntry, type TouchstoneDb } from '../local/db.ts';
import { claimNext, type Pick } from './claims.ts';
import { submitWork, type SubmitInput } from './submit.ts';

/** The item a tab goes on to, with its draft as read in the same transaction (null: none). */
export interface NextItem {
  entry: LocalQueueEntry;
  draft: Draft | null;
}

/** The next item handed to the screen, and the live query's answer it was handed over at. */
export interface Handoff {
  seen: Pick | undefined;
  next: NextItem;
}

/**
 * The item the screen shows: the handed-over one until the live query answers anew, then the
 * live query's (this tab's claim). Not "until the live query shows another item than the one
 * submitted": two quick submissions, or going back to the submitted item, would then show the
 * wrong one (the first item again, or the handed-over one forever).
 */
export function shownEntry(pick: Pick | undefined, handoff: Handoff | null): LocalQueueEntry | null {
  if (handoff && pick === handoff.seen) return handoff.next.entry;
  return pick?.mine ? pick.entry : null;
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
