// Escalation figures: rates per annotator and label, time to resolution, the open
// backlog by age and the overdue alert. Leads and authors read them (an author learns which labels
// the guideline leaves unclear); annotators get 403 — the figures name everyone's rate.
import { eq } from 'drizzle-orm';
import { EscalationAlertSetting, EscalationFigures } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { projects } from '../db/schema.ts';
import type { ZApp } from '../http/types.ts';
import { audit } from '../admin/audit.ts';
import { escalationFigures } from '../escalations/escalation-figures.ts';
import { ProjectParams } from './projects.ts';

export function escalationFigureRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects/:projectId/escalation-figures', { schema: { params: ProjectParams, response: { 200: EscalationFigures } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead', 'author']);
    return escalationFigures(ctx, project);
  });

  /** The alert age: an open escalation older than this many hours is on the lead's alert list. */
  app.put(
    '/api/projects/:projectId/escalation-settings',
    { schema: { params: ProjectParams, body: EscalationAlertSetting, response: { 200: EscalationAlertSetting } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead']);
      return ctx.db.transaction(async (tx) => {
        await tx.update(projects).set({ escalationAlertHours: req.body.alertHours }).where(eq(projects.id, project.id));
        await audit(tx, {
          actorId: user.id,
          action: 'escalation_settings_changed',
          projectId: project.id,
          details: { from: project.escalationAlertHours, to: req.body.alertHours },
          at: ctx.now(),
        });
        return { alertHours: req.body.alertHours };
      });
    },
  );
}
