// Sending labels back after a label-changing version, in chunks after the publish committed.
//
//   publish tx (short: holds the project row)   writes the version with requeue = {labels, afterSeq: -1}
//        │ commit
//        ▼
//   chunk tx ×N (each: the next CHUNK items by seq)
//        lock the version row (two servers never do the same chunk), lock the chunk's assignments
//        of annotators who labelled them (a sync closing one of them waits at most one chunk),
//        read the latest revision of each (item, annotator), keep those made under an older
//        version whose labels — read in the current schema — use a label sent back,
//        upsert their tasks and re-open their assignments, all set-based; advance afterSeq
//   last chunk: requeue = null
//
// A submission arriving meanwhile is judged by the afterSubmit hook against the published version
// (reannotation.ts), so nothing slips between the publish and its chunks; a crash leaves the
// cursor where it was and the server resumes on start.
import { and, asc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import { redoLabels } from '../../domain/taxonomy/mapping.ts';
import { compareVersions } from '../../domain/guidelines/versioning.ts';
import type { AppContext } from '../context.ts';
import { annotations, assignments, guidelineVersions, items, projects, reannotationTasks } from '../db/schema.ts';
import { CURRENT } from '../answers/current-answers.ts';

export const REQUEUE_CHUNK = 500;

/** Does one chunk of a version's re-queueing; returns how many labels it sent back, or null when nothing is left. */
export async function requeueChunk(ctx: AppContext, versionId: string, chunk = REQUEUE_CHUNK): Promise<number | null> {
  return ctx.db.transaction(async (tx) => {
    const [v] = await tx.select().from(guidelineVersions).where(eq(guidelineVersions.id, versionId)).for('update');
    if (!v?.requeue) return null;
    const job = v.requeue;
    const [project] = await tx
      .select({ labelSchema: projects.labelSchema, leaseMinutes: projects.leaseMinutes })
      .from(projects)
      .where(eq(projects.id, v.projectId));
    const its = await tx
      .select({ id: items.id, seq: items.seq })
      .from(items)
      .where(and(eq(items.projectId, v.projectId), gt(items.seq, job.afterSeq)))
      .orderBy(asc(items.seq))
      .limit(chunk);
    if (its.length === 0 || !project) {
      await tx.update(guidelineVersions).set({ requeue: null }).where(eq(guidelineVersions.id, versionId));
      return null;
    }
    const itemIds = its.map((i) => i.id);
    // Lock first, then read: a sync that stored a newer revision on one of these items has
    // committed by the time the read below runs, so it is judged on that revision.
    // (By annotator and item, so the (user, item) index finds them: assignments has no item-first index.)
    await tx.execute(sql`SELECT a.id FROM ${assignments} a
      JOIN (SELECT DISTINCT user_id, item_id FROM ${annotations} WHERE item_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(itemIds)}::jsonb)::uuid)) r ON a.user_id = r.user_id AND a.item_id = r.item_id
      ORDER BY a.id FOR UPDATE OF a`);
    const current = await tx
      .selectDistinctOn([...CURRENT.distinctOn], {
        id: annotations.id,
        itemId: annotations.itemId,
        userId: annotations.userId,
        payload: annotations.payload,
        major: guidelineVersions.major,
        minor: guidelineVersions.minor,
      })
      .from(annotations)
      .innerJoin(guidelineVersions, eq(guidelineVersions.id, annotations.guidelineVersionId))
      .where(inArray(annotations.itemId, itemIds))
      .orderBy(...CURRENT.orderBy);
    const back = current.flatMap((r) => {
      if (compareVersions(r, v) >= 0) return [];
      const labels = redoLabels(r.payload, project.labelSchema, job.labels);
      return labels.length > 0 ? [{ itemId: r.itemId, userId: r.userId, annotationId: r.id, labels }] : [];
    });
    if (back.length > 0) {
      const now = ctx.now();
      await tx
        .insert(reannotationTasks)
        .values(
          back.map((b) => ({
            id: ctx.newId(),
            projectId: v.projectId,
            itemId: b.itemId,
            userId: b.userId,
            annotationId: b.annotationId,
            versionId: v.id,
            labels: b.labels,
            status: 'open' as const,
            createdAt: now,
          })),
        )
        .onConflictDoUpdate({
          target: [reannotationTasks.userId, reannotationTasks.itemId],
          targetWhere: sql`status = 'open'`,
          // A task already open (an earlier major) is widened, not duplicated.
          set: {
            labels: sql`(select jsonb_agg(distinct x) from jsonb_array_elements(${reannotationTasks.labels} || excluded.labels) x)`,
            versionId: sql`excluded.version_id`,
            annotationId: sql`excluded.annotation_id`,
          },
        });
      const pairs = sql`jsonb_to_recordset(${JSON.stringify(back.map((b) => ({ item_id: b.itemId, user_id: b.userId })))}::jsonb) AS p(item_id uuid, user_id uuid)`;
      // An expired lease re-opened counts towards the item's overlap again.
      await tx.execute(sql`UPDATE ${items} SET assigned_count = ${items.assignedCount} + c.n
        FROM (SELECT a.item_id, count(*)::int AS n FROM ${pairs} JOIN ${assignments} a ON a.user_id = p.user_id AND a.item_id = p.item_id WHERE a.status = 'expired' GROUP BY a.item_id) c
        WHERE ${items.id} = c.item_id`);
      // Re-opened at its old position: it was done before the rest of the open queue, so it comes next.
      const leaseUntil = new Date(now.getTime() + project.leaseMinutes * 60_000);
      await tx.execute(sql`UPDATE ${assignments} a SET status = 'open', lease_expires_at = ${leaseUntil.toISOString()}::timestamptz, done_at = NULL
        FROM ${pairs} WHERE a.user_id = p.user_id AND a.item_id = p.item_id`);
    }
    const last = its[its.length - 1]!.seq;
    const done = its.length < chunk;
    await tx
      .update(guidelineVersions)
      .set({ requeue: done ? null : { ...job, afterSeq: last, sent: job.sent + back.length } })
      .where(eq(guidelineVersions.id, versionId));
    return back.length;
  });
}

/** Runs a version's re-queueing to the end; the number of labels sent back by these chunks. */
export async function runRequeue(ctx: AppContext, versionId: string): Promise<number> {
  let sent = 0;
  for (let n = await requeueChunk(ctx, versionId); n !== null; n = await requeueChunk(ctx, versionId)) sent += n;
  return sent;
}

/** On start: finishes what a crash or a stop left half done. */
export async function resumeRequeues(ctx: AppContext): Promise<void> {
  const pending = await ctx.db.select({ id: guidelineVersions.id }).from(guidelineVersions).where(isNotNull(guidelineVersions.requeue));
  for (const p of pending) await runRequeue(ctx, p.id);
}
