import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { ChangePasswordRequest, LoginRequest, Me, UpdateMeRequest } from '../../domain/api/index.ts';
import { requireUser } from '../auth/guard.ts';
import { clearLoginFailures, confirmLoginFailure, reserveLoginAttempt } from '../auth/login-limit.ts';
import { assertAcceptablePassword, dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password.ts';
import { deleteSession, endSessions, SESSION_COOKIE } from '../auth/sessions.ts';
import { signIn } from '../auth/sign-in.ts';
import { requireSessionCaller } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import { users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { audit } from '../admin/audit.ts';
import { describeMe } from '../auth/me.ts';

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
    // Only someone who knows the password learns that the account is deactivated.
    if (user.deactivatedAt) throw new HttpError('forbidden', 'This account is deactivated. Ask an administrator to reactivate it.');
    await audit(ctx.db, { actorId: user.id, action: 'login', details: { ip: req.ip }, at: ctx.now() });
    return signIn(ctx, reply, user.id);
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

  app.put('/api/auth/me', { schema: { body: UpdateMeRequest, response: { 200: Me } } }, async (req) => {
    const user = requireUser(req);
    const [row] = await ctx.db.update(users).set({ displayName: req.body.displayName }).where(eq(users.id, user.id)).returning();
    if (user.displayName !== req.body.displayName) {
      await audit(ctx.db, { actorId: user.id, action: 'profile_changed', details: { before: user.displayName, after: req.body.displayName }, at: ctx.now() });
    }
    return describeMe(ctx.db, row!);
  });

  // A person changes their own password: they prove the current one; every other session ends.
  app.post('/api/auth/password', { schema: { body: ChangePasswordRequest, response: { 204: z.null() } } }, async (req, reply) => {
    const user = requireUser(req);
    requireSessionCaller(user);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    if (!row || !(await verifyPassword(req.body.currentPassword, row.passwordHash))) {
      await audit(ctx.db, { actorId: user.id, action: 'login_failed', details: { email: user.email, ip: req.ip, during: 'password_change' }, at: ctx.now() });
      throw new HttpError('forbidden', 'Your current password is not right.');
    }
    assertAcceptablePassword(req.body.newPassword, row.email);
    const passwordHash = await hashPassword(req.body.newPassword);
    await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
      await endSessions(ctx, tx, user.id, req.cookies[SESSION_COOKIE]);
      await audit(tx, { actorId: user.id, action: 'password_changed', details: { otherSessionsEnded: true }, at: ctx.now() });
    });
    return reply.code(204).send(null);
  });
}
