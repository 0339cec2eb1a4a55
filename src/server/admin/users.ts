// Everyone on the instance, for administrators: who they are, whether they may sign in, their
// projects and roles. Deactivating ends the person's sessions and tokens at once; their labels stay,
// with their lineage, because nothing they made is deleted.
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AcceptAccountLinkRequest, AdminUser, PasswordResetCreated } from '../../domain/api/index.ts';
import type { SessionUser } from '../auth/guard.ts';
import { assertAcceptablePassword, hashPassword } from '../auth/password.ts';
import { endSessions } from '../auth/sessions.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { accessTokens, accountLinks, memberships, projects, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { returnOpenLeases } from '../projects/leases.ts';
import { audit } from './audit.ts';
import { consumeLink, insertLink, linkFor, type LinkRow } from './account-links.ts';

export const RESET_LINK_HOURS = 24;

export async function emailTaken(db: DbOrTx, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
    .limit(1);
  return rows.length > 0;
}

export async function listUsers(ctx: AppContext): Promise<AdminUser[]> {
  const [people, roles] = await Promise.all([
    ctx.db.select().from(users).orderBy(asc(users.email)),
    ctx.db
      .select({
        userId: memberships.userId,
        projectId: memberships.projectId,
        role: memberships.role,
        projectName: projects.name,
        archivedAt: projects.archivedAt,
      })
      .from(memberships)
      .innerJoin(projects, eq(projects.id, memberships.projectId))
      .orderBy(asc(projects.name)),
  ]);
  return people.map((u) => {
    const byProject = new Map<string, AdminUser['projects'][number]>();
    for (const r of roles.filter((x) => x.userId === u.id)) {
      const entry = byProject.get(r.projectId) ?? { projectId: r.projectId, projectName: r.projectName, archived: r.archivedAt !== null, roles: [] };
      entry.roles.push(r.role);
      byProject.set(r.projectId, entry);
    }
    return {
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      isAdmin: u.isAdmin,
      active: u.deactivatedAt === null,
      createdAt: u.createdAt.toISOString(),
      lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
      projects: [...byProject.values()],
    };
  });
}

async function oneUser(ctx: AppContext, userId: string): Promise<AdminUser> {
  const found = (await listUsers(ctx)).find((u) => u.id === userId);
  if (!found) throw new HttpError('not_found', 'That user was not found.');
  return found;
}

async function requireTarget(ctx: AppContext, userId: string) {
  const [row] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!row) throw new HttpError('not_found', 'That user was not found.');
  return row;
}

/** Other active administrators than this one: there must always be one left. */
async function otherActiveAdmins(db: DbOrTx, userId: string): Promise<number> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isAdmin, true), isNull(users.deactivatedAt), ne(users.id, userId)));
  return rows.length;
}

export async function deactivateUser(ctx: AppContext, admin: SessionUser, userId: string): Promise<AdminUser> {
  if (userId === admin.id) throw new HttpError('conflict', 'You cannot deactivate your own account. Ask another administrator.');
  const target = await requireTarget(ctx, userId);
  if (target.deactivatedAt) return oneUser(ctx, userId);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ deactivatedAt: now }).where(eq(users.id, userId));
    await endSessions(ctx, tx, userId);
    await tx
      .update(accessTokens)
      .set({ revokedAt: now })
      .where(and(eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)));
    await tx
      .update(accountLinks)
      .set({ revokedAt: now })
      .where(and(eq(accountLinks.userId, userId), eq(accountLinks.kind, 'password_reset'), isNull(accountLinks.usedAt), isNull(accountLinks.revokedAt)));
    const leases = await returnOpenLeases(tx, userId);
    await audit(tx, { actorId: admin.id, action: 'user_deactivated', details: { userId, email: target.email, leasesReturned: leases }, at: now });
  });
  return oneUser(ctx, userId);
}

export async function reactivateUser(ctx: AppContext, admin: SessionUser, userId: string): Promise<AdminUser> {
  const target = await requireTarget(ctx, userId);
  if (target.deactivatedAt) {
    await ctx.db.update(users).set({ deactivatedAt: null }).where(eq(users.id, userId));
    await audit(ctx.db, { actorId: admin.id, action: 'user_reactivated', details: { userId, email: target.email }, at: ctx.now() });
  }
  return oneUser(ctx, userId);
}

export async function setAdmin(ctx: AppContext, admin: SessionUser, userId: string, isAdmin: boolean): Promise<AdminUser> {
  const target = await requireTarget(ctx, userId);
  if (target.isAdmin !== isAdmin) {
    await ctx.db.transaction(async (tx) => {
      if (!isAdmin && (await otherActiveAdmins(tx, userId)) === 0)
        throw new HttpError('conflict', 'This is the last active administrator; make someone else an administrator first.');
      await tx.update(users).set({ isAdmin }).where(eq(users.id, userId));
      await audit(tx, { actorId: admin.id, action: isAdmin ? 'admin_granted' : 'admin_revoked', details: { userId, email: target.email }, at: ctx.now() });
    });
  }
  return oneUser(ctx, userId);
}

/** A new reset link; earlier unused ones stop working. The old password works until the link is used. */
export async function issuePasswordReset(
  ctx: AppContext,
  req: FastifyRequest | undefined,
  actorId: string | null,
  userId: string,
): Promise<PasswordResetCreated> {
  const target = await requireTarget(ctx, userId);
  if (target.deactivatedAt) throw new HttpError('conflict', 'That account is deactivated; reactivate it first.');
  const now = ctx.now();
  const { row, token } = await ctx.db.transaction(async (tx) => {
    await tx
      .update(accountLinks)
      .set({ revokedAt: now })
      .where(and(eq(accountLinks.userId, userId), eq(accountLinks.kind, 'password_reset'), isNull(accountLinks.usedAt), isNull(accountLinks.revokedAt)));
    const link = await insertLink(ctx, tx, {
      kind: 'password_reset',
      email: target.email,
      userId,
      createdBy: actorId,
      expiresAt: new Date(now.getTime() + RESET_LINK_HOURS * 3600_000),
    });
    await audit(tx, { actorId, action: 'password_reset_issued', details: { userId, email: target.email, linkId: link.row.id }, at: now });
    return link;
  });
  return { link: linkFor(ctx, req, token, row.expiresAt) };
}

/** Sets the new password and ends every session the account had; answers the account id. */
export async function acceptPasswordReset(ctx: AppContext, link: LinkRow, body: AcceptAccountLinkRequest): Promise<string> {
  const userId = link.userId;
  if (!userId) throw new HttpError('not_found', 'That link is not valid.');
  assertAcceptablePassword(body.password, link.email);
  const passwordHash = await hashPassword(body.password);
  await ctx.db.transaction(async (tx) => {
    await consumeLink(ctx, tx, link, userId);
    const [u] = await tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, userId), isNull(users.deactivatedAt)))
      .returning({ id: users.id });
    if (!u) throw new HttpError('conflict', 'That account is deactivated.');
    await endSessions(ctx, tx, userId);
    await audit(tx, { actorId: userId, action: 'password_reset', details: { userId, linkId: link.id }, at: ctx.now() });
  });
  return userId;
}

export async function setPassword(ctx: AppContext, userId: string, password: string, email: string): Promise<void> {
  assertAcceptablePassword(password, email);
  await ctx.db
    .update(users)
    .set({ passwordHash: await hashPassword(password) })
    .where(eq(users.id, userId));
}
