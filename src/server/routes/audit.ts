import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { auditLog } from '../db/schema.ts';
import type { ZApp } from '../http/types.ts';
import { ProjectParams } from './projects.ts';

const AuditEntry = z.object({ id: z.number(), at: z.string(), actorId: z.string().nullable(), action: z.string(), details: z.record(z.string(), z.unknown()) });

export function auditRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/projects/:projectId/audit',
    {
      schema: {
        params: ProjectParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ entries: z.array(AuditEntry) }) },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
      const rows = await ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.projectId, project.id)))
        .orderBy(desc(auditLog.at))
        .limit(req.query.limit);
      return { entries: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actorId: r.actorId, action: r.action, details: r.details })) };
    },
  );
}
