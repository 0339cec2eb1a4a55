// Escalations (issue 7): the lead's queue and decisions, and the annotator's own outcomes.
// Creating one goes through /api/sync ('escalation.create'), so it works offline.
import { z } from 'zod';
import { DecideEscalation, Escalation, EscalationList, EscalationQuery, Id } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';
import { decideEscalation, listEscalations, myEscalations } from '../services/escalations.ts';
import { ProjectParams } from './projects.ts';

const EscalationParams = z.strictObject({ projectId: Id, escalationId: Id });

export function escalationRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects/:projectId/escalations', { schema: { params: ProjectParams, querystring: EscalationQuery, response: { 200: EscalationList } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
    return { escalations: await listEscalations(ctx.db, project.id, req.query) };
  });

  app.get('/api/projects/:projectId/my-escalations', { schema: { params: ProjectParams, response: { 200: EscalationList } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['annotator']);
    return { escalations: await myEscalations(ctx.db, project.id, user.id) };
  });

  app.post('/api/projects/:projectId/escalations/:escalationId/decision', { schema: { params: EscalationParams, body: DecideEscalation, response: { 200: Escalation } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
    return decideEscalation(ctx, project, req.params.escalationId, user.id, req.body);
  });
}
