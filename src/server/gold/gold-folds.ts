// The gold roll-ups (gold_aggregates hourly, gold_totals, gold_daily, gold_confusions) change by
// deltas: +1 and the score when a submission is scored, −1 and its score when a later one replaces
// it. Deltas are summed in memory per row key and written with one multi-row upsert per table, so
// scoring a batch costs four statements however many gold items and labels it holds (a statement
// per label and table before: about twenty round trips per gold item).
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { goldAggregates, goldConfusions, goldDaily, goldTotals } from '../db/schema.ts';

const DAY_MS = 86_400_000;

/** What one scored submission adds to the roll-ups (its stored details carry the same fields). */
export interface FoldedScore {
  /** The hour the submission was received in (ms since the epoch, a multiple of an hour). */
  bucket: number;
  scores: Array<{ label: string; score: number }>;
  confusion: Array<{ truth: string; answer: string; count: number }>;
}

type Counted = { n: number; sum: number };

export class GoldFolds {
  private readonly hourly = new Map<string, { projectId: string; userId: string; label: string; bucket: Date; guidelineVersionId: string } & Counted>();
  private readonly totals = new Map<string, { projectId: string; userId: string; label: string; guidelineVersionId: string } & Counted>();
  private readonly daily = new Map<string, { projectId: string; userId: string; label: string; day: Date } & Counted>();
  private readonly confusions = new Map<string, { projectId: string; truth: string; answer: string; count: number }>();

  add(projectId: string, userId: string, guidelineVersionId: string, d: FoldedScore, sign: 1 | -1): void {
    const bucket = new Date(d.bucket);
    const day = new Date(Math.floor(d.bucket / DAY_MS) * DAY_MS);
    for (const s of d.scores) {
      count(
        this.hourly,
        [projectId, userId, s.label, d.bucket, guidelineVersionId],
        { projectId, userId, label: s.label, bucket, guidelineVersionId },
        sign,
        s.score,
      );
      count(this.totals, [projectId, userId, s.label, guidelineVersionId], { projectId, userId, label: s.label, guidelineVersionId }, sign, s.score);
      count(this.daily, [projectId, userId, s.label, day.getTime()], { projectId, userId, label: s.label, day }, sign, s.score);
    }
    for (const c of d.confusion) {
      const key = JSON.stringify([projectId, c.truth, c.answer]);
      const row = this.confusions.get(key) ?? { projectId, truth: c.truth, answer: c.answer, count: 0 };
      row.count += sign * c.count;
      this.confusions.set(key, row);
    }
  }

  /** Writes what was added since the last flush (a row key at most once per statement, as ON CONFLICT needs). */
  async flush(tx: Tx): Promise<void> {
    const hourly = drain(this.hourly);
    const totals = drain(this.totals);
    const daily = drain(this.daily);
    const confusions = drain(this.confusions);
    if (hourly.length > 0)
      await tx
        .insert(goldAggregates)
        .values(hourly)
        .onConflictDoUpdate({
          target: [goldAggregates.projectId, goldAggregates.userId, goldAggregates.label, goldAggregates.bucket, goldAggregates.guidelineVersionId],
          set: { n: sql`${goldAggregates.n} + excluded.n`, sum: sql`${goldAggregates.sum} + excluded.sum` },
        });
    if (totals.length > 0)
      await tx
        .insert(goldTotals)
        .values(totals)
        .onConflictDoUpdate({
          target: [goldTotals.projectId, goldTotals.userId, goldTotals.label, goldTotals.guidelineVersionId],
          set: { n: sql`${goldTotals.n} + excluded.n`, sum: sql`${goldTotals.sum} + excluded.sum` },
        });
    if (daily.length > 0)
      await tx
        .insert(goldDaily)
        .values(daily)
        .onConflictDoUpdate({
          target: [goldDaily.projectId, goldDaily.userId, goldDaily.label, goldDaily.day],
          set: { n: sql`${goldDaily.n} + excluded.n`, sum: sql`${goldDaily.sum} + excluded.sum` },
        });
    if (confusions.length > 0)
      await tx
        .insert(goldConfusions)
        .values(confusions)
        .onConflictDoUpdate({
          target: [goldConfusions.projectId, goldConfusions.truth, goldConfusions.answer],
          set: { count: sql`${goldConfusions.count} + excluded.count` },
        });
  }
}

function count<R extends Counted>(rows: Map<string, R>, key: unknown[], fields: Omit<R, 'n' | 'sum'>, sign: 1 | -1, score: number): void {
  const k = JSON.stringify(key);
  const row = rows.get(k) ?? ({ ...fields, n: 0, sum: 0 } as R);
  row.n += sign;
  row.sum += sign * score;
  rows.set(k, row);
}

function drain<R>(rows: Map<string, R>): R[] {
  const out = [...rows.values()];
  rows.clear();
  return out;
}

/** Folds one score in or out at once (re-scoring's removals, and callers without a batch). */
export async function fold(tx: Tx, projectId: string, userId: string, guidelineVersionId: string, d: FoldedScore, sign: 1 | -1): Promise<void> {
  const folds = new GoldFolds();
  folds.add(projectId, userId, guidelineVersionId, d, sign);
  await folds.flush(tx);
}
