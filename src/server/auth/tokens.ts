// Personal access tokens for scripts and pipelines: `Authorization: Bearer <token>` on any route
// the owner may call. Shown once, stored as a keyed hash, with a name, an expiry, a scope (read:
// GET and HEAD only) and maybe a list of projects (every other project answers 404). Browsers never
// send this header by themselves, so a token call needs no CSRF header; cookies still do.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessToken, CreateAccessTokenRequest } from '../../domain/api/index.ts';
import type { AppContext } from '../context.ts';
import { accessTokens, projects, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from '../admin/audit.ts';
import { PROJECT_NOT_FOUND, rolesIn, tokenReaches, type SessionUser } from './guard.ts';
import { keyedHash, newSecret } from './secret-hash.ts';

export const TOKEN_PREFIX = 'tst_';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** last_used_at is written at most this often per token, so a busy script does not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

const unauthenticated = (message: string) => new HttpError('unauthenticated', message);

/** The caller a Bearer header stands for; a plain 401 for anything not a live token. */
export async function bearerUser(ctx: AppContext, header: string, method: string): Promise<SessionUser> {
  const m = /^Bearer\s+(\S{1,200})\s*$/i.exec(header);
  if (!m) throw unauthenticated('The Authorization header must be "Bearer <access token>".');
  const [row] = await ctx.db
    .select({
      token: accessTokens,
      user: { id: users.id, email: users.email, displayName: users.displayName, isAdmin: users.isAdmin, deactivatedAt: users.deactivatedAt },
    })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(eq(accessTokens.tokenHash, keyedHash(ctx, m[1] as string)))
    .limit(1);
  const now = ctx.now();
  if (!row) throw unauthenticated('That access token is not valid.');
  if (row.token.revokedAt) throw unauthenticated('That access token was revoked. Create a new one.');
  if (row.token.expiresAt <= now) throw unauthenticated(`That access token expired on ${row.token.expiresAt.toISOString().slice(0, 10)}. Create a new one.`);
  if (row.user.deactivatedAt) throw unauthenticated('The account this access token belongs to is deactivated.');
  if (row.token.scope === 'read' && !SAFE.has(method))
    throw new HttpError('forbidden', 'This access token is read-only: it may only read (GET). Use a read-write token to change anything.');
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await ctx.db.update(accessTokens).set({ lastUsedAt: now }).where(eq(accessTokens.id, row.token.id));
  }
  const { deactivatedAt: _, ...user } = row.user;
  return { ...user, token: { id: row.token.id, scope: row.token.scope, projectIds: row.token.projectIds ?? null } };
}

/**
 * A project-limited token reaches nothing of another project: besides the guard's role checks,
 * this catches project ids in a request body (a sync batch names its projects per mutation).
 */
export function installTokenProjectLimits(app: FastifyInstance): void {
  app.addHook('preHandler', async (req: FastifyRequest) => {
    const user = req.user;
    if (!user?.token?.projectIds) return;
    const named = new Set<string>();
    const params = req.params as { projectId?: unknown } | undefined;
    if (typeof params?.projectId === 'string') named.add(params.projectId);
    const body = req.body as { projectId?: unknown; mutations?: unknown } | undefined;
    if (body && typeof body === 'object') {
      if (typeof body.projectId === 'string') named.add(body.projectId);
      if (Array.isArray(body.mutations)) for (const m of body.mutations) if (typeof m?.projectId === 'string') named.add(m.projectId);
    }
    for (const id of named) if (!tokenReaches(user, id)) throw new HttpError('not_found', PROJECT_NOT_FOUND);
  });
}

/** Token management is for a person in a session: a token cannot mint, list or revoke tokens. */
export function requireSessionCaller(user: SessionUser): void {
  if (user.token) throw new HttpError('forbidden', 'Access tokens are managed when signed in, not with an access token.');
}

function toWire(row: typeof accessTokens.$inferSelect, now: Date): AccessToken {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    projectIds: row.projectIds ?? null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expired: row.expiresAt <= now,
  };
}

export async function listTokens(ctx: AppContext, userId: string): Promise<AccessToken[]> {
  const rows = await ctx.db
    .select()
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
    .orderBy(desc(accessTokens.createdAt));
  const now = ctx.now();
  return rows.map((r) => toWire(r, now));
}

export async function createToken(ctx: AppContext, user: SessionUser, req: CreateAccessTokenRequest): Promise<{ accessToken: AccessToken; token: string }> {
  const projectIds = req.projectIds ? [...new Set(req.projectIds)] : null;
  // A token may be limited only to projects its owner can reach; an unknown one is named as such.
  for (const projectId of projectIds ?? []) {
    const reachable = user.isAdmin
      ? (await ctx.db.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId))).length > 0
      : (await rolesIn(ctx.db, user.id, projectId)).length > 0;
    if (!reachable) throw new HttpError('not_found', `Project ${projectId} was not found among yours.`);
  }
  const token = newSecret(TOKEN_PREFIX);
  const now = ctx.now();
  const [row] = await ctx.db
    .insert(accessTokens)
    .values({
      id: ctx.newId(),
      userId: user.id,
      name: req.name,
      tokenHash: keyedHash(ctx, token),
      scope: req.scope,
      projectIds,
      createdAt: now,
      expiresAt: new Date(now.getTime() + req.expiresInDays * 86_400_000),
    })
    .returning();
  await audit(ctx.db, {
    actorId: user.id,
    action: 'token_created',
    details: { tokenId: row!.id, name: req.name, scope: req.scope, projectIds, expiresAt: row!.expiresAt.toISOString() },
    at: now,
  });
  return { accessToken: toWire(row!, now), token };
}

export async function revokeToken(ctx: AppContext, user: SessionUser, tokenId: string): Promise<void> {
  const [row] = await ctx.db
    .update(accessTokens)
    .set({ revokedAt: ctx.now() })
    .where(and(eq(accessTokens.id, tokenId), eq(accessTokens.userId, user.id), isNull(accessTokens.revokedAt)))
    .returning({ id: accessTokens.id, name: accessTokens.name });
  if (!row) throw new HttpError('not_found', 'That access token was not found among yours.');
  await audit(ctx.db, { actorId: user.id, action: 'token_revoked', details: { tokenId, name: row.name }, at: ctx.now() });
}
