import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { sessions, users } from '../db/schema.ts';

export const SESSION_COOKIE = 'ts_session';

// The cookie holds a random token; the database holds only its keyed hash (HMAC with
// SESSION_SECRET), so a leaked database dump does not hand out live sessions, and write access
// to the database alone cannot plant one.
function hashToken(ctx: AppContext, token: string): string {
  const secret = ctx.config.sessionSecret;
  if (!secret) throw new Error('no session secret configured (SESSION_SECRET); checkStartup should have refused to start');
  return createHmac('sha256', secret).update(token).digest('hex');
}

export async function createSession(ctx: AppContext, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.sessionTtlHours * 3600_000);
  await ctx.db.insert(sessions).values({ tokenHash: hashToken(ctx, token), userId, expiresAt, createdAt: ctx.now() });
  return { token, expiresAt };
}

export async function sessionUser(ctx: AppContext, token: string | undefined) {
  if (!token || token.length > 200) return undefined;
  const rows = await ctx.db
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(ctx, token)), gt(sessions.expiresAt, ctx.now())))
    .limit(1);
  return rows[0];
}

export async function deleteSession(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(ctx, token)));
}
