// The lead's side of escalations (issue 7): list with allow-listed filters, and decide — resolve
// with a ruling or return with a comment. A decision is a conditional update on status 'open',
// so of two leads deciding at once the second finds no open row and is told (409); nothing is
// overwritten.
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import type { DecideEscalation, Escalation, EscalationQuery } from '../../domain/api/index.ts';
import { validateAnnotation, type ItemContent } from '../../domain/validation/annotation.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { saveGoldAnswer } from './gold-answers.ts';
import { reopenForReturn } from './escalation-return.ts';
import { currentGuideline } from './guidelines.ts';
import { escalations, items, type projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';

type Row = typeof escalations.$inferSelect;
type Project = typeof projects.$inferSelect;

const toWire = (r: Row): Escalation => ({
  id: r.id,
  projectId: r.projectId,
  itemId: r.itemId,
  annotatorId: r.userId,
  guidelineVersionId: r.guidelineVersionId,
  reason: r.reason,
  note: r.note,
  guidelineRef: r.guidelineRef,
  labels: r.labels,
  tentative: r.tentative ?? null,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
  ruling: r.ruling ?? null,
  explanation: r.explanation,
  decidedAt: r.decidedAt?.toISOString() ?? null,
});

export async function listEscalations(db: Db, projectId: string, q: EscalationQuery): Promise<Escalation[]> {
  const where: SQL[] = [eq(escalations.projectId, projectId), eq(escalations.status, q.status)];
  if (q.reason) where.push(eq(escalations.reason, q.reason));
  if (q.annotatorId) where.push(eq(escalations.userId, q.annotatorId));
  const rows = await db
    .select()
    .from(escalations)
    .where(and(...where))
    .orderBy(q.sort === 'oldest' ? asc(escalations.createdAt) : desc(escalations.createdAt))
    .limit(500);
  return rows.map(toWire);
}

/** The annotator's own escalations and their outcomes — filtered by the caller's id, never anyone else's. */
export async function myEscalations(db: Db, projectId: string, userId: string): Promise<Escalation[]> {
  const rows = await db
    .select()
    .from(escalations)
    .where(and(eq(escalations.projectId, projectId), eq(escalations.userId, userId)))
    .orderBy(desc(escalations.createdAt))
    .limit(500);
  return rows.map(toWire);
}

export async function decideEscalation(ctx: AppContext, project: Project, escalationId: string, leadId: string, body: DecideEscalation): Promise<Escalation> {
  const db = ctx.db;
  const now = ctx.now();
  const [current] = await db.select().from(escalations).where(and(eq(escalations.id, escalationId), eq(escalations.projectId, project.id))).limit(1);
  if (!current) throw new HttpError('not_found', 'That escalation was not found in this project.');
  if (body.action === 'resolve') {
    const [item] = await db.select().from(items).where(eq(items.id, current.itemId)).limit(1);
    const content: ItemContent = project.kind === 'image' ? { kind: 'image', width: item?.width ?? 0, height: item?.height ?? 0 } : { kind: 'text', text: item?.text ?? '' };
    const problems = validateAnnotation(project.labelSchema, content, body.ruling);
    if (problems.length > 0) throw new HttpError('validation_failed', `The ruling's labels break the label schema: ${problems[0]?.message}`, { problems });
  }
  // One transaction: the decision and the gold promotion land together or not at all.
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(escalations)
      .set({
        status: body.action === 'resolve' ? 'resolved' : 'returned',
        ruling: body.action === 'resolve' ? body.ruling : null,
        explanation: body.explanation,
        decidedBy: leadId,
        decidedAt: now,
      })
      .where(and(eq(escalations.id, escalationId), eq(escalations.status, 'open')))
      .returning();
    if (!updated) throw new HttpError('conflict', `This escalation was already ${current.status === 'open' ? 'decided' : current.status} by another lead; reload to see their decision. Nothing was changed.`);
    // A return hands the item back: it is in the annotator's queue again, with the comment.
    if (body.action === 'return') await reopenForReturn(ctx, tx, project, updated);
    if (body.action === 'resolve' && body.promoteToGold) {
      const version = await currentGuideline(tx, project.id);
      await saveGoldAnswer(ctx, tx, { projectId: project.id, itemId: updated.itemId, answer: body.ruling, justification: body.explanation, guidelineVersionId: version.id, createdBy: leadId, source: 'escalation' });
    }
    return toWire(updated);
  });
}
