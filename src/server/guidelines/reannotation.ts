// Re-annotation after a label-changing guideline update (rule: src/domain/guidelines/reannotation.ts).
//
//   major publish ──▶ current revisions made under older versions using a named label
//                       ├─▶ reannotation_tasks row (open; one per annotator and item, widened by later majors)
//                       └─▶ the annotator's assignment re-opened, at its old position (so it comes next)
//                 ──▶ active gold answers using a named label: active=false until re-verified
//
//   submission (sync batch hook, inside the sync transaction)
//       made under a version older than a later major AND uses a label that major names
//           ──▶ accepted as always, then sent back the same way (late offline work is never lost)
//       otherwise ──▶ any open task of this annotator on this item is done
import { and, eq, inArray, sql } from 'drizzle-orm';
import { emptyAnnotation, type AnnotationPayload, type LabelSchema, type ReannotationNote } from '../../domain/api/index.ts';
import { affectedParts, labelsOf, selectForReannotation, staleLabels, goldLeavesScoring } from '../../domain/guidelines/reannotation.ts';
import { labelsToRedo, mapForward, redoLabels, redoRule } from '../../domain/taxonomy/mapping.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { readFolded, textArray } from '../db/folded-read.ts';
import { annotations, assignments, goldAnswers, guidelineVersions, items, projects, reannotationTasks } from '../db/schema.ts';
import type { BatchHook } from '../sync/batch.ts';
import { CURRENT } from '../answers/current-answers.ts';

type Project = typeof projects.$inferSelect;

export interface CurrentRevision {
  annotationId: string;
  itemId: string;
  userId: string;
  revision: number;
  version: { major: number; minor: number };
  labels: string[];
}

/** The latest revision of every (item, annotator) in the project, with the version it was made under. */
export async function currentRevisions(db: DbOrTx, projectId: string): Promise<CurrentRevision[]> {
  const rows = await db
    .selectDistinctOn([...CURRENT.distinctOn], {
      annotationId: annotations.id,
      itemId: annotations.itemId,
      userId: annotations.userId,
      revision: annotations.revision,
      payload: annotations.payload,
      major: guidelineVersions.major,
      minor: guidelineVersions.minor,
    })
    .from(annotations)
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, annotations.guidelineVersionId))
    .where(eq(annotations.projectId, projectId))
    .orderBy(...CURRENT.orderBy);
  return rows.map((r) => ({
    annotationId: r.annotationId,
    itemId: r.itemId,
    userId: r.userId,
    revision: r.revision,
    version: { major: r.major, minor: r.minor },
    labels: labelsOf(r.payload),
  }));
}

/** What a major update naming `labels` would send back, without writing anything. */
export async function reannotationImpact(db: DbOrTx, projectId: string, version: { major: number; minor: number }, labels: string[]) {
  const selected = selectForReannotation(await currentRevisions(db, projectId), { version, labels });
  const gold = (await activeGold(db, projectId)).filter((g) => goldLeavesScoring(g.answer, labels));
  return {
    selected,
    gold,
    counts: {
      annotations: selected.length,
      items: new Set(selected.map((s) => s.itemId)).size,
      annotators: new Set(selected.map((s) => s.userId)).size,
      goldAnswers: gold.length,
    },
  };
}

const activeGold = (db: DbOrTx, projectId: string) =>
  db
    .select({ itemId: goldAnswers.itemId, answer: goldAnswers.answer })
    .from(goldAnswers)
    .where(and(eq(goldAnswers.projectId, projectId), eq(goldAnswers.active, true)));

type VersionRow = Pick<typeof guidelineVersions.$inferSelect, 'id' | 'projectId' | 'major' | 'minor' | 'kind' | 'affectedLabels'>;

