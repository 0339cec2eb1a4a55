// Gold scoring: each submission joins a queue inside the sync transaction and is
// scored right after the commit (ScoringRunner below), where live ones are also sampled for review
// (review/review-sampling.ts). A submission on an item with an ACTIVE gold
// answer is scored by the domain (score-pair.ts), stored as one gold_scores row, and folded into the
// incremental aggregates (gold_aggregates, gold_totals, gold_daily, gold_confusions) with
// INSERT … ON CONFLICT DO UPDATE, so the dashboard sums small rows instead of scanning.
// A later revision of the same gold item replaces the earlier one: its contribution is subtracted
// first, so each annotator counts once per gold item (their current answer).
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AnnotationPayload } from '../../domain/api/index.ts';
import { cpuOf, type AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { annotations, goldAnswers, goldScores, goldTotals, pendingScores, projects, workAggregates } from '../db/schema.ts';
import { GoldFolds, type FoldedScore } from './gold-folds.ts';
import type { BatchHook } from '../sync/batch.ts';
import { proportionInterval } from '../../domain/metrics/intervals.ts';
import { WHOLE_ITEM } from '../../domain/dashboard/aggregates.ts';
import { annotatorHolds } from '../db/schema.ts';
import { labelsSinceLastGoodWindow } from './gold-policy.ts';
import { queueForReview } from '../review/reviews.ts';
import { sampleForReview } from '../review/review-sampling.ts';
import { DeferredRunner, recordFailure, runnerFor } from '../deferred/deferred-runner.ts';
import { currentRequestId } from '../http/request-id.ts';
import { mapForward } from '../../domain/taxonomy/mapping.ts';

const HOUR_MS = 3_600_000;

export interface StoredDetails extends FoldedScore {
  byLabel: Record<string, number>;
  [k: string]: unknown;
}

/** Fewest scored gold items before the policy acts on its own. */
const POLICY_MIN_N = 5;

/**
 * The project's policy acts by itself only on a finding, not a hunch: the whole 95% Wilson
 * interval of the annotator's gold accuracy below the threshold (with at least POLICY_MIN_N items).
 */
async function clearlyBelow(tx: Tx, projectId: string, userId: string, threshold: number): Promise<boolean> {
  const [t] = await tx
    .select({ n: sql<number>`coalesce(sum(${goldTotals.n}), 0)`, sum: sql<number>`coalesce(sum(${goldTotals.sum}), 0)` })
    .from(goldTotals)
    .where(and(eq(goldTotals.projectId, projectId), eq(goldTotals.userId, userId), eq(goldTotals.label, WHOLE_ITEM)));
  const n = Number(t?.n ?? 0);
  return n >= POLICY_MIN_N && proportionInterval(Math.min(Number(t?.sum ?? 0), n), n).upper < threshold;
}

/**
 * Pause and recalibrate hold the annotator (the lead lifts the hold); flag sends their live labels
 * since their last good hour to the review stage — again at each gold item scored while the
 * finding stands, so labels made after the first flag are reviewed too (each revision once).
 */
async function enforce(
  ctx: AppContext,
  tx: Tx,
  e: { projectId: string; userId: string; receivedAt: Date },
  threshold: number,
  policy: 'pause' | 'recalibrate' | 'flag',
) {
  if (!(await clearlyBelow(tx, e.projectId, e.userId, threshold))) return;
  if (policy === 'flag') {
    const { annotationIds } = await labelsSinceLastGoodWindow(tx, e.projectId, e.userId, threshold);
    await queueForReview(ctx, e.projectId, annotationIds, tx, e.receivedAt);
    return;
  }
  await tx
    .insert(annotatorHolds)
    .values({ projectId: e.projectId, userId: e.userId, kind: policy, reason: 'gold accuracy below threshold (project policy)' })
    .onConflictDoNothing();
}

/** One submission to score, as stored. */
export interface Submission {
  revisionId: string;
  userId: string;
  projectId: string;
  itemId: string;
  payload: AnnotationPayload;
  durationMs: number;
  receivedAt: Date;
  /** The version the annotator worked under (the revision's own). */
  guidelineVersionId: string;
}

/**
 * Inside the sync transaction every submission — gold or live — only joins the scoring queue: one
 * insert per batch, the same for a gold item as for a live one (response times must not tell gold
 * from live). The scoring runs right after the commit.
 */
export const queueScoringBatch: BatchHook = async (tx, batch) => {
  const requestId = currentRequestId();
  await insertRows(
    tx,
    pendingScores,
    batch.submissions.map((s) => ({ revisionId: s.revisionId, queuedAt: batch.receivedAt, requestId })),
  );
};

/** An item's active gold answer with the project settings scoring it needs. */
export type ActiveGold = {
  answer: AnnotationPayload;
  iou: number;
  threshold: number;
  policy: typeof projects.$inferSelect.goldPolicy;
  schema: typeof projects.$inferSelect.labelSchema;
};

/** The active gold answers of these items, keyed by item (one query for a whole batch). */
async function activeGoldOf(tx: Tx, itemIds: readonly string[]): Promise<Map<string, ActiveGold & { projectId: string }>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx
    .select({
      itemId: goldAnswers.itemId,
      projectId: goldAnswers.projectId,
      answer: goldAnswers.answer,
      iou: projects.goldIouThreshold,
      threshold: projects.goldAccuracyThreshold,
      policy: projects.goldPolicy,
      schema: projects.labelSchema,
    })
    .from(goldAnswers)
    .innerJoin(projects, eq(projects.id, goldAnswers.projectId))
    .where(and(inArray(goldAnswers.itemId, [...new Set(itemIds)]), eq(goldAnswers.active, true)));
  return new Map(rows.map(({ itemId, ...g }) => [itemId, g]));
}

