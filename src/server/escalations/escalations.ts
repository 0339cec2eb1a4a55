// Escalations on the wire, and the annotator's own list of them with their outcomes.
// The lead's side lives beside this: escalation-queue.ts (list, detail) and escalation-decide.ts
// (resolve or return, one or several at once).
import { and, desc, eq } from 'drizzle-orm';
import type { Escalation } from '../../domain/api/index.ts';
import type { Db } from '../db/client.ts';
import { escalations } from '../db/schema.ts';

type Row = typeof escalations.$inferSelect;

export const toWire = (r: Row): Escalation => ({
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
