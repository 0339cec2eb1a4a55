// The review and escalation outcomes an export records beside each revision (Touchstone JSONL's
// full lineage), read for one page of revisions at a time.
//   review: the sampled revision → { outcome: accepted | corrected | pending, reviewer, at, comment };
//           a reviewer's correction → { outcome: 'correction', reviewer, at, comment, of: the revision it corrects }
//   escalation: the annotator's latest escalation of the item → { status, reason, note, explanation, ruling, decidedAt }
import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { escalations, reviewTasks, users } from '../db/schema.ts';

export type Lineage = Record<string, unknown>;

export async function reviewLineage(db: DbOrTx, projectId: string, annotationIds: readonly string[]): Promise<Map<string, Lineage>> {
  const out = new Map<string, Lineage>();
  if (annotationIds.length === 0) return out;
  const ids = [...annotationIds];
  const rows = await db
    .select({ t: reviewTasks, reviewer: users.displayName })
    .from(reviewTasks)
    .leftJoin(users, eq(users.id, reviewTasks.reviewerId))
    .where(and(eq(reviewTasks.projectId, projectId), or(inArray(reviewTasks.annotationId, ids), inArray(reviewTasks.correctionId, ids))));
  for (const { t, reviewer } of rows) {
    if (t.status === 'superseded') continue;
    const decided = { reviewer: t.reviewerId ? { id: t.reviewerId, name: reviewer ?? '' } : null, at: t.decidedAt?.toISOString() ?? null, comment: t.comment };
    out.set(t.annotationId, { outcome: t.status === 'open' ? 'pending' : t.status, ...decided });
    if (t.correctionId) out.set(t.correctionId, { outcome: 'correction', ...decided, of: t.annotationId });
  }
  return out;
}

/** Keyed `${itemId}:${userId}`: the annotator's latest escalation of the item. */
export async function escalationLineage(db: DbOrTx, projectId: string, itemIds: readonly string[]): Promise<Map<string, Lineage>> {
  const out = new Map<string, Lineage>();
  if (itemIds.length === 0) return out;
  const rows = await db
    .select()
    .from(escalations)
    .where(and(eq(escalations.projectId, projectId), inArray(escalations.itemId, [...itemIds])))
    .orderBy(desc(escalations.createdAt));
  for (const e of rows) {
    const key = `${e.itemId}:${e.userId}`;
    if (out.has(key)) continue;
    out.set(key, {
      status: e.status,
      reason: e.reason,
      note: e.note,
      explanation: e.explanation,
      ruling: e.ruling ?? null,
      decidedAt: e.decidedAt?.toISOString() ?? null,
    });
  }
  return out;
}

/** Reviewed only: a revision a reviewer accepted, or a reviewer's correction. */
export const isReviewed = (review: Lineage | null | undefined) => review?.outcome === 'accepted' || review?.outcome === 'correction';
