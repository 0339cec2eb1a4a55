// The review stage. A live submission is sampled for review after the commit (review-sampling.ts).
// A lead accepts or corrects it; a correction is a new
// revision of the annotator's label with the reviewer recorded, so exports and agreement read the
// corrected label as current and the history keeps both. Deciding is a conditional update on
// status 'open': of two reviewers at once the second is told, and nothing is overwritten.
import { and, asc, desc, eq, inArray, max, ne } from 'drizzle-orm';
import { versionLabel, type DecideReview, type ReviewQuery, type ReviewTask } from '../../domain/api/index.ts';
import { validateAnnotation } from '../../domain/validation/annotation.ts';
import type { SessionUser } from '../auth/guard.ts';
import { cpuOf, type AppContext } from '../context.ts';
import { knownOutline, precheckPayloads } from '../cpu/outlines.ts';
import type { DbOrTx } from '../db/client.ts';
import type { projects } from '../db/schema.ts';
import { annotations, goldAnswers, guidelineVersions, items, reviewTasks, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from '../admin/audit.ts';
import { currentGuideline } from '../guidelines/guidelines.ts';
import { itemFileName } from '../data/export-records.ts';
import { itemContent, itemView } from '../queue/item-view.ts';
import { queueAgreementItem } from '../agreement/agreement-items.ts';

type Project = typeof projects.$inferSelect;

/**
 * Puts chosen revisions in front of a reviewer (the gold policy's "flag": an annotator's labels
 * since their last good hour). Gold and quiz items are left out; a revision already under review
 * is not queued twice. Returns how many were queued.
 */
export async function queueForReview(
  ctx: AppContext,
  projectId: string,
  annotationIds: readonly string[],
  db: DbOrTx = ctx.db,
  now = ctx.now(),
): Promise<number> {
  return (await queueRevisionsForReview(ctx, projectId, annotationIds, db, now)).length;
}

/** queueForReview, answering which items got a task. */
export async function queueRevisionsForReview(
  ctx: AppContext,
  projectId: string,
  annotationIds: readonly string[],
  db: DbOrTx = ctx.db,
  now = ctx.now(),
): Promise<{ itemId: string }[]> {
  if (annotationIds.length === 0) return [];
  const rows = await db
    .select({ id: annotations.id, itemId: annotations.itemId, userId: annotations.userId, gold: goldAnswers.itemId, quiz: items.quiz })
    .from(annotations)
    .innerJoin(items, eq(items.id, annotations.itemId))
    .leftJoin(goldAnswers, eq(goldAnswers.itemId, annotations.itemId))
    .where(and(eq(annotations.projectId, projectId), inArray(annotations.id, [...annotationIds])));
  const live = rows.filter((r) => !r.gold && !r.quiz);
  if (live.length === 0) return [];
  return db
    .insert(reviewTasks)
    .values(live.map((r) => ({ id: ctx.newId(), projectId, itemId: r.itemId, annotatorId: r.userId, annotationId: r.id, createdAt: now })))
    .onConflictDoNothing()
    .returning({ itemId: reviewTasks.itemId });
}

async function loadTasks(db: DbOrTx, project: Project, where: ReturnType<typeof and>, limit: number): Promise<ReviewTask[]> {
  const rows = await db
    .select({ t: reviewTasks, a: annotations, i: items, annotator: users.displayName, version: guidelineVersions })
    .from(reviewTasks)
    .innerJoin(annotations, eq(annotations.id, reviewTasks.annotationId))
    .innerJoin(items, eq(items.id, reviewTasks.itemId))
    .innerJoin(users, eq(users.id, reviewTasks.annotatorId))
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, annotations.guidelineVersionId))
    .where(where)
    .orderBy(asc(reviewTasks.createdAt), asc(reviewTasks.id))
    .limit(limit);
  const reviewerIds = [...new Set(rows.map((r) => r.t.reviewerId).filter((x): x is string => !!x))];
  const correctionIds = rows.map((r) => r.t.correctionId).filter((x): x is string => !!x);
  const reviewers = reviewerIds.length ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, reviewerIds)) : [];
  const fixes = correctionIds.length
    ? await db.select({ id: annotations.id, payload: annotations.payload }).from(annotations).where(inArray(annotations.id, correctionIds))
    : [];
  const names = new Map(reviewers.map((u) => [u.id, u.name]));
  const corrections = new Map(fixes.map((c) => [c.id, c.payload]));
  return rows.map(({ t, a, i, annotator, version }) => ({
    id: t.id,
    projectId: t.projectId,
    status: t.status,
    item: { ...itemView(project, i), name: itemFileName(i) },
    annotator: { id: t.annotatorId, name: annotator },
    revision: a.revision,
    guidelineVersion: versionLabel(version.major, version.minor),
    payload: a.payload,
    createdAt: t.createdAt.toISOString(),
    reviewer: t.reviewerId ? { id: t.reviewerId, name: names.get(t.reviewerId) ?? '' } : null,
    decidedAt: t.decidedAt?.toISOString() ?? null,
    comment: t.comment,
    correction: t.correctionId ? (corrections.get(t.correctionId) ?? null) : null,
  }));
}

