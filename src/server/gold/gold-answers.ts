// Writing gold answers: the one path every source takes (import, gold mode in the app, and an
// escalation's ruling promoted to gold). Each answer is validated like any submission and tied to
// the guideline version it was verified under; writing it (again) puts it back into scoring.
import { and, eq } from 'drizzle-orm';
import type { AnnotationPayload, GoldAnswerView } from '../../domain/api/index.ts';
import { versionLabel } from '../../domain/api/index.ts';
import { validateAnnotation } from '../../domain/validation/annotation.ts';
import { exampleItemIds } from '../../domain/guidelines/versioning.ts';
import { cpuOf, type AppContext } from '../context.ts';
import { knownOutline, precheckPayloads } from '../cpu/outlines.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { rescoreGoldItems } from './gold-rescore.ts';
import { dropSuggestionPassingGold } from './suggestion-vs-gold.ts';
import { auditLog, goldAnswers, guidelineVersions, items, projects, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { currentGuideline } from '../guidelines/guidelines.ts';

/**
 * Items the current guideline shows annotators as examples (with the reason, i.e. the answer).
 * Such an item cannot be hidden gold: publishing refuses gold examples, and this is the other
 * direction — an example cannot become gold afterwards.
 */
export async function guidelineExampleIds(db: DbOrTx, projectId: string): Promise<ReadonlySet<string>> {
  return new Set(exampleItemIds((await currentGuideline(db, projectId)).sections));
}
export const EXAMPLE_NOT_GOLD =
  'This item is an example in the current guideline: annotators have seen it with its answer, so it cannot be hidden gold. Choose another item.';

export interface SaveGoldInput {
  projectId: string;
  itemId: string;
  answer: AnnotationPayload;
  justification: string;
  guidelineVersionId: string;
  createdBy: string | null;
  /** Where the answer came from, for the audit log ("app", "import:coco", "escalation", …). */
  source?: string;
}

/**
 * Saves (or replaces) the gold answer of one item inside the caller's transaction.
 * Throws HttpError: not_found for an item or version outside the project, validation_failed
 * (with the problems as details) for an answer that breaks the label schema or the item's bounds.
 * For escalations: call this with the ruling's payload and the lead as `createdBy`.
 */
export async function saveGoldAnswer(ctx: AppContext, tx: Tx, input: SaveGoldInput): Promise<{ itemId: string; replaced: boolean }> {
  const [row] = await tx
    .select({ item: items, project: projects })
    .from(items)
    .innerJoin(projects, eq(projects.id, items.projectId))
    .where(and(eq(items.id, input.itemId), eq(items.projectId, input.projectId)))
    .limit(1);
  if (!row) throw new HttpError('not_found', 'That item was not found in this project.');
  const [version] = await tx
    .select({ id: guidelineVersions.id })
    .from(guidelineVersions)
    .where(and(eq(guidelineVersions.id, input.guidelineVersionId), eq(guidelineVersions.projectId, input.projectId)))
    .limit(1);
  if (!version) throw new HttpError('not_found', 'That guideline version was not found in this project.');
  const { item, project } = row;
  const content =
    project.kind === 'image' ? { kind: 'image' as const, width: item.width ?? 1, height: item.height ?? 1 } : { kind: 'text' as const, text: item.text ?? '' };
  await precheckPayloads(cpuOf(ctx), [input.answer]);
  const problems = validateAnnotation(project.labelSchema, content, input.answer, { knownOutline });
  if (problems.length > 0)
    throw new HttpError('validation_failed', `The gold answer has ${problems.length} problem${problems.length > 1 ? 's' : ''}: ${problems[0]?.message}`, {
      problems,
    });
  return writeGold(ctx, tx, input);
}

/** The write itself, for callers that validated already (the importer validates a whole file first). */
export async function writeGold(
  ctx: AppContext,
  tx: Tx,
  input: SaveGoldInput,
  examples?: ReadonlySet<string>,
): Promise<{ itemId: string; replaced: boolean; suggestionRemoved: boolean }> {
  if ((examples ?? (await guidelineExampleIds(tx, input.projectId))).has(input.itemId)) throw new HttpError('conflict', EXAMPLE_NOT_GOLD);
  const [before] = await tx.select({ itemId: goldAnswers.itemId }).from(goldAnswers).where(eq(goldAnswers.itemId, input.itemId)).limit(1).for('update');
  const values = {
    answer: input.answer,
    guidelineVersionId: input.guidelineVersionId,
    justification: input.justification,
    active: true,
    createdBy: input.createdBy,
    createdAt: ctx.now(),
  };
  await tx
    .insert(goldAnswers)
    .values({ itemId: input.itemId, projectId: input.projectId, ...values })
    .onConflictDoUpdate({ target: goldAnswers.itemId, set: values });
  // Gold is security-relevant (it decides who keeps working): every change is in the audit log.
  await tx.insert(auditLog).values({
    actorId: input.createdBy,
    action: before ? 'gold_replaced' : 'gold_created',
    projectId: input.projectId,
    details: { itemId: input.itemId, source: input.source ?? 'app', guidelineVersionId: input.guidelineVersionId },
    at: ctx.now(),
  });
  // Past submissions on the item are scored against the answer as it now is.
  await rescoreGoldItems(ctx, tx, input.projectId, [input.itemId]);
  const suggestionRemoved = await dropSuggestionPassingGold(ctx, tx, input.projectId, input.itemId, input.answer);
  return { itemId: input.itemId, replaced: Boolean(before), suggestionRemoved };
}

/** One item's gold answer as leads and authors read it, or null. */
export async function readGold(db: DbOrTx, projectId: string, itemId: string): Promise<GoldAnswerView | null> {
  const [g] = await db
    .select({ gold: goldAnswers, major: guidelineVersions.major, minor: guidelineVersions.minor, by: users.displayName })
    .from(goldAnswers)
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, goldAnswers.guidelineVersionId))
    .leftJoin(users, eq(users.id, goldAnswers.createdBy))
    .where(and(eq(goldAnswers.itemId, itemId), eq(goldAnswers.projectId, projectId)))
    .limit(1);
  if (!g) return null;
  return {
    answer: g.gold.answer,
    justification: g.gold.justification,
    guidelineVersionId: g.gold.guidelineVersionId,
    guidelineVersion: versionLabel(g.major, g.minor),
    active: g.gold.active,
    createdBy: g.by,
    createdAt: g.gold.createdAt.toISOString(),
  };
}

/** How an item is named in lists: its file name or caption, or the start of its text. */
export function itemPreview(item: { text: string | null; meta: Record<string, unknown> }): string {
  if (item.text !== null) {
    const cps = Array.from(item.text);
    return cps.length > 80 ? `${cps.slice(0, 80).join('')}…` : item.text;
  }
  const name = [item.meta.fileName, item.meta.source].find((v): v is string => typeof v === 'string');
  const caption = typeof item.meta.caption === 'string' ? item.meta.caption : undefined;
  return [caption, name && `(${name})`].filter(Boolean).join(' ') || 'image';
}
