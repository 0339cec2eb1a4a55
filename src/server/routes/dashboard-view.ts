import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { DashboardQuery, DashboardView, GoldPolicyActionRequest, GoldPolicyActionResult, GoldPolicyPatch, GoldPolicySettings } from '../../domain/api/index.ts';
import { accuracySeries, buildDashboardFromAggregates, WHOLE_ITEM } from '../../domain/dashboard/aggregates.ts';
import { exposureAlerts } from '../../domain/dashboard/exposure.ts';
import { pickSeriesAnnotators, versionBreakdown, windowsFromRollups } from '../../domain/dashboard/rollups.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import {
  goldAggregates,
  goldAnswers,
  goldConfusions,
  goldDaily,
  goldTotals,
  guidelineVersions,
  itemRepeats,
  items,
  memberships,
  projects,
  users,
  workAggregates,
} from '../db/schema.ts';
import { selfConsistencyFigure } from '../../domain/dashboard/self-consistency.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { applyPolicyAction, holdsOf } from '../gold/gold-policy.ts';
import { scoringRunner } from '../gold/gold-scoring.ts';
import { ProjectParams } from './projects.ts';

// Monitoring for leads: gold submissions are scored after each sync commit into
// incremental aggregates and roll-ups, and GET /dashboard reads those — never the annotations —
// so it stays fast at millions of labels (test/bench/gold-scoring.bench.ts measures it). Also the per-project gold policy and its actions.
// Every route is lead-only: annotators never see gold status or anyone's figures.
const DAY_MS = 86_400_000;
const BUCKETS = { hour: 3_600_000, day: DAY_MS, week: 7 * DAY_MS } as const;
const MIN_N = 3;
/** Drift compares the last 7 days (from the start of that UTC day) against everything before. */
const RECENT_MS = 7 * 86_400_000;

type Project = typeof projects.$inferSelect;
const settingsOf = (p: Project): GoldPolicySettings => ({ iouThreshold: p.goldIouThreshold, accuracyThreshold: p.goldAccuracyThreshold, policy: p.goldPolicy });

/**
 * Whole-item chart buckets of the chosen annotators: from the daily roll-up for day and week
 * steps, from the hourly aggregates for hours (both keyed by project, annotator, label first).
 */
async function seriesOf(ctx: AppContext, projectId: string, userIds: string[], bucketMs: number) {
  if (userIds.length === 0) return [];
  const hourly = bucketMs < DAY_MS;
  const table = hourly ? goldAggregates : goldDaily;
  const at = hourly ? goldAggregates.bucket : goldDaily.day;
  const t = sql<number>`floor(extract(epoch from ${at}) * 1000 / ${bucketMs}) * ${bucketMs}`;
  const rows = await ctx.db
    .select({ userId: table.userId, t, n: sql<number>`sum(${table.n})`, sum: sql<number>`sum(${table.sum})` })
    .from(table)
    .where(and(eq(table.projectId, projectId), inArray(table.userId, userIds), eq(table.label, WHOLE_ITEM)))
    .groupBy(sql`1`, sql`2`) // by position: the bucket expression carries parameters
    .having(sql`sum(${table.n}) > 0`);
  return rows.map((r) => ({ userId: r.userId, t: Number(r.t), n: Number(r.n), sum: Number(r.sum) }));
}

