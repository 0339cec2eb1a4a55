// The signed-in person's own personal access tokens (auth/tokens.ts).
import { z } from 'zod';
import { AccessTokenCreated, AccessTokenList, CreateAccessTokenRequest, Id } from '../../domain/api/index.ts';
import { requireUser } from '../auth/guard.ts';
import { createToken, listTokens, requireSessionCaller, revokeToken } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';

const TokenParams = z.strictObject({ tokenId: Id });

export function tokenRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/tokens', { schema: { response: { 200: AccessTokenList } } }, async (req) => {
    const user = requireUser(req);
    requireSessionCaller(user);
    return { tokens: await listTokens(ctx, user.id) };
  });
  app.post('/api/tokens', { schema: { body: CreateAccessTokenRequest, response: { 201: AccessTokenCreated } } }, async (req, reply) => {
    const user = requireUser(req);
    requireSessionCaller(user);
    return reply.code(201).send(await createToken(ctx, user, req.body));
  });
  app.delete('/api/tokens/:tokenId', { schema: { params: TokenParams, response: { 204: z.null() } } }, async (req, reply) => {
    const user = requireUser(req);
    requireSessionCaller(user);
    await revokeToken(ctx, user, req.params.tokenId);
    return reply.code(204).send(null);
  });
}
