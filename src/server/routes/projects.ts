import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { Id, ProjectDetail, ProjectList, type ProjectSummary, type Role } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser, tokenReaches } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { memberships, projects } from '../db/schema.ts';
import type { ZApp } from '../http/types.ts';
import { projectDetail } from '../projects/describe.ts';

export const ProjectParams = z.strictObject({ projectId: Id });
const ALL_ROLES: Role[] = ['annotator', 'lead', 'author'];

export function projectRoutes(app: ZApp, ctx: AppContext): void {
  // The caller's projects. An archived project is listed (flagged) for its leads and authors, not
  // for those who only annotate; administrators see every project, with their own roles if any.
  app.get('/api/projects', { schema: { response: { 200: ProjectList } } }, async (req) => {
    const user = requireUser(req);
    const mine = await ctx.db.select().from(memberships).where(eq(memberships.userId, user.id));
    const rolesOf = (projectId: string) => mine.filter((m) => m.projectId === projectId).map((m) => m.role);
    const rows = await ctx.db.select().from(projects).orderBy(projects.name);
    const list: ProjectSummary[] = [];
    for (const p of rows) {
      const roles = rolesOf(p.id);
      if (!tokenReaches(user, p.id) || (roles.length === 0 && !user.isAdmin)) continue;
      const archived = p.archivedAt !== null;
      if (archived && !user.isAdmin && !roles.some((r) => r !== 'annotator')) continue;
      list.push({ id: p.id, name: p.name, kind: p.kind, roles, archived });
    }
    return { projects: list };
  });

  app.get('/api/projects/:projectId', { schema: { params: ProjectParams, response: { 200: ProjectDetail } } }, async (req) => {
    const user = requireUser(req);
    const { project, roles } = await requireProjectRole(ctx, user, req.params.projectId, ALL_ROLES);
    return projectDetail(ctx, project.id, roles);
  });
}
