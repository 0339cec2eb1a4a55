// The review stage: its setting, the reviewer's list and decisions. Leads review;
// annotators get 403 here (which of their labels were sampled is not theirs to steer).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { DecideReview, Id, ReviewFromItems, ReviewFromItemsResult, ReviewList, ReviewQuery, ReviewSettings, ReviewTask } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { projects } from '../db/schema.ts';
import type { ZApp } from '../http/types.ts';
import { audit } from '../admin/audit.ts';
import { currentRevisionIds } from '../data/item-list.ts';
import { decideReview, listReviews, queueRevisionsForReview } from '../review/reviews.ts';
import { ProjectParams } from './projects.ts';

const ReviewParams = z.strictObject({ projectId: Id, reviewId: Id });

export function reviewRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects/:projectId/review-settings', { schema: { params: ProjectParams, response: { 200: ReviewSettings } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
    return { reviewRate: project.reviewRate };
  });

  app.put(
    '/api/projects/:projectId/review-settings',
    { schema: { params: ProjectParams, body: ReviewSettings, response: { 200: ReviewSettings } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
      return ctx.db.transaction(async (tx) => {
        await tx.update(projects).set({ reviewRate: req.body.reviewRate }).where(eq(projects.id, project.id));
        await audit(tx, {
          actorId: user.id,
          action: 'review_settings_changed',
          projectId: project.id,
          details: { from: project.reviewRate, to: req.body.reviewRate },
          at: ctx.now(),
        });
        return { reviewRate: req.body.reviewRate };
      });
    },
  );

  app.get('/api/projects/:projectId/reviews', { schema: { params: ProjectParams, querystring: ReviewQuery, response: { 200: ReviewList } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
    return listReviews(ctx.db, project, req.query);
  });

  // What already exists can be reviewed too, not only labels sampled as they arrive: the lead
  // picks items in the data manager and every annotator's current label on them is queued.
  app.post(
    '/api/projects/:projectId/reviews/from-items',
    { schema: { params: ProjectParams, body: ReviewFromItems, response: { 200: ReviewFromItemsResult } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
      const chosen = [...new Set(req.body.itemIds)];
      return ctx.db.transaction(async (tx) => {
        const queued = await queueRevisionsForReview(ctx, project.id, await currentRevisionIds(tx, project.id, chosen), tx);
        const reached = new Set(queued.map((q) => q.itemId));
        await audit(tx, {
          actorId: user.id,
          action: 'review_from_items',
          projectId: project.id,
          details: { items: chosen.length, queued: queued.length },
          at: ctx.now(),
        });
        return { queued: queued.length, skipped: chosen.length - reached.size };
      });
    },
  );

  app.post(
    '/api/projects/:projectId/reviews/:reviewId/decision',
    { schema: { params: ReviewParams, body: DecideReview, response: { 200: ReviewTask } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
      return decideReview(ctx, project, req.params.reviewId, user, req.body);
    },
  );
}
