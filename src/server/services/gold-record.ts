import { and, eq, sql } from 'drizzle-orm';
import { WHOLE_ITEM } from '../../domain/dashboard/aggregates.ts';
import type { GoldRecord } from '../../domain/review/sampling.ts';
import type { DbOrTx } from '../db/client.ts';
import { goldAggregates } from '../db/schema.ts';

/** An annotator's whole-item gold record in a project (points scored, items scored), from the aggregates. */
export async function goldRecordOf(db: DbOrTx, projectId: string, userId: string): Promise<GoldRecord> {
  const [t] = await db
    .select({ n: sql<number>`coalesce(sum(${goldAggregates.n}), 0)`, sum: sql<number>`coalesce(sum(${goldAggregates.sum}), 0)` })
    .from(goldAggregates)
    .where(and(eq(goldAggregates.projectId, projectId), eq(goldAggregates.userId, userId), eq(goldAggregates.label, WHOLE_ITEM)));
  return { n: Number(t?.n ?? 0), correct: Number(t?.sum ?? 0) };
}
