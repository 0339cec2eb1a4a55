// The project's decoy plan (domain/queue/decoys.ts) from its settings and its annotator count:
// the queue overlaps live items by it, and the lead's Settings show what it costs.
import { and, eq } from 'drizzle-orm';
import { decoyPlan, type DecoyPlan } from '../../domain/queue/decoys.ts';
import type { DbOrTx } from '../db/client.ts';
import { goldAnswers, memberships, type projects } from '../db/schema.ts';

type Project = typeof projects.$inferSelect;

export async function projectDecoyPlan(db: DbOrTx, project: Project): Promise<DecoyPlan> {
  const annotators = await db.$count(memberships, and(eq(memberships.projectId, project.id), eq(memberships.role, 'annotator')));
  // Without gold there is nothing for decoys to hide: no extra labels until the first gold item.
  const gold = await db.$count(goldAnswers, and(eq(goldAnswers.projectId, project.id), eq(goldAnswers.active, true)));
  // A gold item can reach no more annotators than the project has; with the rate adaptive, an
  // annotator may get up to the maximum rate, so the plan covers that.
  const exposureCap = Math.min(project.goldExposureCap ?? annotators, annotators);
  return decoyPlan({
    goldRate: gold === 0 ? 0 : project.goldAdaptive ? Math.max(project.goldRateMax, project.goldRateMin) : project.goldRate,
    exposureCap,
    overlap: project.overlap,
    overlapShare: project.overlapShare,
    collusionPrecision: project.collusionPrecision,
  });
}
