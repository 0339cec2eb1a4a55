import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { DashboardQuery, DashboardView, versionLabel } from '../../domain/api/index.ts';
import { buildDashboard } from '../../domain/dashboard/view.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { annotations, goldAnswers, guidelineVersions, memberships, users } from '../db/schema.ts';
import type { ZApp } from '../http/types.ts';
import { ProjectParams } from './projects.ts';

// The lead's dashboard in one read (GET /api/projects/:id/dashboard), separate from the monitoring
// endpoints of the gold-scoring work. It scores current answers on active gold at read time: right
// for demo- and team-sized projects, NOT the incremental aggregates the 5-million-label target
// needs — when stored gold scores land, this should read them instead of re-scoring.
const BUCKETS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;
const DEFAULT_THRESHOLD = 0.8;
const DEFAULT_IOU = 0.5;
const MIN_N = 3;

export function dashboardViewRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects/:projectId/dashboard', { schema: { params: ProjectParams, querystring: DashboardQuery, response: { 200: DashboardView } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
    const annotators = await ctx.db
      .select({ id: users.id, name: users.displayName })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.projectId, project.id), eq(memberships.role, 'annotator')))
      .orderBy(users.displayName);
    const ids = annotators.map((a) => a.id);
    const gold =
      ids.length === 0
        ? []
        : await ctx.db
            .selectDistinctOn([annotations.itemId, annotations.userId], {
              annotatorId: annotations.userId,
              answer: annotations.payload,
              at: annotations.submittedAt,
              truth: goldAnswers.answer,
              major: guidelineVersions.major,
              minor: guidelineVersions.minor,
            })
            .from(annotations)
            .innerJoin(goldAnswers, and(eq(goldAnswers.itemId, annotations.itemId), eq(goldAnswers.active, true)))
            .innerJoin(guidelineVersions, eq(guidelineVersions.id, annotations.guidelineVersionId))
            .where(and(eq(annotations.projectId, project.id), inArray(annotations.userId, ids)))
            .orderBy(annotations.itemId, annotations.userId, desc(annotations.revision));
    const work =
      ids.length === 0
        ? []
        : await ctx.db
            .select({ annotatorId: annotations.userId, items: sql<number>`count(*)`, totalMs: sql<number>`coalesce(sum(${annotations.durationMs}), 0)` })
            .from(annotations)
            .where(and(eq(annotations.projectId, project.id), inArray(annotations.userId, ids)))
            .groupBy(annotations.userId);
    return buildDashboard({
      projectId: project.id,
      threshold: DEFAULT_THRESHOLD,
      iouThreshold: DEFAULT_IOU,
      bucketMs: BUCKETS[req.query.bucket],
      minN: MIN_N,
      annotators,
      labels: project.labelSchema.labels.map((l) => ({ id: l.id, name: l.name })),
      gold: gold.map((g) => ({ annotatorId: g.annotatorId, truth: g.truth, answer: g.answer, at: g.at.getTime(), guidelineVersion: versionLabel(g.major, g.minor) })),
      work: work.map((w) => ({ annotatorId: w.annotatorId, items: Number(w.items), totalMs: Number(w.totalMs) })),
    });
  });
}
