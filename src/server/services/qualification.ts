// Qualification quiz on the server: which stage an annotator is at, and scoring each quiz
// submission at sync time (inside the sync transaction, with the domain scoring the dashboard
// uses). Only the first submission on a quiz item counts, so a resubmission cannot improve it.
import { and, eq } from 'drizzle-orm';
import { scorePair } from '../../domain/dashboard/score-pair.ts';
import { qualificationOutcome, type QualificationOutcome } from '../../domain/queue/qualification.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { goldAnswers, items, type projects, quizScores } from '../db/schema.ts';
import type { AfterSubmit } from './sync-apply.ts';

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
  return qualificationOutcome(total, rows.map((r) => r.score), project.quizPassMark);
}

export function quizAfterSubmit(ctx: AppContext): AfterSubmit {
  return async (tx: Tx, e) => {
    const [row] = await tx
      .select({ answer: goldAnswers.answer })
      .from(items)
      .innerJoin(goldAnswers, eq(goldAnswers.itemId, items.id))
      .where(and(eq(items.id, e.itemId), eq(items.projectId, e.projectId), eq(items.quiz, true)))
      .limit(1);
    if (!row) return;
    const { score } = scorePair(row.answer, e.mutation.payload, QUIZ_IOU);
    await tx.insert(quizScores).values({ projectId: e.projectId, userId: e.userId, itemId: e.itemId, score, scoredAt: ctx.now() }).onConflictDoNothing();
  };
}
