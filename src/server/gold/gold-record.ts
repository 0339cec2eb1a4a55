import { sql, type SQL } from 'drizzle-orm';
import { WHOLE_ITEM } from '../../domain/dashboard/aggregates.ts';
import type { GoldRecord } from '../../domain/review/sampling.ts';
import { fromJson, textArray } from '../db/folded-read.ts';

/**
 * An annotator's whole-item gold record (points scored, items scored) in each of these projects,
 * read over the all-time roll-up (a few rows per annotator and guideline version; the hourly
 * aggregates it used to sum grow with every hour worked). A read for db/folded-read.ts, so the
 * review hook asks it in the same statement as its other read; goldRecordsFrom decodes the rows.
 */
export function goldRecordsRead(userId: string, projectIds: readonly string[]): SQL {
  return sql`select project_id as "projectId", coalesce(sum(n), 0) as n, coalesce(sum("sum"), 0) as "sum"
    from gold_totals where user_id = ${userId} and project_id = any(${textArray(projectIds)}::uuid[]) and label = ${WHOLE_ITEM}
    group by project_id`;
}

export function goldRecordsFrom(rows: unknown[]): Map<string, GoldRecord> {
  return new Map(
    (rows as Array<{ projectId: string; n: unknown; sum: unknown }>).map((r) => [r.projectId, { n: fromJson.number(r.n), correct: fromJson.number(r.sum) }]),
  );
}
