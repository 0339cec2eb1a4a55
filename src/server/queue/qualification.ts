// Qualification quiz on the server: which stage an annotator is at, and scoring each quiz
// submission at sync time (inside the sync transaction, with the domain scoring the dashboard
// uses). Only the first submission on a quiz item counts, so a resubmission cannot improve it.
import { and, eq, inArray } from 'drizzle-orm';
import { scorePair } from '../../domain/dashboard/score-pair.ts';
import { qualificationOutcome, type QualificationOutcome } from '../../domain/queue/qualification.ts';
import type { AppContext } from '../context.ts';
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
        score: scorePair(answer, s.mutation.payload, QUIZ_IOU).score,
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
