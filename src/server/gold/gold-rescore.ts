// Re-scoring gold items: when an item's gold answer is created, changed, deactivated or re-verified,
// every score on the item is taken out of the aggregates and the item's submitted revisions are
// scored again, in the order they arrived, against the answer as it now is (none when inactive) —
// the same steps the scoring runner takes (scoreSubmissions), without acting on the gold policy
// (a lead decides again from the new figures). Revisions still waiting in the scoring queue are left
// to it. Also the gold half of `npm run rebuild` (rebuild.ts).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { annotations, goldScores, pendingScores } from '../db/schema.ts';
import { GoldFolds } from './gold-folds.ts';
import { scoreSubmissions, type StoredDetails } from './gold-scoring.ts';

/** Revisions a sync stored (a reviewer's correction or a label import is no submission, and is not scored). */
export const submitted = sql`${annotations.viaSync}`;

export async function rescoreGoldItems(ctx: AppContext, tx: Tx, projectId: string, itemIds: readonly string[]): Promise<number> {
  if (itemIds.length === 0) return 0;
  const old = await tx
    .select()
    .from(goldScores)
    .where(and(eq(goldScores.projectId, projectId), inArray(goldScores.itemId, [...itemIds])));
  const removed = new GoldFolds();
  for (const r of old) if (r.details['superseded'] !== true) removed.add(projectId, r.userId, r.guidelineVersionId, r.details as StoredDetails, -1);
  await removed.flush(tx);
  if (old.length > 0)
    await tx.delete(goldScores).where(
      inArray(
        goldScores.id,
        old.map((r) => r.id),
      ),
    );
  const revisions = await tx
    .select({
      revisionId: annotations.id,
      userId: annotations.userId,
      projectId: annotations.projectId,
      itemId: annotations.itemId,
      payload: annotations.payload,
      durationMs: annotations.durationMs,
      receivedAt: annotations.receivedAt,
      guidelineVersionId: annotations.guidelineVersionId,
    })
    .from(annotations)
    .leftJoin(pendingScores, eq(pendingScores.revisionId, annotations.id))
    .where(and(eq(annotations.projectId, projectId), inArray(annotations.itemId, [...itemIds]), isNull(pendingScores.revisionId), submitted))
    .orderBy(asc(annotations.receivedAt), asc(annotations.revision), asc(annotations.id));
  // Throughput (work_aggregates) counted them when they were first scored; only gold is redone.
  await scoreSubmissions(ctx, tx, revisions, { enforcePolicy: false, countWork: false });
  return revisions.length;
}
