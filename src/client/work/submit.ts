import { SubmitAnnotation, type AnnotationPayload } from '../../domain/api/index.ts';
import { itemKey, type TouchstoneDb } from '../local/db.ts';
import { newId } from './ids.ts';

export class AlreadySubmittedError extends Error {
  constructor() {
    super('This item was already submitted from another tab; moving on to the next one.');
    this.name = 'AlreadySubmittedError';
  }
}

export interface SubmitInput {
  userId: string;
  projectId: string;
  itemId: string;
  guidelineVersionId: string;
  payload: AnnotationPayload;
  startedAt: string;
}

/**
 * Submitting is local and atomic: the outbox entry, the queue state and the draft change in one
 * Dexie transaction, so a crash or a closed tab leaves either the draft or the submission, never
 * neither. The sync engine sends it when it can.
 */
export async function submitWork(db: TouchstoneDb, input: SubmitInput, now = Date.now()): Promise<string> {
  const mutation = SubmitAnnotation.parse({
    id: newId(),
    type: 'annotation.submit',
    projectId: input.projectId,
    itemId: input.itemId,
    guidelineVersionId: input.guidelineVersionId,
    payload: input.payload,
    startedAt: input.startedAt,
    submittedAt: new Date(now).toISOString(),
    durationMs: Math.max(0, Math.min(now - Date.parse(input.startedAt), 24 * 3600 * 1000)),
  });
  const key = itemKey(input.userId, input.itemId);
  await db.transaction('rw', db.outbox, db.queue, db.drafts, async () => {
    // Another tab of this account may have submitted the item already (see claims.ts).
    if ((await db.queue.get(key))?.state === 'submitted') throw new AlreadySubmittedError();
    await db.outbox.add({ id: mutation.id, userId: input.userId, mutation, status: 'pending', attempts: 0, createdAt: now });
    await db.queue.update(key, { state: 'submitted' });
    await db.drafts.delete(key);
  });
  return mutation.id;
}

export async function saveDraft(db: TouchstoneDb, userId: string, itemId: string, payload: AnnotationPayload, startedAt: string): Promise<void> {
  await db.drafts.put({ key: itemKey(userId, itemId), userId, itemId, payload, startedAt, updatedAt: Date.now() });
}

/**
 * Keeps work left unsubmitted on an item the screen went ahead to (the submission before it
 * failed, so the screen goes back), as the item's draft, so the item opens with it. Only while the
 * item is still to do on this device; answers whether it was kept.
 */
export async function keepUnsubmitted(db: TouchstoneDb, userId: string, itemId: string, payload: AnnotationPayload, startedAt: string): Promise<boolean> {
  return db.transaction('rw', db.queue, db.drafts, async () => {
    if ((await db.queue.get(itemKey(userId, itemId)))?.state !== 'todo') return false;
    await saveDraft(db, userId, itemId, payload, startedAt);
    return true;
  });
}
