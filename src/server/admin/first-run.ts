// The first administrator of an empty production instance. The server prints a one-time setup
// link in its log (valid for SETUP_LINK_MINUTES, once, and only while no active administrator
// exists); `npm run admin -- create-admin` does the same from a shell.
import { and, eq, isNull } from 'drizzle-orm';
import { setupPath, type AccountLink, type FirstAdminRequest } from '../../domain/api/index.ts';
import { assertAcceptablePassword, hashPassword } from '../auth/password.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { accountLinks, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from './audit.ts';
import { consumeLink, insertLink, linkFor, liveLink } from './account-links.ts';
import { emailTaken } from './users.ts';

export const SETUP_LINK_MINUTES = 60;

export async function needsFirstAdmin(db: DbOrTx): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isAdmin, true), isNull(users.deactivatedAt)))
    .limit(1);
  return rows.length === 0;
}

/** A fresh setup link; any earlier unused one stops working. */
export async function issueSetupLink(ctx: AppContext): Promise<AccountLink> {
  const now = ctx.now();
  const { row, token } = await ctx.db.transaction(async (tx) => {
    await tx
      .update(accountLinks)
      .set({ revokedAt: now })
      .where(and(eq(accountLinks.kind, 'setup'), isNull(accountLinks.usedAt), isNull(accountLinks.revokedAt)));
    const link = await insertLink(ctx, tx, { kind: 'setup', email: '', expiresAt: new Date(now.getTime() + SETUP_LINK_MINUTES * 60_000) });
    await audit(tx, { actorId: null, action: 'setup_link_issued', details: { linkId: link.row.id, expiresAt: link.row.expiresAt.toISOString() }, at: now });
    return link;
  });
  return linkFor(ctx, undefined, token, row.expiresAt, setupPath);
}

const alreadySetUp = () => new HttpError('conflict', 'This server already has an administrator. Sign in, or ask them to invite you.');

/** Creates an active administrator in one transaction, refusing a taken email. */
async function insertAdmin(
  ctx: AppContext,
  tx: DbOrTx,
  input: { email: string; displayName: string; passwordHash: string },
  via: string,
  actorId: string | null,
) {
  if (await emailTaken(tx, input.email)) throw new HttpError('conflict', `An account with the email ${input.email} already exists.`);
  const id = ctx.newId();
  const now = ctx.now();
  await tx
    .insert(users)
    .values({ id, email: input.email.trim().toLowerCase(), displayName: input.displayName, passwordHash: input.passwordHash, isAdmin: true, createdAt: now });
  await audit(tx, { actorId, action: 'user_created', details: { userId: id, email: input.email, isAdmin: true, via }, at: now });
  return id;
}

/** POST /api/setup/first-admin: the setup token from the log makes the first administrator. */
export async function createFirstAdmin(ctx: AppContext, body: FirstAdminRequest): Promise<string> {
  if (!(await needsFirstAdmin(ctx.db))) throw alreadySetUp();
  const link = await liveLink(ctx, body.token, ['setup']);
  assertAcceptablePassword(body.password, body.email);
  const passwordHash = await hashPassword(body.password);
  return ctx.db.transaction(async (tx) => {
    if (!(await needsFirstAdmin(tx))) throw alreadySetUp();
    const id = await insertAdmin(ctx, tx, { email: body.email, displayName: body.displayName, passwordHash }, 'setup_link', null);
    await consumeLink(ctx, tx, link, id);
    await audit(tx, { actorId: id, action: 'first_admin_created', details: { userId: id, email: body.email, via: 'setup_link' }, at: ctx.now() });
    return id;
  });
}

/** The CLI's create-admin: works on any instance (the shell is trusted), refuses a taken email. */
export async function createAdminFromShell(ctx: AppContext, input: { email: string; displayName: string; password: string }): Promise<string> {
  assertAcceptablePassword(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const first = await needsFirstAdmin(tx);
    const id = await insertAdmin(ctx, tx, { ...input, passwordHash }, 'cli', null);
    if (first) await audit(tx, { actorId: id, action: 'first_admin_created', details: { userId: id, email: input.email, via: 'cli' }, at: ctx.now() });
    return id;
  });
}
