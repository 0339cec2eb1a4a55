// Adjudication tasks: ties in the majority vote of overlapped items, for leads only.
import { z } from 'zod';
import { AdjudicationList, Id, ResolveAdjudication } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';
import { adjudicationTasks, resolveAdjudication } from '../agreement/consensus.ts';
import { ProjectParams } from './projects.ts';

const ItemParams = z.strictObject({ projectId: Id, itemId: Id });

export function adjudicationRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects/:projectId/adjudications', { schema: { params: ProjectParams, response: { 200: AdjudicationList } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
    return { tasks: await adjudicationTasks(ctx.db, project) };
  });

  app.put('/api/projects/:projectId/adjudications/:itemId', { schema: { params: ItemParams, body: ResolveAdjudication } }, async (req, reply) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
    await resolveAdjudication(ctx.db, project.id, req.params.itemId, req.body.payload, user.id);
    return reply.code(204).send();
  });
}
