// What happens when an annotator falls below the project's gold threshold: the lead is alerted
// (dashboard), and may — or the project's policy says to — pause their live work, require
// recalibration, or flag their labels since their last good window for review. Holds live in
// annotator_holds; the queue asks isAnnotatorPaused before serving live items.
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { WHOLE_ITEM } from '../../domain/dashboard/aggregates.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { annotations, annotatorHolds, goldAggregates } from '../db/schema.ts';
import { queueForReview } from '../review/reviews.ts';
import { CURRENT } from '../answers/current-answers.ts';

export type PolicyAction = 'pause' | 'recalibrate' | 'flag' | 'resume';

/** True when the annotator must get no live items in this project (paused, or held for recalibration). */
export async function isAnnotatorPaused(tx: DbOrTx, projectId: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ kind: annotatorHolds.kind })
    .from(annotatorHolds)
    .where(and(eq(annotatorHolds.projectId, projectId), eq(annotatorHolds.userId, userId)))
    .limit(1);
  return row !== undefined;
}

export async function holdsOf(db: DbOrTx, projectId: string): Promise<Map<string, 'pause' | 'recalibrate'>> {
  const rows = await db
    .select({ userId: annotatorHolds.userId, kind: annotatorHolds.kind })
    .from(annotatorHolds)
    .where(eq(annotatorHolds.projectId, projectId));
  return new Map(rows.map((r) => [r.userId, r.kind]));
}

/**
 * The annotator's last good window: the latest hour whose whole-item gold mean reached the
 * threshold. Their current revisions submitted after it are the ones to review (all of them when
 * they never had a good hour).
 */
export async function labelsSinceLastGoodWindow(db: DbOrTx, projectId: string, userId: string, threshold: number) {
  const [good] = await db
    .select({ bucket: goldAggregates.bucket })
    .from(goldAggregates)
    .where(and(eq(goldAggregates.projectId, projectId), eq(goldAggregates.userId, userId), eq(goldAggregates.label, WHOLE_ITEM)))
    .groupBy(goldAggregates.bucket)
    .having(sql`sum(${goldAggregates.n}) > 0 and sum(${goldAggregates.sum}) / sum(${goldAggregates.n}) >= ${threshold}`)
    .orderBy(desc(goldAggregates.bucket))
    .limit(1);
  // The good hour is whole: labels from the following hour on are suspect.
  const since = good ? new Date(good.bucket.getTime() + 3_600_000) : new Date(0);
  const rows = await db
    .selectDistinctOn([...CURRENT.distinctOn], { id: annotations.id, itemId: annotations.itemId })
    .from(annotations)
    .where(and(eq(annotations.projectId, projectId), eq(annotations.userId, userId), gt(annotations.receivedAt, since)))
    .orderBy(...CURRENT.orderBy);
  return { since: good ? since : null, annotationIds: rows.map((r) => r.id) };
}

export async function applyPolicyAction(ctx: AppContext, p: { projectId: string; userId: string; leadId: string; action: PolicyAction; threshold: number }) {
  if (p.action === 'resume') {
    await ctx.db.delete(annotatorHolds).where(and(eq(annotatorHolds.projectId, p.projectId), eq(annotatorHolds.userId, p.userId)));
    return { action: p.action, held: null, flagged: [] as string[], since: null };
  }
  if (p.action === 'flag') {
    const r = await labelsSinceLastGoodWindow(ctx.db, p.projectId, p.userId, p.threshold);
    // The flagged labels go to the review stage, where a lead accepts or corrects each.
    await queueForReview(ctx, p.projectId, r.annotationIds);
    return { action: p.action, held: null, flagged: r.annotationIds, since: r.since?.toISOString() ?? null };
  }
  const kind = p.action;
  await ctx.db
    .insert(annotatorHolds)
    .values({ projectId: p.projectId, userId: p.userId, kind, reason: 'gold accuracy below threshold', createdBy: p.leadId })
    .onConflictDoUpdate({ target: [annotatorHolds.projectId, annotatorHolds.userId], set: { kind, createdBy: p.leadId } });
  return { action: p.action, held: kind, flagged: [] as string[], since: null };
}
