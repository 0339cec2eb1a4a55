// Gold follows the taxonomy, inside the publish transaction (a project has hundreds of gold
// answers, not millions): answers of merged classes are mapped to the class they now are and keep
// scoring; active answers using a label sent back (a split class, a class retired with 'send back',
// a label a label-changing version names) leave scoring until a lead re-verifies them.
import { eq } from 'drizzle-orm';
import type { LabelSchema } from '../../domain/api/index.ts';
import { mapForward, redoLabels } from '../../domain/taxonomy/mapping.ts';
import type { Tx } from '../db/client.ts';
import { goldAnswers } from '../db/schema.ts';

export async function goldFollowsSchema(tx: Tx, projectId: string, schema: LabelSchema, sendBack: readonly string[]) {
  const rows = await tx
    .select({ itemId: goldAnswers.itemId, answer: goldAnswers.answer, active: goldAnswers.active })
    .from(goldAnswers)
    .where(eq(goldAnswers.projectId, projectId));
  let mapped = 0;
  const deactivated: string[] = [];
  for (const g of rows) {
    const answer = mapForward(g.answer, schema);
    const changed = JSON.stringify(answer) !== JSON.stringify(g.answer);
    const leaves = g.active && redoLabels(answer, schema, sendBack).length > 0;
    if (!changed && !leaves) continue;
    await tx
      .update(goldAnswers)
      .set({ answer, ...(leaves ? { active: false } : {}) })
      .where(eq(goldAnswers.itemId, g.itemId));
    if (changed) mapped++;
    if (leaves) deactivated.push(g.itemId);
  }
  // Only the answers that left scoring are re-scored (their scores leave the figures): a mapped
  // answer means what it meant, and past submissions carry the labels of their own schema version.
  return { mapped, deactivated };
}
