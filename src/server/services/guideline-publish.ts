// Drafts and publishing. A draft remembers the version it was started from (baseVersionId);
// publishing checks, inside one transaction holding the project row, that nobody published in
// between, that the draft passes the domain rules, and that its examples point at items of this
// project — then writes the version, drops the draft, logs it, and (for a label change) sends
// the affected labels back and takes the affected gold out of scoring.
import { and, eq, inArray } from 'drizzle-orm';
import { versionLabel, type GuidelineSection, type Problem, type PublishRequest } from '../../domain/api/index.ts';
import { exampleItemIds, nextVersion, validatePublish } from '../../domain/guidelines/versioning.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { goldAnswers, guidelineDrafts, guidelineVersions, items, projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from './audit.ts';
import { currentGuideline, guidelineToWire } from './guidelines.ts';
import { applyMajorUpdate } from './reannotation.ts';

type Project = typeof projects.$inferSelect;
type VersionRow = typeof guidelineVersions.$inferSelect;

export function staleDraftError(base: string, current: VersionRow) {
  return new HttpError(
    'conflict',
    `Version ${versionLabel(current.major, current.minor)} was published after you started this draft from version ${base}. Nothing was saved or published: reload the current version and apply your changes to it.`,
  );
}

const labelOfVersion = async (db: DbOrTx, id: string) => {
  const [v] = await db.select({ major: guidelineVersions.major, minor: guidelineVersions.minor }).from(guidelineVersions).where(eq(guidelineVersions.id, id)).limit(1);
  return v ? versionLabel(v.major, v.minor) : 'an unknown version';
};

export async function readDraft(db: DbOrTx, projectId: string, authorId: string) {
  const current = await currentGuideline(db, projectId);
  const [draft] = await db.select().from(guidelineDrafts).where(and(eq(guidelineDrafts.projectId, projectId), eq(guidelineDrafts.authorId, authorId))).limit(1);
  if (!draft) return { baseVersionId: current.id, baseVersion: versionLabel(current.major, current.minor), sections: current.sections, updatedAt: null, stale: false };
  return {
    baseVersionId: draft.baseVersionId,
    baseVersion: await labelOfVersion(db, draft.baseVersionId),
    sections: draft.sections,
    updatedAt: draft.updatedAt.toISOString(),
    stale: draft.baseVersionId !== current.id,
  };
}

export async function saveDraft(ctx: AppContext, project: Project, authorId: string, input: { baseVersionId: string; sections: GuidelineSection[] }) {
  await ctx.db.transaction(async (tx) => {
    const current = await currentGuideline(tx, project.id);
    if (input.baseVersionId !== current.id) throw staleDraftError(await labelOfVersion(tx, input.baseVersionId), current);
    await tx
      .insert(guidelineDrafts)
      .values({ projectId: project.id, authorId, baseVersionId: input.baseVersionId, sections: input.sections, updatedAt: ctx.now() })
      .onConflictDoUpdate({ target: [guidelineDrafts.projectId, guidelineDrafts.authorId], set: { baseVersionId: input.baseVersionId, sections: input.sections, updatedAt: ctx.now() } });
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
    else if (isGold.has(s.itemId)) problems.push({ path: `sections.${i}.itemId`, message: `"${s.title}" points at a hidden gold item; annotators would learn its answer. Choose another item.` });
  });
  return problems;
}

export async function publish(ctx: AppContext, project: Project, authorId: string, req: PublishRequest) {
  return ctx.db.transaction(async (tx) => {
    // Holding the project row serialises publishes of one project (two authors, two servers).
    await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, project.id)).for('update');
    const current = await currentGuideline(tx, project.id);
    if (req.baseVersionId !== current.id) throw staleDraftError(await labelOfVersion(tx, req.baseVersionId), current);
    const [draft] = await tx.select().from(guidelineDrafts).where(and(eq(guidelineDrafts.projectId, project.id), eq(guidelineDrafts.authorId, authorId))).limit(1);
    if (!draft) throw new HttpError('bad_request', `You have no draft: version ${versionLabel(current.major, current.minor)} is unchanged, so there is nothing to publish.`);
    if (draft.baseVersionId !== current.id) throw staleDraftError(await labelOfVersion(tx, draft.baseVersionId), current);

    const problems = validatePublish({
      current,
      sections: draft.sections,
      kind: req.kind,
      affectedLabels: req.affectedLabels,
      changelog: req.changelog,
      labelIds: project.labelSchema.labels.map((l) => l.id),
    });
    problems.push(...(await exampleProblems(tx, project.id, draft.sections)));
    if (problems.length > 0) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
      throw new HttpError('validation_failed', `Not published: ${problems[0]?.message}${more}`, { problems });
    }

    const next = nextVersion(current, req.kind);
    const [row] = await tx
      .insert(guidelineVersions)
      .values({
        id: ctx.newId(),
        projectId: project.id,
        major: next.major,
        minor: next.minor,
        kind: req.kind,
        affectedLabels: req.kind === 'label_change' ? req.affectedLabels : [],
        changelog: req.changelog.trim(),
        sections: draft.sections,
        publishedBy: authorId,
        publishedAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await tx.delete(guidelineDrafts).where(and(eq(guidelineDrafts.projectId, project.id), eq(guidelineDrafts.authorId, authorId)));
    const reannotation = req.kind === 'label_change' ? await applyMajorUpdate(ctx, tx, project, row, req.affectedLabels) : { annotations: 0, goldDeactivated: 0 };
    await audit(tx, {
      actorId: authorId,
      action: 'guideline_published',
      projectId: project.id,
      details: { versionId: row.id, version: versionLabel(row.major, row.minor), kind: row.kind, affectedLabels: row.affectedLabels, ...reannotation },
      at: ctx.now(),
    });
    return { version: guidelineToWire(row), reannotation };
  });
}