export function dashboardViewRoutes(app: ZApp, ctx: AppContext): void {
  // Scoring runs a few seconds after sync commits (gold-scoring.ts says why; the sync pipeline
  // schedules it), at start for what a crash left queued, and at shutdown for what is still waiting.
  const scoring = scoringRunner(ctx);
  app.addHook('onReady', async () => scoring.schedule());
  app.addHook('onClose', async () => scoring.flush());

  // The response is built here by typed code from the aggregates (the type provider checks the
  // handler's return type against DashboardView at compile time) and the client parses it with the
  // same schema, so the per-request zod re-encode — 60–80 ms of 1,000 annotators' 1.7 MB — is skipped.
  app.get(
    '/api/projects/:projectId/dashboard',
    {
      schema: { params: ProjectParams, querystring: DashboardQuery, response: { 200: DashboardView } },
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (req) => {
      const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
      const annotators = await ctx.db
        .select({ id: users.id, name: users.displayName })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.projectId, project.id), eq(memberships.role, 'annotator')))
        .orderBy(users.displayName);
      // Reads only roll-ups the sync hook keeps (gold-scoring.ts): all-time totals (a few rows per
      // annotator), the daily rows of the drift window, and — after choosing whose lines to draw —
      // the chart buckets of those few annotators. Nothing scales with the project's history.
      const bucketMs = BUCKETS[req.query.bucket];
      const recentDay = Math.floor((ctx.now().getTime() - RECENT_MS) / DAY_MS) * DAY_MS;
      const n = sql<number>`sum(${goldDaily.n})`;
      const total = sql<number>`sum(${goldDaily.sum})`;
      const [totals, recent, confusion, work, held, versions, goldServed, calibration, repeats] = await Promise.all([
        ctx.db
          .select({ userId: goldTotals.userId, label: goldTotals.label, versionId: goldTotals.guidelineVersionId, n: goldTotals.n, sum: goldTotals.sum })
          .from(goldTotals)
          .where(eq(goldTotals.projectId, project.id)),
        ctx.db
          .select({ userId: goldDaily.userId, label: goldDaily.label, n, sum: total })
          .from(goldDaily)
          .where(and(eq(goldDaily.projectId, project.id), gte(goldDaily.day, new Date(recentDay))))
          .groupBy(goldDaily.userId, goldDaily.label),
        ctx.db
          .select({ truth: goldConfusions.truth, answer: goldConfusions.answer, count: goldConfusions.count })
          .from(goldConfusions)
          .where(eq(goldConfusions.projectId, project.id)),
        ctx.db
          .select({ annotatorId: workAggregates.userId, items: workAggregates.items, totalMs: workAggregates.totalMs })
          .from(workAggregates)
          .where(eq(workAggregates.projectId, project.id)),
        holdsOf(ctx.db, project.id),
        ctx.db
          .select({
            id: guidelineVersions.id,
            major: guidelineVersions.major,
            minor: guidelineVersions.minor,
            labelSetChanged: sql<boolean>`jsonb_array_length(${guidelineVersions.schemaChanges}) > 0`,
          })
          .from(guidelineVersions)
          .where(eq(guidelineVersions.projectId, project.id))
          .orderBy(guidelineVersions.major, guidelineVersions.minor),
        ctx.db
          .select({ served: items.servedCount })
          .from(goldAnswers)
          .innerJoin(items, eq(items.id, goldAnswers.itemId))
          .where(and(eq(goldAnswers.projectId, project.id), eq(goldAnswers.active, true))),
        ctx.db
          .select({ one: sql`1` })
          .from(items)
          .where(and(eq(items.projectId, project.id), eq(items.calibration, true)))
          .limit(1),
        // Hidden repeats: one aggregate row per annotator (item_repeats_project_user_idx), scored answers only.
        ctx.db
          .select({
            userId: itemRepeats.userId,
            n: sql<number>`count(${itemRepeats.score})::int`,
            sum: sql<number>`coalesce(sum(${itemRepeats.score}), 0)::float8`,
          })
          .from(itemRepeats)
          .where(eq(itemRepeats.projectId, project.id))
          .groupBy(itemRepeats.userId),
      ]);
      // How widely live work recurs by design: overlapped items go to \`overlap\` annotators, the
      // calibration set to everyone.
      const liveReach = calibration.length > 0 ? Math.max(project.overlap, annotators.length) : project.overlap;
      const exposure = exposureAlerts({ gold: goldServed.map((g) => g.served), liveReach, cap: project.goldExposureCap });
      const member = new Set(annotators.map((a) => a.id));
      const mine = totals.filter((r) => member.has(r.userId)).map((r) => ({ ...r, n: Number(r.n), sum: Number(r.sum) }));
      const view = buildDashboardFromAggregates({
        projectId: project.id,
        threshold: project.goldAccuracyThreshold,
        bucketMs,
        minN: MIN_N,
        policy: project.goldPolicy,
        annotators,
        labels: project.labelSchema.labels.map((l) => ({ id: l.id, name: l.name })),
        series: [],
        windows: windowsFromRollups(
          mine,
          recent.filter((r) => member.has(r.userId)).map((r) => ({ userId: r.userId, label: r.label, n: Number(r.n), sum: Number(r.sum) })),
        ),
        confusion,
        work: work.filter((w) => member.has(w.annotatorId)),
        held,
        versions: versionBreakdown(
          mine,
          // A version that changed the label set is marked where its column starts: figures on either
          // side compare answers through the mapping, but a lead should see where the classes changed.
          versions.map((v) => ({ id: v.id, name: `v${v.major}.${v.minor}${v.labelSetChanged ? ' · label set changed' : ''}` })),
        ),
      });
      const shown = pickSeriesAnnotators(view, member, req.query.annotators?.split(',').filter(Boolean));
      const series = await seriesOf(ctx, project.id, shown, bucketMs);
      const withSeries = new Set(mine.filter((r) => r.label === WHOLE_ITEM && r.n > 0).map((r) => r.userId));
      const selfConsistency = repeats
        .filter((r) => member.has(r.userId) && Number(r.n) > 0)
        .map((r) => ({ annotatorId: r.userId, ...selfConsistencyFigure(Number(r.n), Number(r.sum)) }));
      return { ...view, alerts: [...exposure, ...view.alerts], accuracy: accuracySeries(series), seriesTotal: withSeries.size, selfConsistency };
    },
  );

  app.get('/api/projects/:projectId/gold-policy', { schema: { params: ProjectParams, response: { 200: GoldPolicySettings } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
    return settingsOf(project);
  });

  app.put(
    '/api/projects/:projectId/gold-policy',
    { schema: { params: ProjectParams, body: GoldPolicyPatch, response: { 200: GoldPolicySettings } } },
    async (req) => {
      const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
      const b = req.body;
      const [row] = await ctx.db
        .update(projects)
        .set({
          goldIouThreshold: b.iouThreshold ?? project.goldIouThreshold,
          goldAccuracyThreshold: b.accuracyThreshold ?? project.goldAccuracyThreshold,
          goldPolicy: b.policy ?? project.goldPolicy,
        })
        .where(eq(projects.id, project.id))
        .returning();
      return settingsOf(row ?? project);
    },
  );

  app.post(
    '/api/projects/:projectId/gold-policy/actions',
    { schema: { params: ProjectParams, body: GoldPolicyActionRequest, response: { 200: GoldPolicyActionResult } } },
    async (req) => {
      const lead = requireUser(req);
      const { project } = await requireProjectRole(ctx, lead, req.params.projectId, ['lead']);
      const [m] = await ctx.db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.projectId, project.id), eq(memberships.userId, req.body.userId), eq(memberships.role, 'annotator')))
        .limit(1);
      if (!m) throw new HttpError('not_found', 'That person is not an annotator in this project.');
      return applyPolicyAction(ctx, {
        projectId: project.id,
        userId: req.body.userId,
        leadId: lead.id,
        action: req.body.action,
        threshold: project.goldAccuracyThreshold,
      });
    },
  );
}
