import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  SchemaImpact,
  SchemaImpactRequest,
  GuidelineDiffResponse,
  GuidelineDraft,
  GuidelineVersion,
  Id,
  ImpactPreview,
  ImpactQuery,
  PublishRequest,
  PublishResponse,
  SaveDraftRequest,
  VersionList,
  type Role,
} from '../../domain/api/index.ts';
import { diffVersions } from '../../domain/guidelines/diff.ts';
import { nextVersion } from '../../domain/guidelines/versioning.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { guidelineVersions } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { discardDraft, publish, readDraft, saveDraft } from '../guidelines/guideline-publish.ts';
import { currentGuideline, guidelineToWire } from '../guidelines/guidelines.ts';
import { reannotationImpact } from '../guidelines/reannotation.ts';
import { resumeRequeues } from '../guidelines/requeue.ts';
import { schemaImpact } from '../guidelines/schema-impact.ts';
import { ProjectParams } from './projects.ts';

const MEMBERS: Role[] = ['annotator', 'lead', 'author'];
const VersionParams = ProjectParams.extend({ versionId: Id });
const DiffQuery = z.strictObject({ from: Id, to: Id });
const summary = (row: typeof guidelineVersions.$inferSelect) => {
  const { sections: _sections, ...rest } = guidelineToWire(row);
  return rest;
};

/** History, diff, the author's draft, publishing and its impact. Only authors write. */
export function guidelineRoutes(app: ZApp, ctx: AppContext): void {
  // Re-queueing a crash or stop left half done is finished on start.
  app.addHook('onReady', async () => void resumeRequeues(ctx).catch((e: unknown) => app.log.error(e, 'resuming re-annotation')));

  const version = async (projectId: string, versionId: string) => {
    const [row] = await ctx.db
      .select()
      .from(guidelineVersions)
      .where(and(eq(guidelineVersions.projectId, projectId), eq(guidelineVersions.id, versionId)))
      .limit(1);
    if (!row) throw new HttpError('not_found', 'That guideline version was not found in this project.');
    return row;
  };

  app.get('/api/projects/:projectId/guideline/versions', { schema: { params: ProjectParams, response: { 200: VersionList } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, MEMBERS);
    const rows = await ctx.db
      .select()
      .from(guidelineVersions)
      .where(eq(guidelineVersions.projectId, project.id))
      .orderBy(asc(guidelineVersions.major), asc(guidelineVersions.minor));
    return { versions: rows.map(summary) };
  });

  app.get('/api/projects/:projectId/guideline/versions/:versionId', { schema: { params: VersionParams, response: { 200: GuidelineVersion } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, MEMBERS);
    return guidelineToWire(await version(project.id, req.params.versionId));
  });

  app.get(
    '/api/projects/:projectId/guideline/diff',
    { schema: { params: ProjectParams, querystring: DiffQuery, response: { 200: GuidelineDiffResponse } } },
    async (req) => {
      const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, MEMBERS);
      const from = await version(project.id, req.query.from);
      const to = await version(project.id, req.query.to);
      return { from: summary(from), to: summary(to), ...diffVersions(from.sections, to.sections) };
    },
  );

  app.get('/api/projects/:projectId/guideline/draft', { schema: { params: ProjectParams, response: { 200: GuidelineDraft } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['author']);
    return readDraft(ctx.db, project.id, user.id);
  });

  app.put(
    '/api/projects/:projectId/guideline/draft',
    {
      schema: { params: ProjectParams, body: SaveDraftRequest, response: { 200: GuidelineDraft } },
      bodyLimit: 4 * 1024 * 1024,
      config: { projectRoles: ['author'] },
    },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['author']);
      return saveDraft(ctx, project, user.id, req.body);
    },
  );

  app.delete('/api/projects/:projectId/guideline/draft', { schema: { params: ProjectParams, response: { 200: GuidelineDraft } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['author']);
    await discardDraft(ctx, project.id, user.id);
    return readDraft(ctx.db, project.id, user.id);
  });

  app.post(
    '/api/projects/:projectId/guideline/publish',
    { schema: { params: ProjectParams, body: PublishRequest, response: { 200: PublishResponse } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['author']);
      return publish(ctx, project, user.id, req.body);
    },
  );

  // What a label-schema change list would touch (counts only, never which items are gold), before
  // anything is written; a change list the rules refuse is answered with its plain message.
  app.post(
    '/api/projects/:projectId/guideline/schema-impact',
    { schema: { params: ProjectParams, body: SchemaImpactRequest, response: { 200: SchemaImpact } } },
    async (req) => {
      const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['author', 'lead']);
      return schemaImpact(ctx.db, project.id, project.labelSchema, req.body.changes);
    },
  );

  // Counts only (never which items are gold): for authors deciding, and leads watching.
  app.get(
    '/api/projects/:projectId/guideline/impact',
    { schema: { params: ProjectParams, querystring: ImpactQuery, response: { 200: ImpactPreview } } },
    async (req) => {
      const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['author', 'lead']);
      const labels = [...new Set(req.query.labels)];
      const known = new Set(project.labelSchema.labels.map((l) => l.id));
      const unknown = labels.filter((l) => !known.has(l));
      if (labels.length === 0) throw new HttpError('bad_request', 'Name at least one label (labels=a,b) to see what a label-changing update would send back.');
      if (unknown.length > 0) throw new HttpError('bad_request', `Unknown label${unknown.length > 1 ? 's' : ''} ${unknown.map((l) => `"${l}"`).join(', ')}.`);
      const next = nextVersion(await currentGuideline(ctx.db, project.id), 'label_change');
      const { counts } = await reannotationImpact(ctx.db, project.id, next, labels);
      return { labels, ...counts };
    },
  );
}
