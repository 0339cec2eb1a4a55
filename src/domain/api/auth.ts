import { z } from 'zod';
import { Id, Role } from './common.ts';

export const LoginRequest = z.strictObject({
  email: z.email({ message: 'enter an email address' }).max(254),
  password: z.string().min(1, 'enter your password').max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const User = z.object({ id: Id, email: z.string(), displayName: z.string() });
export type User = z.infer<typeof User>;

export const Membership = z.object({ projectId: Id, roles: z.array(Role) });
/**
 * isAdmin: an instance administrator (accounts, invitations, new projects; see api/admin.ts). The
 * server always sends it; optional only so fixtures written before it stay valid (absent = false).
 */
export const Me = z.object({ user: User, isAdmin: z.boolean().optional(), memberships: z.array(Membership) });
export type Me = z.infer<typeof Me>;
