import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { sessions, users } from '../db/schema.ts';
import { keyedHash, newSecret } from './secret-hash.ts';

export const SESSION_COOKIE = 'ts_session';

// The cookie holds a random token; the database holds only its keyed hash (secret-hash.ts).
const hashToken = keyedHash;

export async function createSession(ctx: AppContext, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.sessionTtlHours * 3600_000);
  await ctx.db.insert(sessions).values({ tokenHash: hashToken(ctx, token), userId, expiresAt, createdAt: ctx.now() });
  return { token, expiresAt };
}

/** The account a session cookie belongs to; none for an unknown or expired token or a deactivated account. */
export async function sessionUser(ctx: AppContext, token: string | undefined) {
  if (!token || token.length > 200) return undefined;
  const rows = await ctx.db
    .select({ id: users.id, email: users.email, displayName: users.displayName, isAdmin: users.isAdmin })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(ctx, token)), gt(sessions.expiresAt, ctx.now()), isNull(users.deactivatedAt)))
    .limit(1);
  return rows[0];
}

export async function deleteSession(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(ctx, token)));
}

/** Ends every session of an account, but the one given (the caller's own, after a password change). */
export async function endSessions(ctx: AppContext, db: DbOrTx, userId: string, keepToken?: string): Promise<void> {
  const keep = keepToken ? ne(sessions.tokenHash, hashToken(ctx, keepToken)) : undefined;
  await db.delete(sessions).where(and(eq(sessions.userId, userId), keep));
}
