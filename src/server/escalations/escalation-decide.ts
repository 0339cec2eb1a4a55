// A lead's decision on one escalation or on several look-alikes at once: resolve with a
// ruling (checked against the label schema and each item) and maybe promote it to gold, or
// return it to the annotator with a comment.
//
// All or nothing. The decision is one conditional update on status 'open' inside a transaction
// with the gold promotions, the returns and the audit entries; if any escalation is no longer
// open (another lead got there first, even a moment ago) the whole decision is rolled back and
// answered 409 naming those escalations. Nothing is overwritten and nothing is half-applied.
import { and, eq, inArray } from 'drizzle-orm';
import type { DecideEscalation, LeadEscalation } from '../../domain/api/index.ts';
import { validateAnnotation } from '../../domain/validation/annotation.ts';
import type { SessionUser } from '../auth/guard.ts';
import { cpuOf, type AppContext } from '../context.ts';
import { knownOutline, precheckPayloads } from '../cpu/outlines.ts';
import { escalations, items, type projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from '../admin/audit.ts';
import { loadLeadEscalations } from './escalation-queue.ts';
import { reopenForReturn } from './escalation-return.ts';
import { saveGoldAnswer } from '../gold/gold-answers.ts';
import { currentGuideline } from '../guidelines/guidelines.ts';
import { itemContent } from '../queue/item-view.ts';

type Project = typeof projects.$inferSelect;
type Status = (typeof escalations.$inferSelect)['status'];

function alreadyDecided(rows: Array<{ id: string; status: Status }>, bulk: boolean): HttpError {
  const details = { alreadyDecided: rows.map((r) => ({ id: r.id, status: r.status })) };
  if (!bulk) {
    const status = rows[0]?.status;
    return new HttpError(
      'conflict',
      `This escalation was already ${status === 'open' || !status ? 'decided' : status} by another lead; reload to see their decision. Nothing was changed.`,
      details,
    );
  }
  const named = rows.map((r) => `${r.id} (${r.status})`).join(', ');
  return new HttpError(
    'conflict',
    `${rows.length} of these escalations were already decided by another lead: ${named}. Nothing was changed; reload and pick again.`,
    details,
  );
}

/** `bulk`: asked through the bulk endpoint, whose answers name the escalations they are about. */
export async function decideEscalations(
  ctx: AppContext,
  project: Project,
  ids: readonly string[],
  lead: SessionUser,
  body: DecideEscalation,
  bulk = false,
): Promise<LeadEscalation[]> {
  const current = await ctx.db
    .select()
    .from(escalations)
    .where(and(inArray(escalations.id, [...ids]), eq(escalations.projectId, project.id)));
  const found = new Set(current.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new HttpError(
      'not_found',
      bulk ? `These escalations were not found in this project: ${missing.join(', ')}.` : 'That escalation was not found in this project.',
    );

  if (body.action === 'resolve') {
    // One ruling for several items: it has to fit every one of them (a span past a shorter text, a box off a smaller image).
    const rows = await ctx.db
      .select()
      .from(items)
      .where(inArray(items.id, [...new Set(current.map((r) => r.itemId))]));
    const byId = new Map(rows.map((i) => [i.id, i]));
    await precheckPayloads(cpuOf(ctx), [body.ruling]);
    for (const e of current) {
      const problems = validateAnnotation(project.labelSchema, itemContent(project, byId.get(e.itemId)), body.ruling, { knownOutline });
      if (problems.length === 0) continue;
      const where = bulk ? ` on the item of escalation ${e.id}` : '';
      throw new HttpError('validation_failed', `The ruling's labels break the label schema${where}: ${problems[0]?.message}`, { problems, escalationId: e.id });
    }
  }
  // Said before the transaction when already visible; the conditional update below catches a race.
  const closed = current.filter((r) => r.status !== 'open');
  if (closed.length > 0) throw alreadyDecided(closed, bulk);

  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(escalations)
      .set({
        status: body.action === 'resolve' ? 'resolved' : 'returned',
        ruling: body.action === 'resolve' ? body.ruling : null,
        explanation: body.explanation,
        decidedBy: lead.id,
        decidedAt: now,
      })
      .where(and(inArray(escalations.id, [...ids]), eq(escalations.projectId, project.id), eq(escalations.status, 'open')))
      .returning();
    if (updated.length !== ids.length) {
      const got = new Set(updated.map((u) => u.id));
      const lost = await tx
        .select({ id: escalations.id, status: escalations.status })
        .from(escalations)
        .where(
          inArray(
            escalations.id,
            ids.filter((id) => !got.has(id)),
          ),
        );
      throw alreadyDecided(lost, bulk);
    }
    const promote = body.action === 'resolve' && body.promoteToGold;
    const version = promote ? await currentGuideline(tx, project.id) : null;
    const promoted = new Set<string>();
    for (const e of updated) {
      // A return hands the item back: it is in the annotator's queue again, with the comment.
      if (body.action === 'return') await reopenForReturn(ctx, tx, project, e);
      // Two annotators may have escalated the same item: it gets one gold answer.
      if (body.action === 'resolve' && version && !promoted.has(e.itemId)) {
        promoted.add(e.itemId);
        await saveGoldAnswer(ctx, tx, {
          projectId: project.id,
          itemId: e.itemId,
          answer: body.ruling,
          justification: body.explanation,
          guidelineVersionId: version.id,
          createdBy: lead.id,
          source: 'escalation',
        });
      }
      await audit(tx, {
        actorId: lead.id,
        action: 'escalation_decided',
        projectId: project.id,
        details: {
          escalationId: e.id,
          action: body.action,
          itemId: e.itemId,
          annotatorId: e.userId,
          promoteToGold: promote && body.action === 'resolve',
          bulk: bulk ? ids.length : 0,
        },
        at: now,
      });
    }
  });
  return loadLeadEscalations(ctx.db, and(inArray(escalations.id, [...ids]), eq(escalations.projectId, project.id)), now);
}