/** The projects' versions, oldest first, and the items of the annotator's open tasks in them: one statement. */
async function batchVersionsAndTasks(tx: Tx, userId: string, projectIds: string[]) {
  const ids = textArray(projectIds);
  const rows = await readFolded(tx, {
    versions: sql`select id, project_id as "projectId", major, minor, kind, affected_labels as "affectedLabels"
      from guideline_versions where project_id = any(${ids}::uuid[])`,
    open: sql`select item_id as "itemId" from reannotation_tasks where user_id = ${userId} and project_id = any(${ids}::uuid[]) and status = 'open'`,
  });
  // Sorted here: json_agg keeps no order it is not told. Versions of one project never tie.
  const versions = (rows.versions as VersionRow[]).sort((a, b) => a.major - b.major || a.minor - b.minor);
  return { versions, open: new Set((rows.open as Array<{ itemId: string }>).map((r) => r.itemId)) };
}

/** Opens (or widens) the annotator's task on the item and puts the item back in their queue. */
async function sendBack(
  ctx: AppContext,
  tx: Tx,
  project: Pick<Project, 'id' | 'leaseMinutes'>,
  t: { itemId: string; userId: string; annotationId: string; versionId: string; labels: string[] },
) {
  const [open] = await tx
    .select()
    .from(reannotationTasks)
    .where(and(eq(reannotationTasks.userId, t.userId), eq(reannotationTasks.itemId, t.itemId), eq(reannotationTasks.status, 'open')))
    .for('update');
  if (open) {
    const labels = [...new Set([...open.labels, ...t.labels])];
    await tx.update(reannotationTasks).set({ labels, versionId: t.versionId, annotationId: t.annotationId }).where(eq(reannotationTasks.id, open.id));
  } else {
    await tx.insert(reannotationTasks).values({
      id: ctx.newId(),
      projectId: project.id,
      itemId: t.itemId,
      userId: t.userId,
      annotationId: t.annotationId,
      versionId: t.versionId,
      labels: t.labels,
      status: 'open',
      createdAt: ctx.now(),
    });
  }
  // Re-open the assignment at its old position: it was done before the rest of the open queue,
  // so it comes next. A lease that had expired counts towards the item's overlap again.
  const leaseUntil = new Date(ctx.now().getTime() + project.leaseMinutes * 60_000);
  const [a] = await tx
    .select()
    .from(assignments)
    .where(and(eq(assignments.userId, t.userId), eq(assignments.itemId, t.itemId)))
    .limit(1);
  if (!a || a.status === 'open') {
    if (a) await tx.update(assignments).set({ leaseExpiresAt: leaseUntil }).where(eq(assignments.id, a.id));
    return;
  }
  await tx.update(assignments).set({ status: 'open', leaseExpiresAt: leaseUntil, doneAt: null }).where(eq(assignments.id, a.id));
  if (a.status === 'expired')
    await tx
      .update(items)
      .set({ assignedCount: sql`${items.assignedCount} + 1` })
      .where(eq(items.id, t.itemId));
}

/**
 * The sync hook: judges every stored submission of the batch against the majors published since
 * its version. Two reads per batch (the projects locked FOR SHARE; then their versions and the
 * annotator's open tasks, in one statement) and one update for the tasks the batch finishes;
 * sending work back (a submission under an outdated major that uses a label it names) is rare and
 * goes one by one.
 */
