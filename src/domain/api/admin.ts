import { z } from 'zod';
import { Id, IsoDateTime, ProjectKind, Role } from './common.ts';
import { GuidelineSection } from './guidelines.ts';
import { LabelSchema } from './labels.ts';
import { PASSWORD_MIN_LENGTH, PASSWORD_RULE } from '../validation/password.ts';

// Running an instance: the first administrator, accounts and invitations, projects and their
// members, personal access tokens. Passwords are checked in full (length, common passwords, the
// email) by `passwordProblem` in domain/validation/password.ts; the schema checks only the length.

export const Email = z
  .email({ message: 'enter an email address' })
  .max(254)
  .transform((e) => e.trim().toLowerCase());
export const DisplayName = z.string().trim().min(1, 'enter a name').max(100, 'a name has at most 100 characters');
export const NewPassword = z.string().min(PASSWORD_MIN_LENGTH, PASSWORD_RULE).max(1024, 'a password has at most 1024 characters');
/** A one-time secret from a link or the server log; its length is bounded so a lookup stays cheap. */
export const LinkToken = z.string().min(1).max(200);

// ── First run ────────────────────────────────────────────────────────────────────────────────

/** GET /api/setup (public): the sign-in page tells the operator how to make the first administrator. */
export const SetupStatus = z.object({ needsFirstAdmin: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;

/** POST /api/setup/first-admin (public), with the one-time token the server printed in its log. Answers Me, signed in. */
export const FirstAdminRequest = z.strictObject({ token: LinkToken, email: Email, displayName: DisplayName, password: NewPassword });
export type FirstAdminRequest = z.infer<typeof FirstAdminRequest>;

/** Client routes the server's links point at (the log's setup link, invitation and reset links). */
export const setupPath = (token: string) => `/setup/${encodeURIComponent(token)}`;
export const accountLinkPath = (token: string) => `/account/${encodeURIComponent(token)}`;

// ── Account links: invitations and password resets ───────────────────────────────────────────

export const AccountLinkKind = z.enum(['invitation', 'password_reset']);
export type AccountLinkKind = z.infer<typeof AccountLinkKind>;

/** A link as handed to the administrator once: the token is never stored, only its hash. */
export const AccountLink = z.object({ url: z.string(), token: z.string(), expiresAt: IsoDateTime });
export type AccountLink = z.infer<typeof AccountLink>;

/** GET /api/account-links/{token} (public): what the link is for, before the person acts on it. */
export const AccountLinkInfo = z.object({
  kind: AccountLinkKind,
  email: z.string(),
  /** For a reset, the account's current name; for an invitation, none yet. */
  displayName: z.string().nullable(),
  expiresAt: IsoDateTime,
});
export type AccountLinkInfo = z.infer<typeof AccountLinkInfo>;

/** POST /api/account-links/{token}/accept (public): an invitation needs a displayName; answers Me, signed in. */
export const AcceptAccountLinkRequest = z.strictObject({ displayName: DisplayName.optional(), password: NewPassword });
export type AcceptAccountLinkRequest = z.infer<typeof AcceptAccountLinkRequest>;

// ── The signed-in person ──────────────────────────────────────────────────────────────────────

/** PUT /api/auth/me: answers Me. */
export const UpdateMeRequest = z.strictObject({ displayName: DisplayName });
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>;

/** POST /api/auth/password: 204; every other session of the account ends. */
export const ChangePasswordRequest = z.strictObject({ currentPassword: z.string().min(1, 'enter your current password').max(1024), newPassword: NewPassword });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

// ── Administration (instance administrators only) ─────────────────────────────────────────────

export const ProjectRoleGrant = z.strictObject({ projectId: Id, role: Role });
export type ProjectRoleGrant = z.infer<typeof ProjectRoleGrant>;

export const UserProjectRoles = z.object({ projectId: Id, projectName: z.string(), archived: z.boolean(), roles: z.array(Role) });

export const AdminUser = z.object({
  id: Id,
  email: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  active: z.boolean(),
  createdAt: IsoDateTime,
  lastSignInAt: IsoDateTime.nullable(),
  projects: z.array(UserProjectRoles),
});
export type AdminUser = z.infer<typeof AdminUser>;

/** GET /api/admin/users */
export const AdminUserList = z.object({ users: z.array(AdminUser) });
export type AdminUserList = z.infer<typeof AdminUserList>;

/** PUT /api/admin/users/{userId}: answers AdminUser. */
export const UpdateUserRequest = z.strictObject({ isAdmin: z.boolean() });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

/** POST /api/admin/users/{userId}/password-reset: the reset link (the old password keeps working until it is used). */
export const PasswordResetCreated = z.object({ link: AccountLink });
export type PasswordResetCreated = z.infer<typeof PasswordResetCreated>;

export const InvitationStatus = z.enum(['pending', 'accepted', 'revoked', 'expired']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

export const Invitation = z.object({
  id: Id,
  email: z.string(),
  isAdmin: z.boolean(),
  projectRoles: z.array(ProjectRoleGrant),
  status: InvitationStatus,
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  invitedBy: z.string().nullable(),
});
export type Invitation = z.infer<typeof Invitation>;

/** POST /api/admin/invitations */
export const CreateInvitationRequest = z.strictObject({
  email: Email,
  isAdmin: z.boolean().default(false),
  projectRoles: z.array(ProjectRoleGrant).max(200).default([]),
  expiresInDays: z.number().int().min(1).max(30).default(7),
});
export type CreateInvitationRequest = z.input<typeof CreateInvitationRequest>;
export const InvitationCreated = z.object({ invitation: Invitation, link: AccountLink });
export type InvitationCreated = z.infer<typeof InvitationCreated>;

/** GET /api/admin/invitations: every invitation, newest first. DELETE …/{invitationId} revokes one (answers Invitation). */
export const InvitationList = z.object({ invitations: z.array(Invitation) });
export type InvitationList = z.infer<typeof InvitationList>;

// ── Projects ──────────────────────────────────────────────────────────────────────────────────

export const ProjectName = z.string().trim().min(1, 'enter a project name').max(120, 'a project name has at most 120 characters');

/**
 * POST /api/projects (administrators): the creator becomes the project's lead (and author).
 * copySettingsFrom copies the queue, gold, review and escalation settings of a project the caller
 * leads (the form fills labels and guideline from it itself, so they can be edited first).
 * Answers ProjectDetail (201).
 */
export const CreateProjectRequest = z.strictObject({
  name: ProjectName,
  kind: ProjectKind,
  labelSchema: LabelSchema,
  guideline: z.strictObject({ sections: z.array(GuidelineSection).max(200) }),
  copySettingsFrom: Id.optional(),
});
export type CreateProjectRequest = z.input<typeof CreateProjectRequest>;

/** PUT /api/projects/{projectId} (lead): answers ProjectDetail. */
export const UpdateProjectRequest = z.strictObject({ name: ProjectName });
export type UpdateProjectRequest = z.infer<typeof UpdateProjectRequest>;

/** GET /api/project-templates (signed in). */
export const ProjectTemplate = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: ProjectKind,
  labelSchema: LabelSchema,
  sections: z.array(GuidelineSection),
});
export type ProjectTemplate = z.infer<typeof ProjectTemplate>;
export const ProjectTemplateList = z.object({ templates: z.array(ProjectTemplate) });
export type ProjectTemplateList = z.infer<typeof ProjectTemplateList>;

/** POST /api/label-schema/from-dataset (signed in): a migrating team's category list as a label schema. */
export const DatasetSchemaFormat = z.enum(['coco', 'yolo', 'voc', 'labelstudio']);
export type DatasetSchemaFormat = z.infer<typeof DatasetSchemaFormat>;
export const LabelSchemaFromDatasetRequest = z.strictObject({
  format: DatasetSchemaFormat,
  /** COCO: the annotations JSON. YOLO: classes.txt or data.yaml. VOC: labelmap.txt. Label Studio: the labeling config XML. */
  content: z
    .string()
    .min(1, 'the file is empty')
    .max(8 * 1024 * 1024, 'the file is larger than 8 MB'),
  kind: ProjectKind.optional(),
});
export type LabelSchemaFromDatasetRequest = z.infer<typeof LabelSchemaFromDatasetRequest>;
export const LabelSchemaFromDataset = z.object({ labelSchema: LabelSchema, kind: ProjectKind, warnings: z.array(z.string()) });
export type LabelSchemaFromDataset = z.infer<typeof LabelSchemaFromDataset>;

// ── Members (the project's leads, and administrators) ─────────────────────────────────────────

export const ProjectMember = z.object({
  userId: Id,
  email: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  roles: z.array(Role),
});
export type ProjectMember = z.infer<typeof ProjectMember>;

/** Every members route answers the whole list after its change. */
export const ProjectMemberList = z.object({ members: z.array(ProjectMember) });
export type ProjectMemberList = z.infer<typeof ProjectMemberList>;

/** POST /api/projects/{projectId}/members: the account must exist (administrators invite new people). */
export const AddMemberRequest = z.strictObject({ email: Email, roles: z.array(Role).min(1, 'choose at least one role').max(3) });
export type AddMemberRequest = z.infer<typeof AddMemberRequest>;

/** PUT /api/projects/{projectId}/members/{userId}: the member's whole set of roles; empty removes them. */
export const SetMemberRolesRequest = z.strictObject({ roles: z.array(Role).max(3) });
export type SetMemberRolesRequest = z.infer<typeof SetMemberRolesRequest>;

// ── Personal access tokens ────────────────────────────────────────────────────────────────────

/** read: GET and HEAD only. write: everything the owner may do. */
export const TokenScope = z.enum(['read', 'write']);
export type TokenScope = z.infer<typeof TokenScope>;

export const AccessToken = z.object({
  id: Id,
  name: z.string(),
  scope: TokenScope,
  /** Null: every project the owner may reach. */
  projectIds: z.array(Id).nullable(),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(),
  expired: z.boolean(),
});
export type AccessToken = z.infer<typeof AccessToken>;

/** GET /api/tokens: the caller's own tokens not revoked (expired ones included, flagged). */
export const AccessTokenList = z.object({ tokens: z.array(AccessToken) });
export type AccessTokenList = z.infer<typeof AccessTokenList>;

/** POST /api/tokens */
export const CreateAccessTokenRequest = z.strictObject({
  name: z.string().trim().min(1, 'name the token').max(100),
  expiresInDays: z.number().int().min(1, 'a token lasts at least 1 day').max(365, 'a token lasts at most 365 days'),
  scope: TokenScope,
  projectIds: z.array(Id).min(1).max(100).optional(),
});
export type CreateAccessTokenRequest = z.infer<typeof CreateAccessTokenRequest>;

/** The secret is in this answer only: send it as `Authorization: Bearer <token>`. */
export const AccessTokenCreated = z.object({ accessToken: AccessToken, token: z.string() });
export type AccessTokenCreated = z.infer<typeof AccessTokenCreated>;
