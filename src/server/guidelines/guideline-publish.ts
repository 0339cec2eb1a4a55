// Drafts and publishing. A draft remembers the version it was started from (baseVersionId);
// publishing checks, inside one transaction holding the project row, that nobody published in
// between, that the draft passes the domain rules, and that its examples point at items of this
// project — then writes the version, drops the draft, logs it, and (for a label change) sends
// the affected labels back and takes the affected gold out of scoring.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { versionLabel, type GuidelineSection, type Problem, type PublishRequest, type SchemaChange } from '../../domain/api/index.ts';
import { exampleItemIds, nextVersion, validatePublish } from '../../domain/guidelines/versioning.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { goldAnswers, guidelineDrafts, guidelineVersions, items, projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from '../admin/audit.ts';
import { currentGuideline, guidelineToWire } from './guidelines.ts';
import { applySchemaChanges, sentBackClasses } from '../../domain/taxonomy/apply.ts';
import { goldFollowsSchema } from '../gold/taxonomy-gold.ts';
import { rescoreGoldItems } from '../gold/gold-rescore.ts';
import { runRequeue } from './requeue.ts';

type Project = typeof projects.$inferSelect;
type VersionRow = typeof guidelineVersions.$inferSelect;

export function staleDraftError(base: string, current: VersionRow) {
  return new HttpError(
    'conflict',
    `Version ${versionLabel(current.major, current.minor)} was published after you started this draft from version ${base}. Nothing was saved or published: reload the current version and apply your changes to it.`,
  );
}

const labelOfVersion = async (db: DbOrTx, id: string) => {
  const [v] = await db
    .select({ major: guidelineVersions.major, minor: guidelineVersions.minor })
    .from(guidelineVersions)
    .where(eq(guidelineVersions.id, id))
    .limit(1);
  return v ? versionLabel(v.major, v.minor) : 'an unknown version';
};

export async function readDraft(db: DbOrTx, projectId: string, authorId: string) {
  const current = await currentGuideline(db, projectId);
  const [draft] = await db
    .select()
    .from(guidelineDrafts)
    .where(and(eq(guidelineDrafts.projectId, projectId), eq(guidelineDrafts.authorId, authorId)))
    .limit(1);
  if (!draft)
    return {
      baseVersionId: current.id,
      baseVersion: versionLabel(current.major, current.minor),
      sections: current.sections,
      schemaChanges: [],
      updatedAt: null,
      stale: false,
    };
  return {
    baseVersionId: draft.baseVersionId,
    baseVersion: await labelOfVersion(db, draft.baseVersionId),
    schemaChanges: draft.schemaChanges,
    sections: draft.sections,
    updatedAt: draft.updatedAt.toISOString(),
    stale: draft.baseVersionId !== current.id,
  };
}

export async function saveDraft(
  ctx: AppContext,
  project: Project,
  authorId: string,
  input: { baseVersionId: string; sections: GuidelineSection[]; schemaChanges?: SchemaChange[] | undefined },
) {
  const schemaChanges = input.schemaChanges ?? [];
  await ctx.db.transaction(async (tx) => {
    const current = await currentGuideline(tx, project.id);
    if (input.baseVersionId !== current.id) throw staleDraftError(await labelOfVersion(tx, input.baseVersionId), current);
    await tx
      .insert(guidelineDrafts)
      .values({ projectId: project.id, authorId, baseVersionId: input.baseVersionId, sections: input.sections, schemaChanges, updatedAt: ctx.now() })
      .onConflictDoUpdate({
        target: [guidelineDrafts.projectId, guidelineDrafts.authorId],
        set: { baseVersionId: input.baseVersionId, sections: input.sections, schemaChanges, updatedAt: ctx.now() },
      });
  });
  return readDraft(ctx.db, project.id, authorId);
}

export async function discardDraft(ctx: AppContext, projectId: string, authorId: string) {
  await ctx.db.delete(guidelineDrafts).where(and(eq(guidelineDrafts.projectId, projectId), eq(guidelineDrafts.authorId, authorId)));
}

