import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AnnotationRevision, Id, versionLabel } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { annotations, guidelineVersions } from '../db/schema.ts';
import type { ZApp } from '../http/types.ts';
import { ProjectParams } from './projects.ts';

const AnnotationQuery = z.strictObject({
  itemId: Id.optional(),
  annotatorId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Leads and authors read stored revisions (newest first); annotators never read others' work. */
export function annotationRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/projects/:projectId/annotations',
    { schema: { params: ProjectParams, querystring: AnnotationQuery, response: { 200: z.object({ annotations: z.array(AnnotationRevision) }) } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead', 'author']);
      const where: SQL[] = [eq(annotations.projectId, project.id)];
      if (req.query.itemId) where.push(eq(annotations.itemId, req.query.itemId));
      if (req.query.annotatorId) where.push(eq(annotations.userId, req.query.annotatorId));
      const rows = await ctx.db
        .select({ a: annotations, major: guidelineVersions.major, minor: guidelineVersions.minor })
        .from(annotations)
        .innerJoin(guidelineVersions, eq(guidelineVersions.id, annotations.guidelineVersionId))
        .where(and(...where))
        .orderBy(desc(annotations.receivedAt), desc(annotations.revision))
        .limit(req.query.limit);
      return {
        annotations: rows.map(({ a, major, minor }) => ({
          id: a.id,
          itemId: a.itemId,
          projectId: a.projectId,
          annotatorId: a.userId,
          revision: a.revision,
          guidelineVersionId: a.guidelineVersionId,
          guidelineVersion: versionLabel(major, minor),
          payload: a.payload,
          durationMs: a.durationMs,
          startedAt: a.startedAt.toISOString(),
          submittedAt: a.submittedAt.toISOString(),
          receivedAt: a.receivedAt.toISOString(),
          mutationId: a.mutationId,
          reviewerId: a.reviewerId,
        })),
      };
    },
  );
}
