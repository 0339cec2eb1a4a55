import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Role, TokenScope } from '../../domain/api/index.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { memberships, projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';

/** What an access token adds to its owner's rights: a scope, and maybe a list of projects. */
export type TokenGrant = { id: string; scope: TokenScope; projectIds: string[] | null };

/** The caller: signed in by a session cookie, or by a personal access token (then `token` is set). */
export type SessionUser = { id: string; email: string; displayName: string; isAdmin?: boolean; token?: TokenGrant };

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | undefined;
  }
}

export const PROJECT_NOT_FOUND = 'That project was not found.';

export function requireUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new HttpError('unauthenticated', 'You are not signed in, or your session has expired. Sign in again.');
  return req.user;
}

/** Instance administrators only (accounts, invitations, new projects). */
export function requireAdmin(req: FastifyRequest): SessionUser {
  const user = requireUser(req);
  if (!user.isAdmin) throw new HttpError('forbidden', 'This needs an instance administrator.');
  // Accounts, invitations and new projects belong to no project, so a token limited to some
  // projects cannot reach them: limiting a token must take rights away, never leave them whole.
  if (user.token?.projectIds)
    throw new HttpError('forbidden', 'This token is limited to some projects; instance administration needs a token without that limit, or a session.');
  return user;
}

/** A token limited to some projects sees every other project as missing. */
export const tokenReaches = (user: SessionUser, projectId: string) => !user.token?.projectIds || user.token.projectIds.includes(projectId);

export async function rolesIn(db: DbOrTx, userId: string, projectId: string): Promise<Role[]> {
  const rows = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.projectId, projectId)));
  return rows.map((r) => r.role);
}

/**
 * The caller must hold one of `allowed` in the project. A project the caller is not a member
 * of answers 404, as if it did not exist, so ids cannot be probed; a member without the
 * right role gets 403 with the role it needs.
 */
export async function requireProjectRole(ctx: AppContext, user: SessionUser, projectId: string, allowed: readonly Role[]) {
  const roles = tokenReaches(user, projectId) ? await rolesIn(ctx.db, user.id, projectId) : [];
  if (roles.length === 0) throw new HttpError('not_found', PROJECT_NOT_FOUND);
  if (!roles.some((r) => allowed.includes(r))) {
    throw new HttpError('forbidden', `This needs the ${allowed.join(' or ')} role in this project.`);
  }
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
  if (!project) throw new HttpError('not_found', PROJECT_NOT_FOUND);
  return { project, roles };
}

/**
 * Running a project (its name, archiving, its members): the project's leads, and instance
 * administrators whether or not they are members — they answer for who works where. Their data
 * (dashboard, exports, gold) still needs a role in the project.
 */
export async function requireProjectAdmin(ctx: AppContext, user: SessionUser, projectId: string) {
  if (!user.isAdmin) return requireProjectRole(ctx, user, projectId, ['lead']);
  const [project] = tokenReaches(user, projectId) ? await ctx.db.select().from(projects).where(eq(projects.id, projectId)).limit(1) : [];
  if (!project) throw new HttpError('not_found', PROJECT_NOT_FOUND);
  return { project, roles: await rolesIn(ctx.db, user.id, projectId) };
}