export const reannotationBatch =
  (ctx: AppContext): BatchHook =>
  async (tx, batch) => {
    const projectIds = [...new Set(batch.submissions.map((s) => s.projectId))];
    // FOR SHARE on the project rows: a publish (FOR UPDATE on its project) either commits before
    // this reads the versions, or waits until this batch commits and then sees its revisions.
    // Either way a late submission cannot slip between a major update and its selection.
    const schemaRows = await tx
      .select({ id: projects.id, labelSchema: projects.labelSchema })
      .from(projects)
      .where(inArray(projects.id, projectIds))
      .for('share');
    const schemas = new Map(schemaRows.map((p) => [p.id, p.labelSchema]));
    // Not in the statement above: waiting for the lock there would leave these reads on the
    // snapshot taken before the wait, without the version the publish committed.
    const { versions: allVersions, open } = await batchVersionsAndTasks(tx, batch.userId, projectIds);
    let finished: string[] = [];
    const finish = async () => {
      if (finished.length === 0) return;
      await tx
        .update(reannotationTasks)
        .set({ status: 'done', doneAt: batch.receivedAt })
        .where(and(eq(reannotationTasks.userId, batch.userId), inArray(reannotationTasks.itemId, finished), eq(reannotationTasks.status, 'open')));
      finished = [];
    };
    for (const s of batch.submissions) {
      const versions = allVersions.filter((v) => v.projectId === s.projectId);
      const madeUnder = versions.find((v) => v.id === s.mutation.guidelineVersionId);
      if (!madeUnder) continue;
      // Read in the current schema: a label of a class merged since is the class it now is (and
      // goes back if that class was split since); a split or retired class stays itself.
      const schema = schemas.get(s.projectId);
      // A label of a split or retired ('send back') class goes back whichever version it was made
      // under: it is stored as it is (never refused) and the annotator chooses again.
      const stale = schema
        ? [
            ...new Set([
              ...redoLabels(s.mutation.payload, schema, staleLabels(versions, madeUnder)),
              ...labelsToRedo(mapForward(s.mutation.payload, schema), schema),
            ]),
          ]
        : [];
      if (stale.length === 0) {
        if (open.delete(s.itemId)) finished.push(s.itemId);
        continue;
      }
      const latestMajor = [...versions].reverse().find((v) => v.kind === 'label_change');
      const project = batch.projects.get(s.projectId);
      if (!latestMajor || !project) continue;
      await finish(); // in batch order: a task this batch finished before may be opened again
      await sendBack(ctx, tx, project, { itemId: s.itemId, userId: batch.userId, annotationId: s.revisionId, versionId: latestMajor.id, labels: stale });
      open.add(s.itemId);
    }
    await finish();
  };

/**
 * Open tasks of one annotator, keyed by item, for the queue: what the item is back for, and the
 * annotator's own latest answer on it (the item opens with it: only the affected parts are to redo).
 */
export async function openTasksFor(db: DbOrTx, userId: string, itemIds: string[], schema?: LabelSchema): Promise<Map<string, ReannotationNote>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: reannotationTasks.id,
      itemId: reannotationTasks.itemId,
      labels: reannotationTasks.labels,
      major: guidelineVersions.major,
      minor: guidelineVersions.minor,
      changelog: guidelineVersions.changelog,
    })
    .from(reannotationTasks)
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, reannotationTasks.versionId))
    .where(and(eq(reannotationTasks.userId, userId), eq(reannotationTasks.status, 'open'), inArray(reannotationTasks.itemId, itemIds)));
  if (rows.length === 0) return new Map();
  const latest = await latestAnswers(
    db,
    userId,
    rows.map((r) => r.itemId),
  );
  return new Map(
    rows.map((r) => {
      const version = `${r.major}.${r.minor}`;
      // Read in the current schema (merged classes mapped); split and retired classes stay to redo.
      const stored = latest.get(r.itemId) ?? emptyAnnotation();
      const previous = schema ? mapForward(stored, schema) : stored;
      const rule = (label: string) => (schema ? redoRule(schema, label) : null) ?? `Guideline v${version}: ${r.changelog}`;
      return [r.itemId, { taskId: r.id, version, labels: r.labels, previous, affected: affectedParts(previous, r.labels, rule) }];
    }),
  );
}

/** The annotator's latest revision on each of these items. */
async function latestAnswers(db: DbOrTx, userId: string, itemIds: string[]): Promise<Map<string, AnnotationPayload>> {
  const rows = await db
    .selectDistinctOn([...CURRENT.distinctOn], { itemId: annotations.itemId, payload: annotations.payload })
    .from(annotations)
    .where(and(eq(annotations.userId, userId), inArray(annotations.itemId, itemIds)))
    .orderBy(...CURRENT.orderBy);
  return new Map(rows.map((r) => [r.itemId, r.payload]));
}