export async function listReviews(db: DbOrTx, project: Project, q: ReviewQuery) {
  const reviews = await loadTasks(db, project, and(eq(reviewTasks.projectId, project.id), eq(reviewTasks.status, q.status)), q.limit);
  const open = await db.$count(reviewTasks, and(eq(reviewTasks.projectId, project.id), eq(reviewTasks.status, 'open')));
  return { reviews, open };
}

export async function decideReview(ctx: AppContext, project: Project, reviewId: string, reviewer: SessionUser, body: DecideReview): Promise<ReviewTask> {
  const [task] = await ctx.db
    .select()
    .from(reviewTasks)
    .where(and(eq(reviewTasks.id, reviewId), eq(reviewTasks.projectId, project.id)))
    .limit(1);
  if (!task) throw new HttpError('not_found', 'That review was not found in this project.');
  if (task.annotatorId === reviewer.id) throw new HttpError('forbidden', 'You cannot review your own labels; another lead has to.');
  if (body.action === 'correct') {
    const [item] = await ctx.db.select().from(items).where(eq(items.id, task.itemId)).limit(1);
    await precheckPayloads(cpuOf(ctx), [body.payload]);
    const problems = validateAnnotation(project.labelSchema, itemContent(project, item), body.payload, { knownOutline });
    if (problems.length > 0) throw new HttpError('validation_failed', `The corrected labels break the label schema: ${problems[0]?.message}`, { problems });
  }
  const now = ctx.now();
  const changed = 'The annotator has since changed these labels, so this review is closed. Reload to see their latest. Nothing was changed.';
  const stale = await ctx.db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(reviewTasks)
      .set({ status: body.action === 'accept' ? 'accepted' : 'corrected', reviewerId: reviewer.id, decidedAt: now, comment: body.comment })
      .where(and(eq(reviewTasks.id, reviewId), eq(reviewTasks.status, 'open')))
      .returning();
    if (!claimed) {
      if (task.status === 'superseded') throw new HttpError('conflict', changed);
      throw new HttpError('conflict', 'This review is no longer open: another reviewer decided it first. Reload to see it. Nothing was changed.');
    }
    // A newer revision supersedes the task when the runner samples it, a second or three after its
    // sync (review-sampling.ts); until then the task is open but its labels are not the annotator's
    // any more. It is closed here instead, so it is not offered again (the runner may never come
    // for it: a revision imported by a lead is not sampled).
    const [last] = await tx
      .select({ revision: max(annotations.revision) })
      .from(annotations)
      .where(and(eq(annotations.itemId, task.itemId), eq(annotations.userId, task.annotatorId)));
    const [reviewed] = await tx.select({ revision: annotations.revision }).from(annotations).where(eq(annotations.id, task.annotationId));
    if (reviewed?.revision !== last?.revision) {
      await tx.update(reviewTasks).set({ status: 'superseded', reviewerId: null, decidedAt: null, comment: '' }).where(eq(reviewTasks.id, reviewId));
      return true;
    }
    if (body.action === 'correct') {
      const version = await currentGuideline(tx, project.id);
      const correctionId = ctx.newId();
      await tx.insert(annotations).values({
        id: correctionId,
        projectId: project.id,
        itemId: task.itemId,
        userId: task.annotatorId,
        revision: (last?.revision ?? 0) + 1,
        guidelineVersionId: version.id,
        payload: body.payload,
        durationMs: 0,
        startedAt: now,
        submittedAt: now,
        receivedAt: now,
        mutationId: ctx.newId(),
        reviewerId: reviewer.id,
      });
      await queueAgreementItem(tx, { revisionId: correctionId, projectId: project.id, itemId: task.itemId });
      await tx.update(reviewTasks).set({ correctionId }).where(eq(reviewTasks.id, reviewId));
    }
    await audit(tx, {
      actorId: reviewer.id,
      action: 'review_decided',
      projectId: project.id,
      details: { reviewId, action: body.action, annotatorId: task.annotatorId, itemId: task.itemId },
      at: now,
    });
    return false;
  });
  if (stale) throw new HttpError('conflict', changed);
  const [decided] = await loadTasks(ctx.db, project, eq(reviewTasks.id, reviewId), 1);
  if (!decided) throw new HttpError('not_found', 'That review was not found in this project.');
  return decided;
}

/** The current revision of every (item, annotator) whose latest label went through review, by outcome. */
export async function reviewOutcomes(db: DbOrTx, projectId: string) {
  return db
    .select({
      annotationId: reviewTasks.annotationId,
      correctionId: reviewTasks.correctionId,
      status: reviewTasks.status,
      reviewerId: reviewTasks.reviewerId,
      decidedAt: reviewTasks.decidedAt,
    })
    .from(reviewTasks)
    .where(and(eq(reviewTasks.projectId, projectId), ne(reviewTasks.status, 'open'), ne(reviewTasks.status, 'superseded')))
    .orderBy(desc(reviewTasks.decidedAt));
}
