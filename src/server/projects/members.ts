// Who works on a project and in which roles, changed by its leads (and administrators). A project
// always keeps at least one active lead; whoever stops being an annotator gives back their leases.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ProjectMember, Role } from '../../domain/api/index.ts';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { memberships, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from '../admin/audit.ts';
import { returnOpenLeases } from './leases.ts';

const ROLE_ORDER: Role[] = ['annotator', 'lead', 'author'];

export async function listMembers(ctx: AppContext, projectId: string): Promise<ProjectMember[]> {
  const rows = await ctx.db
    .select({ userId: users.id, email: users.email, displayName: users.displayName, deactivatedAt: users.deactivatedAt, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.projectId, projectId))
    .orderBy(asc(users.displayName), asc(users.email));
  const byUser = new Map<string, ProjectMember>();
  for (const r of rows) {
    const m = byUser.get(r.userId) ?? { userId: r.userId, email: r.email, displayName: r.displayName, active: r.deactivatedAt === null, roles: [] };
    m.roles.push(r.role);
    byUser.set(r.userId, m);
  }
  return [...byUser.values()].map((m) => ({ ...m, roles: ROLE_ORDER.filter((r) => m.roles.includes(r)) }));
}

/** Sets a member's whole set of roles (empty: removes them), in one transaction with its checks. */
export async function setMemberRoles(ctx: AppContext, actor: SessionUser, projectId: string, userId: string, wanted: readonly Role[]): Promise<void> {
  const roles = ROLE_ORDER.filter((r) => wanted.includes(r));
  await ctx.db.transaction(async (tx) => {
    // Serialise role changes per project, so two leads removing each other cannot both succeed.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`members:${projectId}`}))`);
    const before = (
      await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
    ).map((r) => r.role);
    const removed = before.filter((r) => !roles.includes(r));
    const added = roles.filter((r) => !before.includes(r));
    if (removed.length === 0 && added.length === 0) return;
    if (removed.includes('lead')) await keepOneLead(tx, projectId, userId);
    if (removed.length)
      await tx.delete(memberships).where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId), inArray(memberships.role, removed)));
    if (added.length)
      await tx
        .insert(memberships)
        .values(added.map((role) => ({ projectId, userId, role })))
        .onConflictDoNothing();
    const leasesReturned = removed.includes('annotator') ? await returnOpenLeases(tx, userId, projectId) : 0;
    await audit(tx, { actorId: actor.id, action: 'member_roles_changed', projectId, details: { userId, before, after: roles, leasesReturned }, at: ctx.now() });
  });
}

async function keepOneLead(tx: Tx, projectId: string, leaving: string): Promise<void> {
  const leads = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.projectId, projectId), eq(memberships.role, 'lead'), isNull(users.deactivatedAt)));
  if (!leads.some((l) => l.userId !== leaving)) throw new HttpError('conflict', 'A project needs at least one lead. Make someone else a lead first.');
}

export async function addMember(ctx: AppContext, actor: SessionUser, projectId: string, email: string, roles: readonly Role[]): Promise<void> {
  const [user] = await ctx.db
    .select({ id: users.id, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email));
  if (!user) throw new HttpError('not_found', `No account has the email ${email}. An administrator can invite them.`);
  if (user.deactivatedAt) throw new HttpError('conflict', `The account ${email} is deactivated.`);
  const current = (
    await ctx.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, user.id)))
  ).map((r) => r.role);
  await setMemberRoles(ctx, actor, projectId, user.id, [...new Set([...current, ...roles])]);
}

export async function requireMember(ctx: AppContext, projectId: string, userId: string): Promise<void> {
  const rows = await ctx.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
    .limit(1);
  if (rows.length === 0) throw new HttpError('not_found', 'That person is not a member of this project.');
}