/**
 * Scores a batch of submissions, in order: every one counts toward throughput (speed is speed, gold
 * or live) in one upsert, and each on an item with an active gold answer is scored against it. The
 * gold roll-ups are summed in memory and written once (gold-folds.ts).
 */
export async function scoreSubmissions(
  ctx: AppContext,
  tx: Tx,
  subs: readonly Submission[],
  opts: { enforcePolicy: boolean; countWork: boolean },
): Promise<void> {
  if (subs.length === 0) return;
  if (opts.countWork) {
    const work = new Map<string, { projectId: string; userId: string; items: number; totalMs: number }>();
    for (const e of subs) {
      const key = `${e.projectId}/${e.userId}`;
      const row = work.get(key) ?? { projectId: e.projectId, userId: e.userId, items: 0, totalMs: 0 };
      row.items += 1;
      row.totalMs += e.durationMs;
      work.set(key, row);
    }
    await tx
      .insert(workAggregates)
      .values([...work.values()])
      .onConflictDoUpdate({
        target: [workAggregates.projectId, workAggregates.userId],
        set: { items: sql`${workAggregates.items} + excluded.items`, totalMs: sql`${workAggregates.totalMs} + excluded.total_ms` },
      });
  }
  const gold = await activeGoldOf(
    tx,
    subs.map((e) => e.itemId),
  );
  const folds = new GoldFolds();
  for (const e of subs) {
    const g = gold.get(e.itemId);
    if (g && g.projectId === e.projectId) await scoreAgainstGold(ctx, tx, e, g, folds, opts);
  }
  await folds.flush(tx);
}

/**
 * The gold part of scoring one submission: its score replaces the annotator's earlier one on the
 * item (taken out of the roll-ups) and is added. Re-scoring (gold-rescore.ts) replays revisions
 * through here without acting on the policy.
 */
async function scoreAgainstGold(ctx: AppContext, tx: Tx, e: Submission, gold: ActiveGold, folds: GoldFolds, opts: { enforcePolicy: boolean }): Promise<void> {
  const [previous] = await tx
    .select()
    .from(goldScores)
    .where(and(eq(goldScores.projectId, e.projectId), eq(goldScores.userId, e.userId), eq(goldScores.itemId, e.itemId)))
    .orderBy(desc(goldScores.scoredAt), desc(goldScores.id))
    .limit(1);
  if (previous && previous.details['superseded'] !== true) {
    folds.add(e.projectId, e.userId, previous.guidelineVersionId, previous.details as StoredDetails, -1);
    await tx
      .update(goldScores)
      .set({ details: { ...previous.details, superseded: true } })
      .where(eq(goldScores.id, previous.id));
  }

  // The scoring itself (Hungarian matching, span F1) runs on a worker thread: the thread answering
  // requests is never held by it, so no request's timing can tell that a gold item was scored.
  // Both read in the current label schema (the gold answer was mapped when its classes changed): a
  // label made before a merge scores as the class it became.
  const scored = await cpuOf(ctx).run('scoreGold', { truth: gold.answer, answer: mapForward(e.payload, gold.schema), iouThreshold: gold.iou });
  const details: StoredDetails = {
    bucket: Math.floor(e.receivedAt.getTime() / HOUR_MS) * HOUR_MS,
    scores: scored.scores,
    confusion: scored.confusion,
    byLabel: scored.byLabel,
    meanIoU: scored.meanIoU,
    spanOverlapF1: scored.spanOverlapF1,
  };
  await tx.insert(goldScores).values({
    id: ctx.newId(),
    projectId: e.projectId,
    itemId: e.itemId,
    userId: e.userId,
    annotationId: e.revisionId,
    guidelineVersionId: e.guidelineVersionId,
    score: scored.score,
    details,
    scoredAt: e.receivedAt,
  });
  folds.add(e.projectId, e.userId, e.guidelineVersionId, details, 1);
  if (opts.enforcePolicy && gold.policy !== 'alert') {
    // The policy reads the totals: what this batch folded so far must be in them first.
    await folds.flush(tx);
    await enforce(ctx, tx, e, gold.threshold, gold.policy);
  }
}

