// One-time links: invitations (the invitee sets their own password), password resets, and the
// first-run setup token. A link is random, stored only as a keyed hash, expires, can be revoked,
// and is consumed by a conditional UPDATE, so two concurrent uses cannot both succeed.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { accountLinkPath, type AccountLink, type AccountLinkInfo, type AccountLinkKind } from '../../domain/api/index.ts';
import { keyedHash, newSecret } from '../auth/secret-hash.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { accountLinks, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';

export type LinkRow = typeof accountLinks.$inferSelect;
type LinkKind = LinkRow['kind'];

/** Where people reach this server: PUBLIC_URL, else the host the administrator's request came to. */
export function baseUrl(ctx: AppContext, req?: FastifyRequest): string {
  if (ctx.config.publicUrl) return ctx.config.publicUrl;
  if (req) return `${req.protocol}://${req.host}`;
  return `http://localhost:${ctx.config.port}`;
}

export function linkFor(ctx: AppContext, req: FastifyRequest | undefined, token: string, expiresAt: Date, path = accountLinkPath): AccountLink {
  return { url: baseUrl(ctx, req) + path(token), token, expiresAt: expiresAt.toISOString() };
}

/** Stores a new link; the caller hands the token out once. */
export async function insertLink(ctx: AppContext, db: AppContext['db'] | Tx, values: Omit<typeof accountLinks.$inferInsert, 'id' | 'tokenHash' | 'createdAt'>) {
  const token = newSecret();
  const [row] = await db
    .insert(accountLinks)
    .values({ ...values, id: ctx.newId(), tokenHash: keyedHash(ctx, token), createdAt: ctx.now() })
    .returning();
  return { row: row!, token };
}

const gone = (message: string) => new HttpError('conflict', message);

/** Why a link cannot be used now (a plain sentence), or null when it can. */
function linkProblem(row: LinkRow, now: Date): string | null {
  const what = row.kind === 'invitation' ? 'invitation' : row.kind === 'setup' ? 'setup link' : 'password reset link';
  if (row.usedAt) return `This ${what} was already used. ${row.kind === 'setup' ? 'Sign in instead.' : 'Sign in, or ask an administrator for a new link.'}`;
  if (row.revokedAt) return `This ${what} was withdrawn. Ask an administrator for a new one.`;
  if (row.expiresAt <= now)
    return `This ${what} expired on ${row.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC. ${row.kind === 'setup' ? 'Restart the server or run `npm run admin -- setup-link` for a new one.' : 'Ask an administrator for a new one.'}`;
  return null;
}

/** The live link behind a token, of one of the given kinds; 404 unknown, 409 used, withdrawn or expired. */
export async function liveLink(ctx: AppContext, token: string, kinds: readonly LinkKind[]): Promise<LinkRow> {
  const [row] = await ctx.db
    .select()
    .from(accountLinks)
    .where(eq(accountLinks.tokenHash, keyedHash(ctx, token)))
    .limit(1);
  if (!row || !kinds.includes(row.kind)) throw new HttpError('not_found', 'That link is not valid. Check that it was copied whole.');
  const problem = linkProblem(row, ctx.now());
  if (problem) throw gone(problem);
  return row;
}

/** Marks the link used, inside the transaction that acts on it; refuses if someone used it first. */
export async function consumeLink(ctx: AppContext, tx: Tx, row: LinkRow, userId: string): Promise<void> {
  const [used] = await tx
    .update(accountLinks)
    .set({ usedAt: ctx.now(), userId })
    .where(and(eq(accountLinks.id, row.id), isNull(accountLinks.usedAt), isNull(accountLinks.revokedAt), gt(accountLinks.expiresAt, ctx.now())))
    .returning({ id: accountLinks.id });
  if (!used) throw gone('This link was already used. Sign in, or ask an administrator for a new link.');
}

export async function describeLink(ctx: AppContext, token: string): Promise<AccountLinkInfo> {
  const row = await liveLink(ctx, token, ['invitation', 'password_reset']);
  let displayName: string | null = null;
  if (row.kind === 'password_reset' && row.userId) {
    const [u] = await ctx.db.select({ displayName: users.displayName }).from(users).where(eq(users.id, row.userId));
    displayName = u?.displayName ?? null;
  }
  return { kind: row.kind as AccountLinkKind, email: row.email, displayName, expiresAt: row.expiresAt.toISOString() };
}
