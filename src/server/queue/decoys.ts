// The project's decoy plan (domain/queue/decoys.ts) from its settings and its annotator count:
// the queue overlaps live items by it, and the lead's Settings show what it costs.
import { sql } from 'drizzle-orm';
import { decoyPlan, type DecoyPlan } from '../../domain/queue/decoys.ts';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { goldAnswers, memberships, type projects } from '../db/schema.ts';

type Project = typeof projects.$inferSelect;

export async function projectDecoyPlan(db: DbOrTx, project: Project): Promise<DecoyPlan> {
  // Without gold there is nothing for decoys to hide: no extra labels until the first gold item.
  // Whether any gold exists, not how many: a count would read every gold row on every queue fetch.
  const res = await db.execute(sql`SELECT
    (SELECT count(*)::int FROM ${memberships} WHERE project_id = ${project.id} AND role = 'annotator') AS annotators,
    EXISTS (SELECT 1 FROM ${goldAnswers} WHERE project_id = ${project.id} AND active) AS any_gold`);
  const [counts] = rowsOf<{ annotators: number; any_gold: boolean }>(res);
  const annotators = Number(counts?.annotators ?? 0);
  const anyGold = counts?.any_gold === true;
  // A gold item can reach no more annotators than the project has; with the rate adaptive, an
  // annotator may get up to the maximum rate, so the plan covers that.
  const exposureCap = Math.min(project.goldExposureCap ?? annotators, annotators);
  return decoyPlan({
    goldRate: !anyGold ? 0 : project.goldAdaptive ? Math.max(project.goldRateMax, project.goldRateMin) : project.goldRate,
    exposureCap,
    overlap: project.overlap,
    overlapShare: project.overlapShare,
    collusionPrecision: project.collusionPrecision,
  });
}
