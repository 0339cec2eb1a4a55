// First run and one-time links: public routes, each guarded by its secret token.
import { z } from 'zod';
import { AcceptAccountLinkRequest, AccountLinkInfo, FirstAdminRequest, LinkToken, Me, SetupStatus } from '../../domain/api/index.ts';
import { signIn } from '../auth/sign-in.ts';
import { describeLink, liveLink } from '../admin/account-links.ts';
import { createFirstAdmin, needsFirstAdmin } from '../admin/first-run.ts';
import { acceptInvitation } from '../admin/invitations.ts';
import { acceptPasswordReset } from '../admin/users.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';

const TokenParams = z.strictObject({ token: LinkToken });

export function setupRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/setup', { config: { public: true }, schema: { response: { 200: SetupStatus } } }, async () => ({
    needsFirstAdmin: await needsFirstAdmin(ctx.db),
  }));

  app.post('/api/setup/first-admin', { config: { public: true }, schema: { body: FirstAdminRequest, response: { 200: Me } } }, async (req, reply) => {
    const userId = await createFirstAdmin(ctx, req.body);
    return signIn(ctx, reply, userId);
  });

  app.get('/api/account-links/:token', { config: { public: true }, schema: { params: TokenParams, response: { 200: AccountLinkInfo } } }, async (req) =>
    describeLink(ctx, req.params.token),
  );

  app.post(
    '/api/account-links/:token/accept',
    { config: { public: true }, schema: { params: TokenParams, body: AcceptAccountLinkRequest, response: { 200: Me } } },
    async (req, reply) => {
      const link = await liveLink(ctx, req.params.token, ['invitation', 'password_reset']);
      const userId = link.kind === 'invitation' ? await acceptInvitation(ctx, link, req.body) : await acceptPasswordReset(ctx, link, req.body);
      return signIn(ctx, reply, userId);
    },
  );
}
