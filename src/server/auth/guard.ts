import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../domain/api/index.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { memberships, projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';

export type SessionUser = { id: string; email: string; displayName: string };

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | undefined;
  }
}

export function requireUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new HttpError('unauthenticated', 'You are not signed in, or your session has expired. Sign in again.');
  return req.user;
}

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
  const roles = await rolesIn(ctx.db, user.id, projectId);
  if (roles.length === 0) throw new HttpError('not_found', 'That project was not found.');
  if (!roles.some((r) => allowed.includes(r))) {
    throw new HttpError('forbidden', `This needs the ${allowed.join(' or ')} role in this project.`);
  }
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
  if (!project) throw new HttpError('not_found', 'That project was not found.');
  return { project, roles };
}
