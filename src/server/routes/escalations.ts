// Escalations: the lead's queue (list, one with its item, decisions — single or bulk)
// and the annotator's own outcomes. Creating one goes through /api/sync ('escalation.create'),
// so it works offline. Leads only on the queue: an annotator gets 403, a lead of another
// project 404 (requireProjectRole), and an escalation id of another project 404.
import { z } from 'zod';
import {
  BulkDecideEscalations,
  BulkDecisionResult,
  DecideEscalation,
  EscalationDetail,
  EscalationList,
  EscalationQuery,
  Id,
  LeadEscalation,
  LeadEscalationList,
} from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';
import { decideEscalations } from '../escalations/escalation-decide.ts';
import { annotatorHandles } from '../queue/annotator-handles.ts';
import { escalationDetail, listForLead } from '../escalations/escalation-queue.ts';
import { myEscalations } from '../escalations/escalations.ts';
import { ProjectParams } from './projects.ts';

const EscalationParams = z.strictObject({ projectId: Id, escalationId: Id });

export function escalationRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/projects/:projectId/escalations',
    { schema: { params: ProjectParams, querystring: EscalationQuery, response: { 200: LeadEscalationList } } },
    async (req) => {
      const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
      return listForLead(ctx.db, project, req.query, ctx.now());
    },
  );

  app.get('/api/projects/:projectId/escalations/:escalationId', { schema: { params: EscalationParams, response: { 200: EscalationDetail } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
    return escalationDetail(ctx.db, project, req.params.escalationId, ctx.now());
  });

  app.get('/api/projects/:projectId/my-escalations', { schema: { params: ProjectParams, response: { 200: EscalationList } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['annotator']);
    // Named by this annotator's handles, as their queue named the items.
    const handles = annotatorHandles(ctx, project.id, user.id);
    return { escalations: (await myEscalations(ctx.db, project.id, user.id)).map((e) => ({ ...e, itemId: handles.item(e.itemId) })) };
  });

  app.post(
    '/api/projects/:projectId/escalations/:escalationId/decision',
    { schema: { params: EscalationParams, body: DecideEscalation, response: { 200: LeadEscalation } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
      const [decided] = await decideEscalations(ctx, project, [req.params.escalationId], user, req.body);
      return decided!;
    },
  );

  // All or nothing: see escalations/escalation-decide.ts.
  app.post(
    '/api/projects/:projectId/escalations/bulk-decision',
    { schema: { params: ProjectParams, body: BulkDecideEscalations, response: { 200: BulkDecisionResult } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
      return { escalations: await decideEscalations(ctx, project, req.body.escalationIds, user, req.body.decision, true) };
    },
  );
}
