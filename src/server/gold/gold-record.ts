import { sql, type SQL } from 'drizzle-orm';
import { WHOLE_ITEM } from '../../domain/dashboard/aggregates.ts';
import type { GoldRecord } from '../../domain/review/sampling.ts';
import { fromJson, textArray } from '../db/folded-read.ts';

/**
 * Annotators' whole-item gold records (points scored, items scored) in these projects, read over
 * the all-time roll-up (a few rows per annotator and guideline version; the hourly aggregates it
 * used to sum grow with every hour worked). A read for db/folded-read.ts, so the review sampling
 * asks it in the same statement as its other reads; goldRecordsFrom decodes the rows.
 */
export function goldRecordsRead(userIds: readonly string[], projectIds: readonly string[]): SQL {
  return sql`select project_id as "projectId", user_id as "userId", coalesce(sum(n), 0) as n, coalesce(sum("sum"), 0) as "sum"
    from gold_totals where user_id = any(${textArray(userIds)}::uuid[]) and project_id = any(${textArray(projectIds)}::uuid[]) and label = ${WHOLE_ITEM}
    group by project_id, user_id`;
}

/** The records read, keyed by goldRecordKey. */
export function goldRecordsFrom(rows: unknown[]): Map<string, GoldRecord> {
  return new Map(
    (rows as Array<{ projectId: string; userId: string; n: unknown; sum: unknown }>).map((r) => [
      goldRecordKey(r.projectId, r.userId),
      { n: fromJson.number(r.n), correct: fromJson.number(r.sum) },
    ]),
  );
}

export const goldRecordKey = (projectId: string, userId: string) => `${projectId}/${userId}`;
