import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { Id, ProjectDetail, ProjectList, type Role } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { memberships, projects } from '../db/schema.ts';
import type { ZApp } from '../http/types.ts';
import { currentGuideline, guidelineToWire } from '../services/guidelines.ts';

export const ProjectParams = z.strictObject({ projectId: Id });
const ALL_ROLES: Role[] = ['annotator', 'lead', 'author'];

export function projectRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects', { schema: { response: { 200: ProjectList } } }, async (req) => {
    const user = requireUser(req);
    const mine = await ctx.db.select().from(memberships).where(eq(memberships.userId, user.id));
    const ids = [...new Set(mine.map((m) => m.projectId))];
    if (ids.length === 0) return { projects: [] };
    const rows = await ctx.db.select().from(projects).where(inArray(projects.id, ids)).orderBy(projects.name);
    return {
      projects: rows.map((p) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        roles: mine.filter((m) => m.projectId === p.id).map((m) => m.role),
      })),
    };
  });

  app.get('/api/projects/:projectId', { schema: { params: ProjectParams, response: { 200: ProjectDetail } } }, async (req) => {
    const user = requireUser(req);
    const { project, roles } = await requireProjectRole(ctx, user, req.params.projectId, ALL_ROLES);
    const guideline = await currentGuideline(ctx.db, project.id);
    return { id: project.id, name: project.name, kind: project.kind, roles, labelSchema: project.labelSchema, guideline: guidelineToWire(guideline) };
  });
}
