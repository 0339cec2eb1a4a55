// Qualification quiz on the server: which stage an annotator is at, and scoring each quiz
// submission at sync time (inside the sync transaction, with the domain scoring the dashboard
// uses). Only the first submission on a quiz item counts, so a resubmission cannot improve it.
//
// A large request's quiz answers are scored before its transaction, on worker threads
// (prescoreQuiz): matching thousands of shapes against a quiz answer would otherwise hold the thread
// every other user's request is answered on, and the transaction with it. Small ones, the usual
// case, are scored in place.
import { and, eq, inArray } from 'drizzle-orm';
import type { AnnotationPayload, Mutation } from '../../domain/api/index.ts';
import { qualificationOutcome, type QualificationOutcome } from '../../domain/queue/qualification.ts';
import { requestLoad } from '../../domain/validation/limits.ts';
import { cpuOf, type AppContext } from '../context.ts';
import { OFFLOAD_VERTICES } from '../cpu/outlines.ts';
import { scoreQuiz } from '../cpu/tasks.ts';
import type { DbOrTx } from '../db/client.ts';
import { goldAnswers, items, type projects, quizScores } from '../db/schema.ts';
import type { BatchHook } from '../sync/batch.ts';

/** IoU at which a quiz shape counts as matched (the gold default of DESIGN.md). */
const QUIZ_IOU = 0.5;

export async function qualificationOf(db: DbOrTx, project: typeof projects.$inferSelect, userId: string): Promise<QualificationOutcome> {
  const total = await db.$count(items, and(eq(items.projectId, project.id), eq(items.quiz, true)));
  if (total === 0) return qualificationOutcome(0, [], project.quizPassMark);
  const rows = await db
    .select({ score: quizScores.score })
    .from(quizScores)
    .innerJoin(items, and(eq(items.id, quizScores.itemId), eq(items.quiz, true)))
    .where(and(eq(quizScores.projectId, project.id), eq(quizScores.userId, userId)));
  return qualificationOutcome(
    total,
    rows.map((r) => r.score),
    project.quizPassMark,
  );
}

/** Spans in one request from which its quiz answers are scored on worker threads. */
const OFFLOAD_SPANS = 1_000;

/** Scores computed before the transaction, by the payload as sent, with the quiz answer they were scored against. */
const prescored = new WeakMap<object, { truth: string; score: number }>();

/**
 * For a request carrying many shapes or spans: scores its submissions on quiz items against their
 * quiz answers, on the pool, before the transaction (quizBatch then takes the score, if the quiz
 * answer is still the one scored against). Only quiz items are read — the annotator is told which
 * items are the quiz — so hidden gold is neither read nor scored here: a gold item and a live one
 * cost the same.
 */
export async function prescoreQuiz(ctx: AppContext, mutations: readonly Mutation[]): Promise<void> {
  const submissions = mutations.filter((m) => m.type === 'annotation.submit');
  const load = requestLoad(submissions);
  if (load.vertices < OFFLOAD_VERTICES && load.spans < OFFLOAD_SPANS) return;
  // Two reads, not a join: joined, the database may fetch a hidden gold item's answer before it
  // filters on the quiz flag, and a gold item would cost a little more than a live one.
  const quizItems = await ctx.db
    .select({ id: items.id })
    .from(items)
    .where(and(inArray(items.id, [...new Set(submissions.map((m) => m.itemId))]), eq(items.quiz, true)));
  if (quizItems.length === 0) return;
  const quiz = await ctx.db
    .select({ itemId: goldAnswers.itemId, answer: goldAnswers.answer })
    .from(goldAnswers)
    .where(
      inArray(
        goldAnswers.itemId,
        quizItems.map((q) => q.id),
      ),
    );
  const truthOf = new Map(quiz.map((q) => [q.itemId, q.answer]));
  await Promise.all(
    submissions.map(async (m) => {
      const truth = truthOf.get(m.itemId);
      if (!truth) return;
      // A payload the sync will refuse may not score at all: it is then left to the checks.
      const score = await cpuOf(ctx)
        .run('scoreQuiz', { truth, answer: m.payload, iouThreshold: QUIZ_IOU })
        .catch(() => undefined);
      if (score !== undefined) prescored.set(m.payload, { truth: JSON.stringify(truth), score });
    }),
  );
}

/** The quiz score of `answer` against `truth`: computed before the transaction when it was large. */
function quizScoreOf(truth: AnnotationPayload, answer: AnnotationPayload): number {
  const known = prescored.get(answer);
  if (known && known.truth === JSON.stringify(truth)) return known.score;
  return scoreQuiz({ truth, answer, iouThreshold: QUIZ_IOU });
}

/** The sync hook: scores the batch's submissions on quiz items (the first one on an item counts). */
export function quizBatch(ctx: AppContext): BatchHook {
  return async (tx, batch) => {
    // Quiz items are declared (the annotator knows), so skipping the read for other batches tells nothing.
    const onQuiz = batch.submissions.filter((s) => batch.items.get(s.itemId)?.quiz);
    if (onQuiz.length === 0) return;
    const answers = await tx
      .select({ itemId: goldAnswers.itemId, answer: goldAnswers.answer })
      .from(goldAnswers)
      .where(inArray(goldAnswers.itemId, [...new Set(onQuiz.map((s) => s.itemId))]));
    const answerOf = new Map(answers.map((a) => [a.itemId, a.answer]));
    const first = new Map<string, { projectId: string; userId: string; itemId: string; score: number; scoredAt: Date }>();
    for (const s of onQuiz) {
      const answer = answerOf.get(s.itemId);
      if (!answer || first.has(s.itemId)) continue;
      first.set(s.itemId, {
        projectId: s.projectId,
        userId: batch.userId,
        itemId: s.itemId,
        score: quizScoreOf(answer, s.mutation.payload),
        scoredAt: ctx.now(),
      });
    }
    if (first.size > 0)
      await tx
        .insert(quizScores)
        .values([...first.values()])
        .onConflictDoNothing();
  };
}
