import { and, eq, inArray, sql } from 'drizzle-orm';
import { WHOLE_ITEM } from '../../domain/dashboard/aggregates.ts';
import type { GoldRecord } from '../../domain/review/sampling.ts';
import type { DbOrTx } from '../db/client.ts';
import { goldTotals } from '../db/schema.ts';

/**
 * An annotator's whole-item gold record (points scored, items scored) in each of these projects,
 * in one query over the all-time roll-up (a few rows per annotator and guideline version; the
 * hourly aggregates it used to sum grow with every hour worked).
 */
export async function goldRecordsOf(db: DbOrTx, userId: string, projectIds: readonly string[]): Promise<Map<string, GoldRecord>> {
  const rows = await db
    .select({ projectId: goldTotals.projectId, n: sql<number>`coalesce(sum(${goldTotals.n}), 0)`, sum: sql<number>`coalesce(sum(${goldTotals.sum}), 0)` })
    .from(goldTotals)
    .where(and(eq(goldTotals.userId, userId), inArray(goldTotals.projectId, [...projectIds]), eq(goldTotals.label, WHOLE_ITEM)))
    .groupBy(goldTotals.projectId);
  return new Map(rows.map((r) => [r.projectId, { n: Number(r.n), correct: Number(r.sum) }]));
}
