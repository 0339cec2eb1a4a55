// A suggestion (an imported pre-annotation) that scores as the item's gold answer would hand
// annotators that answer: accepting it would pass the gold item without looking. So such a
// suggestion is refused when it is imported onto a gold item, and taken away when gold that it
// matches is written onto its item. "Matches" is the gold scoring itself: a whole-item score at
// or above the project's pass mark, the score an annotator would get by accepting it.
import { and, eq, inArray } from 'drizzle-orm';
import type { AnnotationPayload } from '../../domain/api/index.ts';
import { mapForward } from '../../domain/taxonomy/mapping.ts';
import { cpuOf, type AppContext } from '../context.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { goldAnswers, preAnnotations, projects } from '../db/schema.ts';

export const SUGGESTION_IS_GOLD = "this suggestion matches this item's gold answer, so annotators could pass the gold item by accepting it";
export const SUGGESTION_REMOVED = "the item's suggestion matched this gold answer and was removed (annotators could have passed it by accepting it)";

type Pass = { iou: number; passMark: number; schema: typeof projects.$inferSelect.labelSchema };

async function passRule(db: DbOrTx, projectId: string): Promise<Pass> {
  const [p] = await db
    .select({ iou: projects.goldIouThreshold, passMark: projects.goldAccuracyThreshold, schema: projects.labelSchema })
    .from(projects)
    .where(eq(projects.id, projectId));
  return p!;
}

async function passes(ctx: AppContext, rule: Pass, gold: AnnotationPayload, suggestion: AnnotationPayload): Promise<boolean> {
  const scored = await cpuOf(ctx).run('scoreGold', { truth: gold, answer: mapForward(suggestion, rule.schema), iouThreshold: rule.iou });
  return scored.score >= rule.passMark;
}

/** Of these suggestions, the items whose gold answer (active or waiting to be re-verified) they would pass. */
export async function suggestionsThatPassGold(
  ctx: AppContext,
  db: DbOrTx,
  projectId: string,
  suggestions: ReadonlyArray<{ itemId: string; payload: AnnotationPayload }>,
): Promise<Set<string>> {
  const out = new Set<string>();
  if (suggestions.length === 0) return out;
  const gold = new Map(
    (
      await db
        .select({ itemId: goldAnswers.itemId, answer: goldAnswers.answer })
        .from(goldAnswers)
        // Inactive gold too: re-verifying puts it back into scoring (and takes such a suggestion away then too).
        .where(
          and(
            eq(goldAnswers.projectId, projectId),
            inArray(
              goldAnswers.itemId,
              suggestions.map((s) => s.itemId),
            ),
          ),
        )
    ).map((g) => [g.itemId, g.answer]),
  );
  if (gold.size === 0) return out;
  const rule = await passRule(db, projectId);
  for (const s of suggestions) {
    const answer = gold.get(s.itemId);
    if (answer && (await passes(ctx, rule, answer, s.payload))) out.add(s.itemId);
  }
  return out;
}

/** Takes away the item's suggestion when this gold answer would pass it; true when it did. */
export async function dropSuggestionPassingGold(ctx: AppContext, tx: Tx, projectId: string, itemId: string, gold: AnnotationPayload): Promise<boolean> {
  const [s] = await tx.select({ payload: preAnnotations.payload }).from(preAnnotations).where(eq(preAnnotations.itemId, itemId));
  if (!s || !(await passes(ctx, await passRule(tx, projectId), gold, s.payload))) return false;
  await tx.delete(preAnnotations).where(eq(preAnnotations.itemId, itemId));
  return true;
}
