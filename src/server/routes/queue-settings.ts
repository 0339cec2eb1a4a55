// Lead-only queue settings: gold rate and gap, adaptive bounds, overlap and its share, the
// calibration set and the qualification quiz. Annotators get 403 there like on every lead route
// (the settings describe how gold is hidden); they may read their own qualification stage.
import { createHash } from 'node:crypto';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { OwnAccuracyView, QualificationView, QueueSettings, QueueSettingsPatch, QueueSettingsResponse } from '../../domain/api/index.ts';
import { FEEDBACK_RULES, ownAccuracy } from '../../domain/scoring/annotator-feedback.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { goldAnswers, goldScores, items, projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { projectDecoyPlan } from '../queue/decoys.ts';
import { qualificationOf } from '../queue/qualification.ts';
import { ProjectParams } from './projects.ts';

type Project = typeof projects.$inferSelect;

/** A score's share of the feedback's extra delay, from its id (which the annotator never sees): stable, and unpredictable to them. */
const jitterOf = (scoreId: string): number => createHash('sha256').update(scoreId).digest().readUInt32BE(0) / 2 ** 32;

async function view(db: DbOrTx, p: Project) {
  const calibrationItems = await db.$count(items, and(eq(items.projectId, p.id), eq(items.calibration, true)));
  const quizItems = await db.$count(items, and(eq(items.projectId, p.id), eq(items.quiz, true)));
  const decoys = await projectDecoyPlan(db, p);
  return {
    // Exactly the wire schema's settings, read off the project row (one list of them: the schema's).
    settings: Object.fromEntries(Object.keys(QueueSettings.shape).map((k) => [k, p[k as keyof Project]])) as QueueSettings,
    calibrationItems,
    quizItems,
    decoys,
  };
}

export function queueSettingsRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects/:projectId/qualification', { schema: { params: ProjectParams, response: { 200: QualificationView } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['annotator']);
    return qualificationOf(ctx.db, project, user.id);
  });

  app.get('/api/projects/:projectId/my-accuracy', { schema: { params: ProjectParams, response: { 200: OwnAccuracyView } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['annotator']);
    const rules = FEEDBACK_RULES;
    const base = { enabled: project.goldFeedback, block: rules.block, delayHours: rules.delayMs / 3_600_000 };
    if (!project.goldFeedback) return { ...base, accuracy: null, basedOn: 0 };
    const rows = await ctx.db
      .select({ id: goldScores.id, score: goldScores.score, scoredAt: goldScores.scoredAt })
      .from(goldScores)
      .where(
        and(
          eq(goldScores.projectId, project.id),
          eq(goldScores.userId, user.id),
          eq(goldScores.escalated, false),
          lte(goldScores.scoredAt, new Date(ctx.now().getTime() - rules.delayMs)),
          sql`coalesce((${goldScores.details} ->> 'superseded')::boolean, false) = false`,
        ),
      );
    return {
      ...base,
      ...ownAccuracy(
        rows.map((r) => ({ score: r.score, scoredAt: r.scoredAt.getTime(), jitter: jitterOf(r.id) })),
        ctx.now().getTime(),
        rules,
      ),
    };
  });

  app.get('/api/projects/:projectId/queue-settings', { schema: { params: ProjectParams, response: { 200: QueueSettingsResponse } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
    return view(ctx.db, project);
  });

  app.put(
    '/api/projects/:projectId/queue-settings',
    { schema: { params: ProjectParams, body: QueueSettingsPatch, response: { 200: QueueSettingsResponse } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
      const { calibrationAdd, calibrationRemove, quizAdd, quizRemove, ...patch } = req.body;
      const min = patch.goldRateMin ?? project.goldRateMin;
      const max = patch.goldRateMax ?? project.goldRateMax;
      if (min > max) throw new HttpError('validation_failed', 'The minimum gold rate must not exceed the maximum gold rate.');
      return ctx.db.transaction(async (tx) => {
        for (const [ids, value] of [
          [calibrationAdd, true],
          [calibrationRemove, false],
        ] as const) {
          if (!ids?.length) continue;
          const found = await tx
            .update(items)
            .set({ calibration: value })
            .where(and(eq(items.projectId, project.id), inArray(items.id, ids)))
            .returning({ id: items.id });
          if (found.length !== new Set(ids).size) throw new HttpError('not_found', 'Some of those items are not in this project.');
        }
        if (quizAdd?.length) {
          // A quiz item must have a gold answer to be scored against.
          const gold = await tx
            .select({ id: goldAnswers.itemId })
            .from(goldAnswers)
            .where(and(eq(goldAnswers.projectId, project.id), inArray(goldAnswers.itemId, quizAdd)));
          if (gold.length !== new Set(quizAdd).size) throw new HttpError('validation_failed', 'Quiz items must be gold items of this project.');
          await tx.update(items).set({ quiz: true }).where(inArray(items.id, quizAdd));
        }
        if (quizRemove?.length)
          await tx
            .update(items)
            .set({ quiz: false })
            .where(and(eq(items.projectId, project.id), inArray(items.id, quizRemove)));
        const [updated] = Object.keys(patch).length ? await tx.update(projects).set(patch).where(eq(projects.id, project.id)).returning() : [project];
        return view(tx, updated as Project);
      });
    },
  );
}