/** Examples must point at items of this project, and never at hidden gold (the reason would give its answer away). */
async function exampleProblems(tx: Tx, projectId: string, sections: readonly GuidelineSection[]): Promise<Problem[]> {
  const ids = exampleItemIds(sections);
  if (ids.length === 0) return [];
  const found = await tx.select({ id: items.id, projectId: items.projectId }).from(items).where(inArray(items.id, ids));
  const gold = await tx.select({ id: goldAnswers.itemId }).from(goldAnswers).where(inArray(goldAnswers.itemId, ids));
  const mine = new Set(found.filter((i) => i.projectId === projectId).map((i) => i.id));
  const isGold = new Set(gold.map((g) => g.id));
  const problems: Problem[] = [];
  sections.forEach((s, i) => {
    if (!s.itemId || (s.kind !== 'example' && s.kind !== 'counter_example')) return;
    if (!mine.has(s.itemId)) problems.push({ path: `sections.${i}.itemId`, message: `"${s.title}" points at an item that is not part of this project.` });
    else if (isGold.has(s.itemId))
      problems.push({
        path: `sections.${i}.itemId`,
        message: `"${s.title}" points at a hidden gold item; annotators would learn its answer. Choose another item.`,
      });
  });
  return problems;
}

export async function publish(ctx: AppContext, project: Project, authorId: string, req: PublishRequest) {
  const published = await ctx.db.transaction(async (tx) => {
    // Holding the project row serialises publishes of one project (two authors, two servers).
    // It is held only for this short transaction: the labels go back in chunks after the commit.
    const [locked] = await tx.select({ labelSchema: projects.labelSchema }).from(projects).where(eq(projects.id, project.id)).for('update');
    const schema = locked?.labelSchema ?? project.labelSchema;
    const current = await currentGuideline(tx, project.id);
    if (req.baseVersionId !== current.id) throw staleDraftError(await labelOfVersion(tx, req.baseVersionId), current);
    const [draft] = await tx
      .select()
      .from(guidelineDrafts)
      .where(and(eq(guidelineDrafts.projectId, project.id), eq(guidelineDrafts.authorId, authorId)))
      .limit(1);
    if (!draft)
      throw new HttpError(
        'bad_request',
        `You have no draft: version ${versionLabel(current.major, current.minor)} is unchanged, so there is nothing to publish.`,
      );
    if (draft.baseVersionId !== current.id) throw staleDraftError(await labelOfVersion(tx, draft.baseVersionId), current);

    const changes = draft.schemaChanges;
    const problems = validatePublish({
      current,
      sections: draft.sections,
      kind: req.kind,
      affectedLabels: req.affectedLabels,
      changelog: req.changelog,
      labelIds: schema.labels.map((l) => l.id),
      schemaChanges: changes,
      schema,
    });
    problems.push(...(await exampleProblems(tx, project.id, draft.sections)));
    if (problems.length > 0) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
      throw new HttpError('validation_failed', `Not published: ${problems[0]?.message}${more}`, { problems });
    }

    const next = nextVersion(current, req.kind);
    const label = versionLabel(next.major, next.minor);
    const nextSchema = changes.length > 0 ? applySchemaChanges(schema, changes, label).schema : schema;
    const sendBack = req.kind === 'label_change' ? [...new Set([...req.affectedLabels, ...sentBackClasses(changes)])] : [];
    // Versions from before the first schema change share the schema of that time: say so on them.
    await tx
      .update(guidelineVersions)
      .set({ labelSchema: schema })
      .where(and(eq(guidelineVersions.projectId, project.id), isNull(guidelineVersions.labelSchema)));
    const [row] = await tx
      .insert(guidelineVersions)
      .values({
        id: ctx.newId(),
        projectId: project.id,
        major: next.major,
        minor: next.minor,
        kind: req.kind,
        affectedLabels: sendBack,
        changelog: req.changelog.trim(),
        sections: draft.sections,
        labelSchema: nextSchema,
        schemaChanges: changes,
        requeue: sendBack.length > 0 ? { labels: sendBack, afterSeq: -1, sent: 0 } : null,
        publishedBy: authorId,
        publishedAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    if (changes.length > 0) await tx.update(projects).set({ labelSchema: nextSchema }).where(eq(projects.id, project.id));
    await tx.delete(guidelineDrafts).where(and(eq(guidelineDrafts.projectId, project.id), eq(guidelineDrafts.authorId, authorId)));
    const gold = await goldFollowsSchema(tx, project.id, nextSchema, sendBack);
    await rescoreGoldItems(ctx, tx, project.id, gold.deactivated);
    await audit(tx, {
      actorId: authorId,
      action: 'guideline_published',
      projectId: project.id,
      details: {
        versionId: row.id,
        version: label,
        kind: row.kind,
        affectedLabels: row.affectedLabels,
        schemaChanges: changes.length,
        goldDeactivated: gold.deactivated.length,
        goldMapped: gold.mapped,
      },
      at: ctx.now(),
    });
    return { row, goldDeactivated: gold.deactivated.length };
  });
  const annotations = await runRequeue(ctx, published.row.id);
  return { version: guidelineToWire(published.row), reannotation: { annotations, goldDeactivated: published.goldDeactivated } };
}
