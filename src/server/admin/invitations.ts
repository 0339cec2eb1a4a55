// Invitations: an administrator names an email (and maybe admin rights and project roles); the
// invitee opens the link, picks a name and a password, and the account exists from then on.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AcceptAccountLinkRequest, CreateInvitationRequest, Invitation, InvitationCreated } from '../../domain/api/index.ts';
import { CreateInvitationRequest as CreateInvitationZ } from '../../domain/api/index.ts';
import { assertAcceptablePassword, hashPassword } from '../auth/password.ts';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { accountLinks, memberships, projects, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from './audit.ts';
import { consumeLink, insertLink, linkFor, type LinkRow } from './account-links.ts';
import { emailTaken } from './users.ts';

function toWire(row: LinkRow, now: Date, invitedBy: string | null): Invitation {
  const status = row.usedAt ? 'accepted' : row.revokedAt ? 'revoked' : row.expiresAt <= now ? 'expired' : 'pending';
  return {
    id: row.id,
    email: row.email,
    isAdmin: row.isAdmin,
    projectRoles: row.projectRoles,
    status,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    invitedBy,
  };
}

export async function createInvitation(ctx: AppContext, req: FastifyRequest, admin: SessionUser, input: CreateInvitationRequest): Promise<InvitationCreated> {
  const body = CreateInvitationZ.parse(input);
  if (await emailTaken(ctx.db, body.email)) throw new HttpError('conflict', `An account with the email ${body.email} already exists.`);
  const projectIds = [...new Set(body.projectRoles.map((g) => g.projectId))];
  if (projectIds.length > 0) {
    const found = await ctx.db.select({ id: projects.id }).from(projects).where(inArray(projects.id, projectIds));
    const missing = projectIds.filter((id) => !found.some((p) => p.id === id));
    if (missing.length > 0) throw new HttpError('not_found', `Project ${missing[0]} was not found.`);
  }
  const grants = body.projectRoles.filter((g, i, all) => all.findIndex((o) => o.projectId === g.projectId && o.role === g.role) === i);
  const now = ctx.now();
  const { row, token } = await ctx.db.transaction(async (tx) => {
    // A new invitation replaces any still pending for the same email: only the newest link works.
    await tx
      .update(accountLinks)
      .set({ revokedAt: now })
      .where(and(eq(accountLinks.kind, 'invitation'), eq(accountLinks.email, body.email), isNull(accountLinks.usedAt), isNull(accountLinks.revokedAt)));
    const link = await insertLink(ctx, tx, {
      kind: 'invitation',
      email: body.email,
      isAdmin: body.isAdmin,
      projectRoles: grants,
      createdBy: admin.id,
      expiresAt: new Date(now.getTime() + body.expiresInDays * 86_400_000),
    });
    await audit(tx, {
      actorId: admin.id,
      action: 'invitation_created',
      details: { invitationId: link.row.id, email: body.email, isAdmin: body.isAdmin, projectRoles: grants },
      at: now,
    });
    return link;
  });
  return { invitation: toWire(row, now, admin.displayName), link: linkFor(ctx, req, token, row.expiresAt) };
}

export async function listInvitations(ctx: AppContext): Promise<Invitation[]> {
  const rows = await ctx.db
    .select({ link: accountLinks, invitedBy: users.displayName })
    .from(accountLinks)
    .leftJoin(users, eq(users.id, accountLinks.createdBy))
    .where(eq(accountLinks.kind, 'invitation'))
    .orderBy(desc(accountLinks.createdAt));
  const now = ctx.now();
  return rows.map((r) => toWire(r.link, now, r.invitedBy));
}

export async function revokeInvitation(ctx: AppContext, admin: SessionUser, invitationId: string): Promise<Invitation> {
  const [row] = await ctx.db
    .select()
    .from(accountLinks)
    .where(and(eq(accountLinks.id, invitationId), eq(accountLinks.kind, 'invitation')));
  if (!row) throw new HttpError('not_found', 'That invitation was not found.');
  if (row.usedAt) throw new HttpError('conflict', 'That invitation was already accepted; deactivate the account instead.');
  if (row.revokedAt) return toWire(row, ctx.now(), null);
  const [revoked] = await ctx.db.update(accountLinks).set({ revokedAt: ctx.now() }).where(eq(accountLinks.id, row.id)).returning();
  await audit(ctx.db, { actorId: admin.id, action: 'invitation_revoked', details: { invitationId, email: row.email }, at: ctx.now() });
  return toWire(revoked!, ctx.now(), null);
}

/** Accepting an invitation creates the account with what the administrator granted; answers its id. */
export async function acceptInvitation(ctx: AppContext, link: LinkRow, body: AcceptAccountLinkRequest): Promise<string> {
  if (!body.displayName)
    throw new HttpError('validation_failed', 'Enter your name to create the account.', { issues: [{ path: 'displayName', message: 'enter a name' }] });
  assertAcceptablePassword(body.password, link.email);
  const passwordHash = await hashPassword(body.password);
  const id = ctx.newId();
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (await emailTaken(tx, link.email)) throw new HttpError('conflict', `An account with the email ${link.email} already exists. Sign in instead.`);
    await tx.insert(users).values({ id, email: link.email, displayName: body.displayName!, passwordHash, isAdmin: link.isAdmin, createdAt: now });
    // After the account exists (the link points at it); a concurrent use makes this throw and roll back.
    await consumeLink(ctx, tx, link, id);
    const live = link.projectRoles.length
      ? await tx
          .select({ id: projects.id })
          .from(projects)
          .where(
            inArray(
              projects.id,
              link.projectRoles.map((g) => g.projectId),
            ),
          )
      : [];
    const grants = link.projectRoles.filter((g) => live.some((p) => p.id === g.projectId));
    if (grants.length)
      await tx
        .insert(memberships)
        .values(grants.map((g) => ({ projectId: g.projectId, userId: id, role: g.role })))
        .onConflictDoNothing();
    await audit(tx, {
      actorId: id,
      action: 'invitation_accepted',
      details: { invitationId: link.id, email: link.email, isAdmin: link.isAdmin, projectRoles: grants },
      at: now,
    });
    await audit(tx, { actorId: link.createdBy, action: 'user_created', details: { userId: id, email: link.email, via: 'invitation' }, at: now });
  });
  return id;
}
