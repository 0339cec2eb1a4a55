// Re-annotation after a label-changing guideline update (rule: src/domain/guidelines/reannotation.ts).
//
//   major publish ──▶ current revisions made under older versions using a named label
//                       ├─▶ reannotation_tasks row (open; one per annotator and item, widened by later majors)
//                       └─▶ the annotator's assignment re-opened, at its old position (so it comes next)
//                 ──▶ active gold answers using a named label: active=false until re-verified
//
//   submission (afterSubmit hook, inside the sync transaction)
//       made under a version older than a later major AND uses a label that major names
//           ──▶ accepted as always, then sent back the same way (late offline work is never lost)
//       otherwise ──▶ any open task of this annotator on this item is done
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { emptyAnnotation, type AnnotationPayload, type LabelSchema, type ReannotationNote } from '../../domain/api/index.ts';
import { affectedParts, labelsOf, selectForReannotation, staleLabels, goldLeavesScoring } from '../../domain/guidelines/reannotation.ts';
import { labelsToRedo, mapForward, redoLabels, redoRule } from '../../domain/taxonomy/mapping.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { annotations, assignments, goldAnswers, guidelineVersions, items, projects, reannotationTasks } from '../db/schema.ts';
import type { AfterSubmit } from './sync-apply.ts';

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
    .selectDistinctOn([annotations.itemId, annotations.userId], {
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
    .orderBy(annotations.itemId, annotations.userId, desc(annotations.revision));
  return rows.map((r) => ({ annotationId: r.annotationId, itemId: r.itemId, userId: r.userId, revision: r.revision, version: { major: r.major, minor: r.minor }, labels: labelsOf(r.payload) }));
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
  db.select({ itemId: goldAnswers.itemId, answer: goldAnswers.answer }).from(goldAnswers).where(and(eq(goldAnswers.projectId, projectId), eq(goldAnswers.active, true)));

/** Opens (or widens) the annotator's task on the item and puts the item back in their queue. */
async function sendBack(ctx: AppContext, tx: Tx, project: Project, t: { itemId: string; userId: string; annotationId: string; versionId: string; labels: string[] }) {
  const [open] = await tx
    .select()
    .from(reannotationTasks)
    .where(and(eq(reannotationTasks.userId, t.userId), eq(reannotationTasks.itemId, t.itemId), eq(reannotationTasks.status, 'open')))
    .for('update');
  if (open) {
    const labels = [...new Set([...open.labels, ...t.labels])];
    await tx.update(reannotationTasks).set({ labels, versionId: t.versionId, annotationId: t.annotationId }).where(eq(reannotationTasks.id, open.id));
  } else {
    await tx.insert(reannotationTasks).values({ id: ctx.newId(), projectId: project.id, itemId: t.itemId, userId: t.userId, annotationId: t.annotationId, versionId: t.versionId, labels: t.labels, status: 'open', createdAt: ctx.now() });
  }
  // Re-open the assignment at its old position: it was done before the rest of the open queue,
  // so it comes next. A lease that had expired counts towards the item's overlap again.
  const leaseUntil = new Date(ctx.now().getTime() + project.leaseMinutes * 60_000);
  const [a] = await tx.select().from(assignments).where(and(eq(assignments.userId, t.userId), eq(assignments.itemId, t.itemId))).limit(1);
  if (!a || a.status === 'open') {
    if (a) await tx.update(assignments).set({ leaseExpiresAt: leaseUntil }).where(eq(assignments.id, a.id));
    return;
  }
  await tx.update(assignments).set({ status: 'open', leaseExpiresAt: leaseUntil, doneAt: null }).where(eq(assignments.id, a.id));
  if (a.status === 'expired') await tx.update(items).set({ assignedCount: sql`${items.assignedCount} + 1` }).where(eq(items.id, t.itemId));
}

/**
 * What the hook needs, read once per sync transaction (a batch is up to 100 submissions of one
 * annotator): the project's versions and which items have an open task. The common submission —
 * current version, no open task — then costs no query at all.
 */
interface BatchCache {
  versions: Map<string, Array<Pick<typeof guidelineVersions.$inferSelect, 'id' | 'major' | 'minor' | 'kind' | 'affectedLabels'>>>;
  openTasks: Map<string, Set<string>>;
  schemas: Map<string, LabelSchema>;
}
const caches = new WeakMap<Tx, BatchCache>();

/** The afterSubmit hook: judges every stored submission against the majors published since its version. */
export const reannotationAfterSubmit =
  (ctx: AppContext): AfterSubmit =>
  async (tx, e) => {
    let cache = caches.get(tx);
    if (!cache) caches.set(tx, (cache = { versions: new Map(), openTasks: new Map(), schemas: new Map() }));
    let versions = cache.versions.get(e.projectId);
    if (!versions) {
      // FOR SHARE on the project row: a publish (FOR UPDATE on it) either commits before this
      // reads the versions, or waits until this batch commits and then sees its revisions.
      // Either way a late submission cannot slip between a major update and its selection.
      const [p] = await tx.select({ labelSchema: projects.labelSchema }).from(projects).where(eq(projects.id, e.projectId)).for('share');
      if (p) cache.schemas.set(e.projectId, p.labelSchema);
      versions = await tx
        .select({ id: guidelineVersions.id, major: guidelineVersions.major, minor: guidelineVersions.minor, kind: guidelineVersions.kind, affectedLabels: guidelineVersions.affectedLabels })
        .from(guidelineVersions)
        .where(eq(guidelineVersions.projectId, e.projectId))
        .orderBy(asc(guidelineVersions.major), asc(guidelineVersions.minor));
      cache.versions.set(e.projectId, versions);
    }
    const taskKey = `${e.userId}:${e.projectId}`;
    let open = cache.openTasks.get(taskKey);
    if (!open) {
      const rows = await tx
        .select({ itemId: reannotationTasks.itemId })
        .from(reannotationTasks)
        .where(and(eq(reannotationTasks.userId, e.userId), eq(reannotationTasks.projectId, e.projectId), eq(reannotationTasks.status, 'open')));
      cache.openTasks.set(taskKey, (open = new Set(rows.map((r) => r.itemId))));
    }

    const madeUnder = versions.find((v) => v.id === e.mutation.guidelineVersionId);
    if (!madeUnder) return;
    // Read in the current schema: a label of a class merged since is the class it now is (and
    // goes back if that class was split since); a split or retired class stays itself.
    const schema = cache.schemas.get(e.projectId);
    // A label of a split or retired ('send back') class goes back whichever version it was made
    // under: it is stored as it is (never refused) and the annotator chooses again.
    const stale = schema ? [...new Set([...redoLabels(e.mutation.payload, schema, staleLabels(versions, madeUnder)), ...labelsToRedo(mapForward(e.mutation.payload, schema), schema)])] : [];
    if (stale.length === 0) {
      if (!open.has(e.itemId)) return;
      await tx
        .update(reannotationTasks)
        .set({ status: 'done', doneAt: e.receivedAt })
        .where(and(eq(reannotationTasks.userId, e.userId), eq(reannotationTasks.itemId, e.itemId), eq(reannotationTasks.status, 'open')));
      open.delete(e.itemId);
      return;
    }
    const latestMajor = [...versions].reverse().find((v) => v.kind === 'label_change');
    const [project] = await tx.select().from(projects).where(eq(projects.id, e.projectId)).limit(1);
    if (!latestMajor || !project) return;
    await sendBack(ctx, tx, project, { itemId: e.itemId, userId: e.userId, annotationId: e.revisionId, versionId: latestMajor.id, labels: stale });
    open.add(e.itemId);
  };

/**
 * Open tasks of one annotator, keyed by item, for the queue: what the item is back for, and the
 * annotator's own latest answer on it (the item opens with it: only the affected parts are to redo).
 */
export async function openTasksFor(db: DbOrTx, userId: string, itemIds: string[], schema?: LabelSchema): Promise<Map<string, ReannotationNote>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .select({ id: reannotationTasks.id, itemId: reannotationTasks.itemId, labels: reannotationTasks.labels, major: guidelineVersions.major, minor: guidelineVersions.minor, changelog: guidelineVersions.changelog })
    .from(reannotationTasks)
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, reannotationTasks.versionId))
    .where(and(eq(reannotationTasks.userId, userId), eq(reannotationTasks.status, 'open'), inArray(reannotationTasks.itemId, itemIds)));
  if (rows.length === 0) return new Map();
  const latest = await latestAnswers(db, userId, rows.map((r) => r.itemId));
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
    .selectDistinctOn([annotations.itemId], { itemId: annotations.itemId, payload: annotations.payload })
    .from(annotations)
    .where(and(eq(annotations.userId, userId), inArray(annotations.itemId, itemIds)))
    .orderBy(annotations.itemId, desc(annotations.revision));
  return new Map(rows.map((r) => [r.itemId, r.payload]));
}
