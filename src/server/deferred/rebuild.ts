// `npm run rebuild`: every table derived from the revisions, recomputed from them, project by
// project, each in one transaction:
//   gold_scores, gold_aggregates (hourly), gold_totals, gold_daily, gold_confusions — every active
//     gold item's submissions replayed through the scoring runner's own steps (gold-rescore.ts);
//   work_aggregates, escalation_work — from each annotator's submitted revisions, in SQL;
//   escalation_counts, escalation_resolution_minutes — emptied with their watermark
//     (escalation_fold), so the next read folds every escalation again (escalation-figures.ts);
//   agreement_items — every item queued again and redone (agreement-items.ts).
// A revision still in the scoring queue (waiting, or parked after failing) is left out, as the
// incremental path leaves it out until the runner has done it; the runner then adds it as usual.
// The gold policy is not acted on again (nobody is paused by a rebuild).
import { asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import {
  agreementItems,
  escalationCounts,
  escalationFold,
  escalationResolutionMinutes,
  escalationWork,
  goldAggregates,
  goldAnswers,
  goldConfusions,
  goldDaily,
  goldScores,
  goldTotals,
  projects,
  workAggregates,
} from '../db/schema.ts';
import { refreshAgreementItems } from '../agreement/agreement-items.ts';
import { rescoreGoldItems } from '../gold/gold-rescore.ts';

export interface RebuildReport {
  projectId: string;
  goldItems: number;
  goldRevisions: number;
  agreementItems: number;
}

/** Revisions a sync stored and the scoring queue no longer holds: what the incremental tables count. */
const counted = (a: string) => sql.raw(`${a}.via_sync and not exists (select 1 from pending_scores q where q.revision_id = ${a}.id)`);

const GOLD_CHUNK = 500;

export async function rebuildProject(ctx: AppContext, projectId: string): Promise<RebuildReport> {
  const report = await ctx.db.transaction(async (tx) => {
    // One rebuild of a project at a time; the scoring runner's rows are locked row by row and left alone.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rebuild:${projectId}`}))`);
    for (const table of [
      goldScores,
      goldAggregates,
      goldTotals,
      goldDaily,
      goldConfusions,
      workAggregates,
      escalationWork,
      escalationCounts,
      escalationResolutionMinutes,
      escalationFold,
      agreementItems,
    ])
      await tx.delete(table).where(eq(table.projectId, projectId));
    await rebuildWork(tx, projectId);
    const gold = await tx.select({ itemId: goldAnswers.itemId }).from(goldAnswers).where(eq(goldAnswers.projectId, projectId));
    let goldRevisions = 0;
    for (let i = 0; i < gold.length; i += GOLD_CHUNK)
      goldRevisions += await rescoreGoldItems(
        ctx,
        tx,
        projectId,
        gold.slice(i, i + GOLD_CHUNK).map((g) => g.itemId),
      );
    // Every item with a revision is redone by the agreement refresher below.
    await tx.execute(sql`
      insert into agreement_pending (revision_id, project_id, item_id)
      select distinct on (item_id) id, project_id, item_id from annotations where project_id = ${projectId}
      order by item_id, received_at desc
      on conflict do nothing`);
    return { projectId, goldItems: gold.length, goldRevisions, agreementItems: 0 };
  });
  report.agreementItems = await refreshAgreementItems(ctx.db, projectId);
  return report;
}

/** work_aggregates and escalation_work, as the scoring runner and the sync hook keep them. */
async function rebuildWork(tx: Tx, projectId: string): Promise<void> {
  await tx.execute(sql`
    insert into work_aggregates (project_id, user_id, items, total_ms)
    select a.project_id, a.user_id, count(*)::int, coalesce(sum(a.duration_ms), 0)
    from annotations a where a.project_id = ${projectId} and ${counted('a')}
    group by a.project_id, a.user_id`);
  // Items: one per annotator and item they submitted a first revision of; labels: those of the
  // annotator's own current revision of each item (a reviewer's correction is not theirs).
  await tx.execute(sql`
    with own as (
      select distinct on (a.item_id, a.user_id) a.user_id, a.payload
      from annotations a
      where a.project_id = ${projectId} and a.reviewer_id is null and a.via_sync
      order by a.item_id, a.user_id, a.revision desc
    ), per_label as (
      select own.user_id, l.label, count(*)::int as items from own cross join lateral (
        select s->>'label' as label from jsonb_array_elements(coalesce(own.payload->'shapes', '[]'::jsonb)) s
        union select s->>'label' from jsonb_array_elements(coalesce(own.payload->'spans', '[]'::jsonb)) s
        union select jsonb_array_elements_text(coalesce(own.payload->'classes', '[]'::jsonb))
      ) l group by own.user_id, l.label
    ), whole as (
      select a.user_id, '' as label, count(*)::int as items from annotations a
      where a.project_id = ${projectId} and a.revision = 1 and a.via_sync
      group by a.user_id
    )
    insert into escalation_work (project_id, user_id, label, items)
    select ${projectId}::uuid, user_id, label, items from per_label union all select ${projectId}::uuid, user_id, label, items from whole`);
}

/** Every project, one after another. */
export async function rebuildAll(ctx: AppContext, onProject?: (r: RebuildReport) => void): Promise<RebuildReport[]> {
  const all = await ctx.db.select({ id: projects.id }).from(projects).orderBy(asc(projects.createdAt));
  const out: RebuildReport[] = [];
  for (const { id } of all) {
    const r = await rebuildProject(ctx, id);
    onProject?.(r);
    out.push(r);
  }
  return out;
}
