// Archiving: a finished project stays readable (exports, dashboards, the audit trail) but takes no
// more writes, and annotators no longer see it in their lists. Unarchiving undoes both.
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ProjectDetail } from '../../domain/api/index.ts';
import { requireProjectAdmin, rolesIn, tokenReaches, type SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from '../admin/audit.ts';
import { projectDetail } from './describe.ts';

export const ARCHIVED_MESSAGE = 'This project is archived, so it is read-only. A lead or an administrator can unarchive it.';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function setArchived(ctx: AppContext, user: SessionUser, projectId: string, archived: boolean): Promise<ProjectDetail> {
  const { project, roles } = await requireProjectAdmin(ctx, user, projectId);
  if ((project.archivedAt !== null) !== archived) {
    await ctx.db
      .update(projects)
      .set({ archivedAt: archived ? ctx.now() : null })
      .where(eq(projects.id, projectId));
    await audit(ctx.db, {
      actorId: user.id,
      action: archived ? 'project_archived' : 'project_unarchived',
      projectId,
      details: { name: project.name },
      at: ctx.now(),
    });
  }
  return projectDetail(ctx, projectId, roles);
}

/**
 * Every write under /api/projects/{projectId} to an archived project answers 409, and so does the
 * annotator's queue (fetching it hands out leases). Callers who cannot see the project are left
 * to the route's own check, so they get its 404 and learn nothing from this one.
 */
export function installArchivedGuard(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('preHandler', async (req: FastifyRequest) => {
    const projectId = (req.params as { projectId?: unknown } | undefined)?.projectId;
    const user = req.user;
    if (typeof projectId !== 'string' || !user) return;
    const route = req.routeOptions.url ?? '';
    const writes = UNSAFE.has(req.method) || route.endsWith('/queue');
    if (!writes || route.endsWith('/unarchive')) return;
    const [row] = await ctx.db.select({ archivedAt: projects.archivedAt }).from(projects).where(eq(projects.id, projectId));
    if (!row?.archivedAt || !tokenReaches(user, projectId)) return;
    if (!user.isAdmin && (await rolesIn(ctx.db, user.id, projectId)).length === 0) return;
    throw new HttpError('conflict', ARCHIVED_MESSAGE);
  });
}
