// A project's members and their roles: its leads and administrators (auth/guard.ts requireProjectAdmin).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AddMemberRequest, Id, ProjectMemberList, SetMemberRolesRequest } from '../../domain/api/index.ts';
import { requireProjectAdmin, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { addMember, listMembers, requireMember, setMemberRoles } from '../projects/members.ts';

const MemberParams = z.strictObject({ projectId: Id, userId: Id });
const ProjectParams = z.strictObject({ projectId: Id });

export function memberRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects/:projectId/members', { schema: { params: ProjectParams, response: { 200: ProjectMemberList } } }, async (req) => {
    await requireProjectAdmin(ctx, requireUser(req), req.params.projectId);
    return { members: await listMembers(ctx, req.params.projectId) };
  });

  app.post(
    '/api/projects/:projectId/members',
    { schema: { params: ProjectParams, body: AddMemberRequest, response: { 200: ProjectMemberList } } },
    async (req) => {
      const user = requireUser(req);
      await requireProjectAdmin(ctx, user, req.params.projectId);
      await addMember(ctx, user, req.params.projectId, req.body.email, req.body.roles);
      return { members: await listMembers(ctx, req.params.projectId) };
    },
  );

  app.put(
    '/api/projects/:projectId/members/:userId',
    { schema: { params: MemberParams, body: SetMemberRolesRequest, response: { 200: ProjectMemberList } } },
    async (req) => {
      const user = requireUser(req);
      await requireProjectAdmin(ctx, user, req.params.projectId);
      const [target] = await ctx.db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, req.params.userId));
      if (!target) throw new HttpError('not_found', 'That user was not found.');
      if (target.deactivatedAt && req.body.roles.length > 0) throw new HttpError('conflict', 'That account is deactivated; it cannot be given roles.');
      await setMemberRoles(ctx, user, req.params.projectId, req.params.userId, req.body.roles);
      return { members: await listMembers(ctx, req.params.projectId) };
    },
  );

  app.delete('/api/projects/:projectId/members/:userId', { schema: { params: MemberParams, response: { 200: ProjectMemberList } } }, async (req) => {
    const user = requireUser(req);
    await requireProjectAdmin(ctx, user, req.params.projectId);
    await requireMember(ctx, req.params.projectId, req.params.userId);
    await setMemberRoles(ctx, user, req.params.projectId, req.params.userId, []);
    return { members: await listMembers(ctx, req.params.projectId) };
  });
}
