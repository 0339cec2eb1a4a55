import type { DbOrTx } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';

export type AuditAction =
  | 'import'
  | 'login'
  | 'login_failed'
  | 'login_locked'
  | 'logout'
  | 'role_granted'
  | 'role_revoked'
  | 'guideline_published'
  // Gold changes (gold/gold-answers.ts writes the first two).
  | 'gold_created'
  | 'gold_replaced'
  | 'gold_reverified'
  | 'export'
  | 'export_finished'
  | 'user_created'
  | 'review_decided'
  | 'review_from_items'
  | 'escalation_decided'
  | 'review_settings_changed'
  | 'escalation_settings_changed'
  | 'guideline_proposal_created'
  | 'guideline_proposal_decided'
  // Administration (server/admin, server/projects, auth/tokens).
  | 'setup_link_issued'
  | 'first_admin_created'
  | 'invitation_created'
  | 'invitation_revoked'
  | 'invitation_accepted'
  | 'password_reset_issued'
  | 'password_reset'
  | 'password_changed'
  | 'profile_changed'
  | 'user_deactivated'
  | 'user_reactivated'
  | 'admin_granted'
  | 'admin_revoked'
  | 'project_created'
  | 'project_renamed'
  | 'project_archived'
  | 'project_unarchived'
  | 'member_roles_changed'
  | 'token_created'
  | 'token_revoked';

/** Security-relevant actions, append-only. */
export async function audit(
  db: DbOrTx,
  entry: { actorId: string | null; action: AuditAction; projectId?: string | null; details?: Record<string, unknown>; at: Date },
): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    projectId: entry.projectId ?? null,
    details: entry.details ?? {},
    at: entry.at,
  });
}
