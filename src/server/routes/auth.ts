import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { LoginRequest, Me } from '../../domain/api/index.ts';
import { requireUser } from '../auth/guard.ts';
import { clearLoginFailures, confirmLoginFailure, reserveLoginAttempt } from '../auth/login-limit.ts';
import { dummyPasswordHash, verifyPassword } from '../auth/password.ts';
import { createSession, deleteSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { AppContext } from '../context.ts';
import { users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { audit } from '../services/audit.ts';
import { describeMe } from '../services/me.ts';

export function authRoutes(app: ZApp, ctx: AppContext): void {
  app.post('/api/auth/login', { schema: { body: LoginRequest, response: { 200: Me } }, config: { public: true } }, async (req, reply) => {
    const email = req.body.email.trim().toLowerCase();
    // Locked out (auth/login-limit.ts): refused before the password is even looked at; otherwise
    // this attempt holds its place in the count while the password is checked.
    const reservation = await reserveLoginAttempt(ctx, email, req.ip);
    if (!reservation.ok) {
      reply.header('retry-after', String(reservation.block.retryAfterSeconds));
      throw new HttpError('rate_limited', reservation.block.message);
    }
    const [user] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
    // An unknown email is checked against a real hash too, so both answers take as long.
    const ok = await verifyPassword(req.body.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok) {
      await audit(ctx.db, { actorId: user?.id ?? null, action: 'login_failed', details: { email, ip: req.ip }, at: ctx.now() });
      await confirmLoginFailure(ctx, reservation.id, email, req.ip, user?.id ?? null);
      throw new HttpError('unauthenticated', 'That email and password do not match an account.');
    }
    await clearLoginFailures(ctx, email, req.ip);
    const session = await createSession(ctx, user.id);
    await audit(ctx.db, { actorId: user.id, action: 'login', details: { ip: req.ip }, at: ctx.now() });
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.secureCookies,
      path: '/',
      expires: session.expiresAt,
    });
    return describeMe(ctx.db, user);
  });

  app.post('/api/auth/logout', { schema: { response: { 204: z.null() } }, config: { public: true } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      await deleteSession(ctx, token);
      if (req.user) await audit(ctx.db, { actorId: req.user.id, action: 'logout', at: ctx.now() });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/auth/me', { schema: { response: { 200: Me } } }, async (req) => describeMe(ctx.db, requireUser(req)));
}
