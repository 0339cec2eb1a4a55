import { eq } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { Me } from '../../domain/api/index.ts';
import type { AppContext } from '../context.ts';
import { users } from '../db/schema.ts';
import { describeMe } from './me.ts';
import { createSession, SESSION_COOKIE } from './sessions.ts';

/** Starts a session for the account (the cookie on the reply), records the sign-in and answers Me. */
export async function signIn(ctx: AppContext, reply: FastifyReply, userId: string): Promise<Me> {
  const session = await createSession(ctx, userId);
  const [user] = await ctx.db.update(users).set({ lastSignInAt: ctx.now() }).where(eq(users.id, userId)).returning();
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies,
    path: '/',
    expires: session.expiresAt,
  });
  return describeMe(ctx.db, user!);
}
