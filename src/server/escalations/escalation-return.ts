// A returned escalation goes back to its annotator:
//
//   lead returns ──▶ the annotator's assignment of the item re-opened at its old position
//                    (so it comes next), lease renewed; an expired one counts towards overlap again
//   queue serves the item ──▶ with returnedEscalation { comment } while the return is the latest
//                    word on it: the annotator's later submission or new escalation ends it
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { annotations, assignments, escalations, items, type projects } from '../db/schema.ts';

type Project = typeof projects.$inferSelect;

/** Runs inside the decision's transaction: the item is back in the annotator's queue. */
export async function reopenForReturn(ctx: AppContext, tx: Tx, project: Project, e: { itemId: string; userId: string }): Promise<void> {
  const leaseUntil = new Date(ctx.now().getTime() + project.leaseMinutes * 60_000);
  const [a] = await tx
    .select()
    .from(assignments)
    .where(and(eq(assignments.userId, e.userId), eq(assignments.itemId, e.itemId)))
    .limit(1)
    .for('update');
  if (!a) return;
  await tx.update(assignments).set({ status: 'open', leaseExpiresAt: leaseUntil, doneAt: null }).where(eq(assignments.id, a.id));
  if (a.status === 'expired')
    await tx
      .update(items)
      .set({ assignedCount: sql`${items.assignedCount} + 1` })
      .where(eq(items.id, e.itemId));
}

/** For the queue: the lead's comment on items whose latest escalation by this annotator was returned and not yet acted on. */
export async function returnedNotesFor(db: DbOrTx, userId: string, itemIds: string[]): Promise<Map<string, { escalationId: string; comment: string }>> {
  const notes = new Map<string, { escalationId: string; comment: string }>();
  if (itemIds.length === 0) return notes;
  const latest = await db
    .selectDistinctOn([escalations.itemId], {
      id: escalations.id,
      itemId: escalations.itemId,
      status: escalations.status,
      explanation: escalations.explanation,
      decidedAt: escalations.decidedAt,
    })
    .from(escalations)
    .where(and(eq(escalations.userId, userId), inArray(escalations.itemId, itemIds)))
    .orderBy(escalations.itemId, desc(escalations.createdAt));
  for (const r of latest) {
    if (r.status !== 'returned' || !r.decidedAt) continue;
    // Labels submitted after the return answer it: the note has done its job.
    const [after] = await db
      .select({ id: annotations.id })
      .from(annotations)
      .where(and(eq(annotations.userId, userId), eq(annotations.itemId, r.itemId), gt(annotations.receivedAt, r.decidedAt)))
      .limit(1);
    if (!after) notes.set(r.itemId, { escalationId: r.id, comment: r.explanation });
  }
  return notes;
}