const BATCH = 100;
/** Scoring waits this long plus up to JITTER_MS after the first submission it will score. */
const DELAY_MS = 1000;
const JITTER_MS = 2000;

/**
 * Scores the queued submissions in the order they arrived, a batch per transaction (rows locked
 * with SKIP LOCKED, so servers sharing a database split the queue). It runs a second or three
 * after a commit (jittered), not at once: scoring a gold item is more work than a live one, and a
 * request sent right behind one's own submission must not be slowed by it — by then the scoring
 * covers whatever everyone submitted meanwhile. The dashboard is as many seconds behind.
 */
function scoringBatch(ctx: AppContext): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({ a: annotations, attempts: pendingScores.attempts, requestId: pendingScores.requestId })
      .from(pendingScores)
      .innerJoin(annotations, eq(annotations.id, pendingScores.revisionId))
      .where(isNull(pendingScores.parkedAt))
      .orderBy(asc(pendingScores.queuedAt), asc(annotations.revision), asc(pendingScores.revisionId))
      .limit(BATCH)
      .for('update', { of: pendingScores, skipLocked: true });
    const submission = ({ a }: (typeof rows)[number]): Submission => ({
      revisionId: a.id,
      userId: a.userId,
      projectId: a.projectId,
      itemId: a.itemId,
      payload: a.payload,
      durationMs: a.durationMs,
      receivedAt: a.receivedAt,
      guidelineVersionId: a.guidelineVersionId,
    });
    const scoreRows = async (sp: Tx, some: typeof rows) => {
      const subs = some.map(submission);
      await scoreSubmissions(ctx, sp, subs, { enforcePolicy: true, countWork: true });
      // After the scores: an annotator's record includes the gold just scored.
      await sampleForReview(ctx, sp, subs);
    };
    let done: string[] = [];
    try {
      // The whole batch at once, in one savepoint: a fixed number of statements for the live rows.
      await tx.transaction((sp) => scoreRows(sp, rows));
      done = rows.map((r) => r.a.id);
    } catch {
      // Some row spoiled the batch: row by row then, each in its own savepoint, so a row that throws
      // is rolled back alone (retried, then parked) and the others are scored.
      for (const row of rows) {
        const { a, attempts, requestId } = row;
        try {
          await tx.transaction((sp) => scoreRows(sp, [row]));
          done.push(a.id);
        } catch (e) {
          const failure = recordFailure(attempts, e, ctx.now());
          ctx.log?.error(
            {
              err: e,
              requestId,
              revisionId: a.id,
              projectId: a.projectId,
              itemId: a.itemId,
              userId: a.userId,
              attempt: attempts + 1,
              parked: !!failure.parkedAt,
            },
            'gold scoring failed for one submission',
          );
          await tx.update(pendingScores).set(failure).where(eq(pendingScores.revisionId, a.id));
        }
      }
    }
    if (done.length > 0) await tx.delete(pendingScores).where(inArray(pendingScores.revisionId, done));
    // A failed row stays queued with one more attempt counted, so the next round retries it until it
    // is parked; counting it here keeps the runner going until then.
    return rows.length;
  });
}

const runners = new WeakMap<AppContext, DeferredRunner>();
/** The scoring runner: schedule() after a commit, flush() scores now (tests, shutdown). */
export function scoringRunner(ctx: AppContext): DeferredRunner {
  return runnerFor(
    runners,
    ctx,
    () =>
      new DeferredRunner(
        () => scoringBatch(ctx),
        () => DELAY_MS + ctx.random() * JITTER_MS,
        (e) => ctx.log?.error({ err: e }, 'gold scoring run failed; its rows stay queued'),
      ),
  );
}
