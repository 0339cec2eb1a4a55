// Review sampling: a live submission goes in front of a reviewer with the probability
// domain/review/sampling.ts gives its annotator. It is decided after the commit, by the scoring
// runner (gold/gold-scoring.ts), not inside the sync: a sampled live label would cost its sync a
// row that a gold label never writes, and over enough syncs an annotator timing their own would
// see which items are gold. Every submission, gold or live, only joins the scoring queue there.
//
// By the time the runner comes (a second or three later) the annotator may have saved the item
// again, or a reviewer corrected it: only a revision that is still the annotator's latest on the
// item is sampled, and an open task on an older one is superseded. A reviewer deciding a task in
// between is told the labels changed (reviews.ts).
import { sql } from 'drizzle-orm';
import { reviewProbability } from '../../domain/review/sampling.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { fromJson, readFolded, textArray } from '../db/folded-read.ts';
import { goldRecordKey, goldRecordsFrom, goldRecordsRead } from '../gold/gold-record.ts';

/** A submission as the runner knows it. */
export interface SampledSubmission {
  revisionId: string;
  userId: string;
  projectId: string;
  itemId: string;
  receivedAt: Date;
}

/** Samples these submissions for review and supersedes the open tasks they replace: a read and an update, and an insert when any is sampled. */
export async function sampleForReview(ctx: AppContext, tx: Tx, subs: readonly SampledSubmission[]): Promise<void> {
  if (subs.length === 0) return;
  // The (item, annotator) pairs submitted, as two aligned arrays.
  const pairs = [...new Map(subs.map((s) => [`${s.itemId}/${s.userId}`, s])).values()];
  const pairItems = textArray(pairs.map((s) => s.itemId));
  const pairUsers = textArray(pairs.map((s) => s.userId));
  const submitted = sql`unnest(${pairItems}::uuid[], ${pairUsers}::uuid[]) as s(item_id, user_id)`;
  const itemIds = textArray([...new Set(subs.map((s) => s.itemId))]);
  const userIds = [...new Set(subs.map((s) => s.userId))];
  const projectIds = [...new Set(subs.map((s) => s.projectId))];
  const read = await readFolded(tx, {
    projects: sql`select id, review_rate as "reviewRate", gold_target_accuracy as "target" from projects where id = any(${textArray(projectIds)}::uuid[])`,
    excluded: sql`select item_id as "itemId" from gold_answers where item_id = any(${itemIds}::uuid[])
      union select id from items where id = any(${itemIds}::uuid[]) and quiz`,
    latest: sql`select distinct on (a.item_id, a.user_id) a.id from annotations a
      join ${submitted} on a.item_id = s.item_id and a.user_id = s.user_id
      order by a.item_id, a.user_id, a.revision desc`,
    records: goldRecordsRead(userIds, projectIds),
  });
  const projects = new Map(
    (read.projects as Array<{ id: string; reviewRate: unknown; target: unknown }>).map((p) => [
      p.id,
      { reviewRate: fromJson.number(p.reviewRate), target: fromJson.number(p.target) },
    ]),
  );
  // Gold and quiz items are scored against their answers, never reviewed.
  const excluded = new Set((read.excluded as Array<{ itemId: string }>).map((r) => r.itemId));
  const latest = new Set((read.latest as Array<{ id: string }>).map((r) => r.id));
  const records = goldRecordsFrom(read.records);

  const sampled = subs.filter((s) => {
    const project = projects.get(s.projectId);
    if (!project || !latest.has(s.revisionId) || excluded.has(s.itemId)) return false;
    const record = records.get(goldRecordKey(s.projectId, s.userId)) ?? { n: 0, correct: 0 };
    return ctx.random() < reviewProbability(project.reviewRate, record, project.target);
  });
  // The annotator's newer revision replaces the one waiting for review. "Newer" is asked of the
  // rows themselves, not of the read above: a revision committed since, and a task made for it
  // meanwhile (a lead sending it to review), must not be superseded.
  await tx.execute(sql`
    UPDATE review_tasks t SET status = 'superseded'
    FROM ${submitted}
    WHERE t.status = 'open' AND t.item_id = s.item_id AND t.annotator_id = s.user_id
      AND EXISTS (
        SELECT 1 FROM annotations reviewed JOIN annotations newer ON newer.item_id = reviewed.item_id AND newer.user_id = reviewed.user_id
        WHERE reviewed.id = t.annotation_id AND newer.revision > reviewed.revision)`);
  if (sampled.length === 0) return;
  const rows = sampled.map((s) => ({
    id: ctx.newId(),
    project_id: s.projectId,
    item_id: s.itemId,
    annotator_id: s.userId,
    annotation_id: s.revisionId,
    created_at: s.receivedAt.toISOString(),
  }));
  await tx.execute(sql`
    INSERT INTO review_tasks (id, project_id, item_id, annotator_id, annotation_id, created_at)
    SELECT id, project_id, item_id, annotator_id, annotation_id, created_at
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS t(id uuid, project_id uuid, item_id uuid, annotator_id uuid, annotation_id uuid, created_at timestamptz)
    ON CONFLICT DO NOTHING`);
}
