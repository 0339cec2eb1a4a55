// Instance administration: everyone's accounts, invitations, deactivation, password resets.
import { z } from 'zod';
import {
  AdminUser,
  AdminUserList,
  CreateInvitationRequest,
  Id,
  Invitation,
  InvitationCreated,
  InvitationList,
  PasswordResetCreated,
  UpdateUserRequest,
} from '../../domain/api/index.ts';
import { requireAdmin } from '../auth/guard.ts';
import { createInvitation, listInvitations, revokeInvitation } from '../admin/invitations.ts';
import { deactivateUser, issuePasswordReset, listUsers, reactivateUser, setAdmin } from '../admin/users.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';

const UserParams = z.strictObject({ userId: Id });
const InvitationParams = z.strictObject({ invitationId: Id });

export function adminRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/admin/users', { schema: { response: { 200: AdminUserList } } }, async (req) => {
    requireAdmin(req);
    return { users: await listUsers(ctx) };
  });
  app.put(
    '/api/admin/users/:userId',
    { config: { instanceAdmin: true }, schema: { params: UserParams, body: UpdateUserRequest, response: { 200: AdminUser } } },
    async (req) => setAdmin(ctx, requireAdmin(req), req.params.userId, req.body.isAdmin),
  );
  app.post('/api/admin/users/:userId/deactivate', { schema: { params: UserParams, response: { 200: AdminUser } } }, async (req) =>
    deactivateUser(ctx, requireAdmin(req), req.params.userId),
  );
  app.post('/api/admin/users/:userId/reactivate', { schema: { params: UserParams, response: { 200: AdminUser } } }, async (req) =>
    reactivateUser(ctx, requireAdmin(req), req.params.userId),
  );
  app.post('/api/admin/users/:userId/password-reset', { schema: { params: UserParams, response: { 200: PasswordResetCreated } } }, async (req) =>
    issuePasswordReset(ctx, req, requireAdmin(req).id, req.params.userId),
  );

  app.get('/api/admin/invitations', { schema: { response: { 200: InvitationList } } }, async (req) => {
    requireAdmin(req);
    return { invitations: await listInvitations(ctx) };
  });
  app.post(
    '/api/admin/invitations',
    { config: { instanceAdmin: true }, schema: { body: CreateInvitationRequest, response: { 201: InvitationCreated } } },
    async (req, reply) => {
      const created = await createInvitation(ctx, req, requireAdmin(req), req.body);
      return reply.code(201).send(created);
    },
  );
  app.delete('/api/admin/invitations/:invitationId', { schema: { params: InvitationParams, response: { 200: Invitation } } }, async (req) =>
    revokeInvitation(ctx, requireAdmin(req), req.params.invitationId),
  );
}
