import { CreateEscalation, type AnnotationPayload, type EscalationReason } from '../../domain/api/index.ts';
import { itemKey, type TouchstoneDb } from '../local/db.ts';
import { AlreadySubmittedError } from './submit.ts';
import { newId } from './ids.ts';

export interface EscalateInput {
  userId: string;
  projectId: string;
  itemId: string;
  guidelineVersionId: string;
  reason: EscalationReason;
  note: string;
  guidelineRef: string;
  /** 'ambiguous_labels': the labels the annotator cannot choose between. */
  labels?: string[];
  /** The current labels, when the annotator chose to include them. */
  tentative?: AnnotationPayload;
}

/**
 * Escalating is local and atomic like submitting (see submit.ts): the outbox entry and the queue
 * state change in one Dexie transaction, and the sync engine sends 'escalation.create' when it
 * can — so it works offline. The item then counts as done for this annotator and the queue moves on.
 */
export async function escalateWork(db: TouchstoneDb, input: EscalateInput, now = Date.now()): Promise<string> {
  const mutation = CreateEscalation.parse({
    id: newId(),
    type: 'escalation.create',
    projectId: input.projectId,
    itemId: input.itemId,
    guidelineVersionId: input.guidelineVersionId,
    reason: input.reason,
    note: input.note,
    guidelineRef: input.guidelineRef,
    labels: input.labels ?? [],
    tentative: input.tentative,
    createdAt: new Date(now).toISOString(),
  });
  const key = itemKey(input.userId, input.itemId);
  await db.transaction('rw', db.outbox, db.queue, db.drafts, async () => {
    if ((await db.queue.get(key))?.state === 'submitted') throw new AlreadySubmittedError();
    await db.outbox.add({ id: mutation.id, userId: input.userId, mutation, status: 'pending', attempts: 0, createdAt: now });
    await db.queue.update(key, { state: 'submitted' });
    await db.drafts.delete(key);
  });
  return mutation.id;
}
