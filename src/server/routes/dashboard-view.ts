import { and, eq, sql } from 'drizzle-orm';
import { DashboardQuery, DashboardView, GoldPolicyActionRequest, GoldPolicyActionResult, GoldPolicyPatch, GoldPolicySettings } from '../../domain/api/index.ts';
import { buildDashboardFromAggregates, WHOLE_ITEM } from '../../domain/dashboard/aggregates.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { goldAggregates, goldConfusions, memberships, projects, users, workAggregates } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { applyPolicyAction, holdsOf } from '../services/gold-policy.ts';
import { goldScoringAfterSubmit } from '../services/gold-scoring.ts';
import { ProjectParams } from './projects.ts';

// Monitoring for leads: gold submissions are scored at sync time (hook registered here) into
// incremental aggregates, and GET /dashboard sums those aggregate rows — never the annotations —
// so it stays fast at millions of labels. Also the per-project gold policy and its actions.
// Every route is lead-only: annotators never see gold status or anyone's figures.
const BUCKETS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;
const MIN_N = 3;
/** Drift compares the last 7 days against everything before. */
const RECENT_MS = 7 * 86_400_000;

type Project = typeof projects.$inferSelect;
const settingsOf = (p: Project): GoldPolicySettings => ({ iouThreshold: p.goldIouThreshold, accuracyThreshold: p.goldAccuracyThreshold, policy: p.goldPolicy });

export function dashboardViewRoutes(app: ZApp, ctx: AppContext): void {
  ctx.hooks.afterSubmit.push(goldScoringAfterSubmit(ctx));

  app.get('/api/projects/:projectId/dashboard', { schema: { params: ProjectParams, querystring: DashboardQuery, response: { 200: DashboardView } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
    const annotators = await ctx.db
      .select({ id: users.id, name: users.displayName })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.projectId, project.id), eq(memberships.role, 'annotator')))
      .orderBy(users.displayName);
    const ids = annotators.map((a) => a.id);
    // The database sums the aggregate rows (already per hour): one pass for the chart buckets of
    // whole-item scores, one for per-label totals split at the drift window. Nothing else is read.
    const bucketMs = BUCKETS[req.query.bucket];
    const recentFrom = new Date(ctx.now().getTime() - RECENT_MS);
    const t = sql<number>`floor(extract(epoch from ${goldAggregates.bucket}) * 1000 / ${bucketMs}) * ${bucketMs}`;
    const recent = sql<boolean>`${goldAggregates.bucket} >= ${recentFrom.toISOString()}::timestamptz`;
    const n = sql<number>`sum(${goldAggregates.n})`;
    const total = sql<number>`sum(${goldAggregates.sum})`;
    const [series, windows, confusion, work, held] = await Promise.all([
      ctx.db
        .select({ userId: goldAggregates.userId, t, n, sum: total })
        .from(goldAggregates)
        .where(and(eq(goldAggregates.projectId, project.id), eq(goldAggregates.label, WHOLE_ITEM)))
        .groupBy(sql`1`, sql`2`) // by position: the bucket expression carries parameters
        .having(sql`sum(${goldAggregates.n}) > 0`),
      ctx.db
        .select({ userId: goldAggregates.userId, label: goldAggregates.label, recent, n, sum: total })
        .from(goldAggregates)
        .where(eq(goldAggregates.projectId, project.id))
        .groupBy(sql`1`, sql`2`, sql`3`)
        .having(sql`sum(${goldAggregates.n}) > 0`),
      ctx.db.select({ truth: goldConfusions.truth, answer: goldConfusions.answer, count: goldConfusions.count }).from(goldConfusions).where(eq(goldConfusions.projectId, project.id)),
      ctx.db.select({ annotatorId: workAggregates.userId, items: workAggregates.items, totalMs: workAggregates.totalMs }).from(workAggregates).where(eq(workAggregates.projectId, project.id)),
      holdsOf(ctx.db, project.id),
    ]);
    const member = new Set(ids);
    return buildDashboardFromAggregates({
      projectId: project.id,
      threshold: project.goldAccuracyThreshold,
      bucketMs,
      minN: MIN_N,
      policy: project.goldPolicy,
      annotators,
      labels: project.labelSchema.labels.map((l) => ({ id: l.id, name: l.name })),
      series: series.filter((r) => member.has(r.userId)).map((r) => ({ userId: r.userId, t: Number(r.t), n: Number(r.n), sum: Number(r.sum) })),
      windows: windows.filter((r) => member.has(r.userId)).map((r) => ({ userId: r.userId, label: r.label, recent: r.recent === true || String(r.recent) === 't', n: Number(r.n), sum: Number(r.sum) })),
      confusion,
      work: work.filter((w) => member.has(w.annotatorId)),
      held,
    });
  });

  app.get('/api/projects/:projectId/gold-policy', { schema: { params: ProjectParams, response: { 200: GoldPolicySettings } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
    return settingsOf(project);
  });

  app.put('/api/projects/:projectId/gold-policy', { schema: { params: ProjectParams, body: GoldPolicyPatch, response: { 200: GoldPolicySettings } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
    const b = req.body;
    const [row] = await ctx.db
      .update(projects)
      .set({ goldIouThreshold: b.iouThreshold ?? project.goldIouThreshold, goldAccuracyThreshold: b.accuracyThreshold ?? project.goldAccuracyThreshold, goldPolicy: b.policy ?? project.goldPolicy })
      .where(eq(projects.id, project.id))
      .returning();
    return settingsOf(row ?? project);
  });

  app.post('/api/projects/:projectId/gold-policy/actions', { schema: { params: ProjectParams, body: GoldPolicyActionRequest, response: { 200: GoldPolicyActionResult } } }, async (req) => {
    const lead = requireUser(req);
    const { project } = await requireProjectRole(ctx, lead, req.params.projectId, ['lead']);
    const [m] = await ctx.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.projectId, project.id), eq(memberships.userId, req.body.userId), eq(memberships.role, 'annotator')))
      .limit(1);
    if (!m) throw new HttpError('not_found', 'That person is not an annotator in this project.');
    return applyPolicyAction(ctx, { projectId: project.id, userId: req.body.userId, leadId: lead.id, action: req.body.action, threshold: project.goldAccuracyThreshold });
  });
}
