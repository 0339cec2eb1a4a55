import { QueueQuery, QueueResponse } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';
import { serveQueue } from '../queue/queue.ts';
import { ProjectParams } from './projects.ts';

export function queueRoutes(app: ZApp, ctx: AppContext): void {
  // A POST: fetching leases items to the caller, so it changes state (a GET must not — an <img> or a
  // prefetch would lease items to whoever opened the page).
  app.post('/api/projects/:projectId/queue', { schema: { params: ProjectParams, querystring: QueueQuery, response: { 200: QueueResponse } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['annotator']);
    return serveQueue(ctx, user.id, project, req.query.limit);
  });
}
