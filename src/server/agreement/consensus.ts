// Consensus and adjudication on the server. The rule lives in the domain
// (consensusPayload); here: reading each annotator's CURRENT revision (latest per item × user, one
// DISTINCT ON query, no per-item round trips) and the lead's decisions in the adjudications table.
//
// For the export: `consensusLabelFor(db, projectId, itemId)` is the label to write for an item —
// the lead's adjudication when there is one, else the majority vote, else (single annotator) that
// annotator's answer; null when nobody answered or the vote tied and no lead has decided yet.
import { and, eq, inArray } from 'drizzle-orm';
import type { AnnotationPayload } from '../../domain/api/index.ts';
import { consensusPayload, finalPayload, type ConsensusSource } from '../../domain/metrics/consensus-payload.ts';
import type { DbOrTx } from '../db/client.ts';
import { adjudications, annotations, goldAnswers, items, projects, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { CURRENT } from '../answers/current-answers.ts';
import { mapForward } from '../../domain/taxonomy/mapping.ts';

export interface CurrentAnswer {
  readonly itemId: string;
  readonly annotatorId: string;
  readonly displayName: string;
  readonly versionId: string;
  readonly payload: AnnotationPayload;
}

/**
 * Every annotator's current answer in the project, the label of record (optionally for some items
 * only), read in the project's current label schema: answers made before a merge or rename compare
 * with later ones through the recorded mapping (agreement, consensus, adjudication).
 */
export async function currentAnswers(db: DbOrTx, projectId: string, itemIds?: readonly string[]): Promise<CurrentAnswer[]> {
  const [project] = await db.select({ schema: projects.labelSchema }).from(projects).where(eq(projects.id, projectId));
  const where = itemIds ? and(eq(annotations.projectId, projectId), inArray(annotations.itemId, [...itemIds])) : eq(annotations.projectId, projectId);
  const rows = await db
    .selectDistinctOn([...CURRENT.distinctOn], {
      itemId: annotations.itemId,
      annotatorId: annotations.userId,
      displayName: users.displayName,
      versionId: annotations.guidelineVersionId,
      payload: annotations.payload,
    })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.userId))
    .where(where)
    .orderBy(...CURRENT.orderBy);
  return project ? rows.map((r) => ({ ...r, payload: mapForward(r.payload, project.schema) })) : rows;
}

/** Current answers by item, in the order the items first appear. */
export function groupByItem(rows: readonly CurrentAnswer[]): Map<string, CurrentAnswer[]> {
  const out = new Map<string, CurrentAnswer[]>();
  for (const r of rows) {
    let list = out.get(r.itemId);
    if (!list) out.set(r.itemId, (list = []));
    list.push(r);
  }
  return out;
}

type Project = typeof projects.$inferSelect;

/** Overlapped items whose vote tied, with the lead's decision if made (resolved ones stay listed). */
export async function adjudicationTasks(db: DbOrTx, project: Project) {
  const byItem = groupByItem(await currentAnswers(db, project.id));
  const decided = new Map((await db.select().from(adjudications).where(eq(adjudications.projectId, project.id))).map((a) => [a.itemId, a]));
  // A gold item's answer is known: its annotators are scored against it, never voted on, so it is
  // never a tie for a lead to decide.
  const gold = new Set((await db.select({ itemId: goldAnswers.itemId }).from(goldAnswers).where(eq(goldAnswers.projectId, project.id))).map((g) => g.itemId));
  const tasks = [];
  for (const [itemId, answers] of byItem) {
    if (answers.length < 2 || gold.has(itemId)) continue;
    const c = consensusPayload(
      answers.map((a) => ({ annotator: a.annotatorId, payload: a.payload })),
      project.goldIouThreshold,
    );
    if (!c.needsAdjudication) continue;
    const d = decided.get(itemId);
    tasks.push({
      itemId,
      tiedLabels: [...c.tiedLabels],
      answers: answers.map(({ annotatorId, displayName, payload }) => ({ annotatorId, displayName, payload })),
      resolved: d ? { payload: d.payload, resolvedBy: d.resolvedBy, resolvedAt: d.resolvedAt.toISOString() } : null,
    });
  }
  return tasks.sort((a, b) => Number(a.resolved !== null) - Number(b.resolved !== null) || (a.itemId < b.itemId ? -1 : 1));
}

export async function resolveAdjudication(db: DbOrTx, projectId: string, itemId: string, payload: AnnotationPayload, userId: string): Promise<void> {
  const [item] = await db
    .select({ id: items.id })
    .from(items)
    .where(and(eq(items.id, itemId), eq(items.projectId, projectId)));
  if (!item) throw new HttpError('not_found', 'That item is not in this project.');
  await db
    .insert(adjudications)
    .values({ itemId, projectId, payload, resolvedBy: userId })
    .onConflictDoUpdate({ target: adjudications.itemId, set: { payload, resolvedBy: userId, resolvedAt: new Date() } });
}

export type { ConsensusSource };

/** The label the export should use for an item (see the header; the rule is the domain's finalPayload). */
export async function consensusLabelFor(
  db: DbOrTx,
  projectId: string,
  itemId: string,
): Promise<{ payload: AnnotationPayload; source: ConsensusSource } | null> {
  const [adj] = await db
    .select({ payload: adjudications.payload })
    .from(adjudications)
    .where(and(eq(adjudications.itemId, itemId), eq(adjudications.projectId, projectId)));
  const answers = adj ? [] : await currentAnswers(db, projectId, [itemId]);
  const [project] = answers.length > 1 ? await db.select({ iou: projects.goldIouThreshold }).from(projects).where(eq(projects.id, projectId)) : [];
  return finalPayload(
    adj?.payload ?? null,
    answers.map((a) => ({ annotator: a.annotatorId, payload: a.payload })),
    project?.iou ?? 0.5,
  );
}
