// Queue assignment. State of one (annotator, item) assignment:
//
//   (none) ──serve──▶ open ──submit──▶ done
//                      │  ▲
//      lease runs out  │  │ same annotator fetches again (lease renewed)
//                      ▼
//                   expired ──late submit──▶ done   (accepted and reconciled, never lost)
//
// Live items go to at most `overlap` annotators at once (or one, for items outside the project's
// overlap share); `items.assigned_count` holds the number of open + done assignments on the row
// itself, so `FOR UPDATE SKIP LOCKED` re-checks it when two servers race for the same item. The
// unique (user, item) index makes "never the same annotator twice on an item" a database fact.
// Calibration items go to every annotator once, before other live work. Gold items go to every
// annotator once, interleaved at the project's (or the adaptive, per-annotator) rate with a
// minimum gap. Gold and live rows leave through the same toQueueItem, so they look the same.
// With a qualification quiz set, an annotator who has not passed it gets only quiz items.
// Hidden repeats (queue/repeats.ts), when the project turns them on, take slots of the same
// position sequence among new work and leave through repeatQueueItem, shaped like any item.
import { and, asc, eq, inArray, notExists, sql } from 'drizzle-orm';
import type { AnnotationPayload, QueueItem } from '../../domain/api/index.ts';
import { goldRateFor } from '../../domain/queue/gold-rate.ts';
import { mayDoLiveWork } from '../../domain/queue/qualification.ts';
import { planSlots } from '../../domain/queue/interleave.ts';
import type { AppContext } from '../context.ts';
import { rowsOf, type DbOrTx, type Tx } from '../db/client.ts';
import type { projects } from '../db/schema.ts';
import { assignments, goldAnswers, goldScores, itemRepeats, items, preAnnotations } from '../db/schema.ts';
import { projectDecoyPlan } from './decoys.ts';
import { drawGold } from './gold-draw.ts';
import { isAnnotatorPaused } from '../gold/gold-policy.ts';
import { qualificationOf } from './qualification.ts';
import { openTasksFor } from '../guidelines/reannotation.ts';
import { returnedNotesFor } from '../escalations/escalation-return.ts';
import { itemView } from './item-view.ts';
import { annotatorHandles, type AnnotatorHandles } from './annotator-handles.ts';
import { planRepeats } from '../../domain/queue/repeats.ts';
import { openRepeatRows, openRepeats, renewRepeatLeases, repeatCandidates, repeatQueueItem } from './repeats.ts';

type Project = typeof projects.$inferSelect;

/** What one fetch serves: the items, and whether a lead's hold (pause, recalibration) stops all work. */
export interface ServedQueue {
  items: QueueItem[];
  paused: boolean;
  done: number;
}

export async function serveQueue(ctx: AppContext, userId: string, project: Project, limit: number): Promise<ServedQueue> {
  // A held annotator gets nothing at all, and is told so: serving them gold alone would let a
  // throw-away account list the gold set (everything a paused account sees would be gold).
  if (await isAnnotatorPaused(ctx.db, project.id, userId)) return { items: [], paused: true, done: await doneCount(ctx.db, userId, project.id) };
  return { items: await serveItems(ctx, userId, project, limit), paused: false, done: await doneCount(ctx.db, userId, project.id) };
}

/**
 * Items this annotator finished in the project (submitted or escalated), hidden repeats included:
 * to the annotator a repeat is one more item. Counted from the (user, project, status) index.
 */
async function doneCount(db: DbOrTx, userId: string, projectId: string): Promise<number> {
  const res = await db.execute(sql`SELECT
    (SELECT count(*) FROM ${assignments} WHERE user_id = ${userId} AND project_id = ${projectId} AND status = 'done')
    + (SELECT count(*) FROM ${itemRepeats} WHERE user_id = ${userId} AND project_id = ${projectId} AND status = 'done') AS done`);
  return Number(rowsOf<{ done: number | string }>(res)[0]?.done ?? 0);
}

async function serveItems(ctx: AppContext, userId: string, project: Project, limit: number): Promise<QueueItem[]> {
  const now = ctx.now();
  const leaseUntil = new Date(now.getTime() + project.leaseMinutes * 60_000);
  return ctx.db.transaction(async (tx) => {
    // Renewing the open leases counts them too: every open one is renewed, so none expires below.
    const renewed = await tx
      .update(assignments)
      .set({ leaseExpiresAt: leaseUntil })
      .where(and(eq(assignments.userId, userId), eq(assignments.projectId, project.id), eq(assignments.status, 'open')))
      .returning({ id: assignments.id });
    const openCount = renewed.length + (await renewRepeatLeases(tx, userId, project.id, leaseUntil));
    await expireLeases(tx, project.id, now);

    const need = limit - openCount;
    if (need > 0) await claim(ctx, tx, userId, project, need, leaseUntil);

    const rows = await tx
      .select({ a: assignments, i: items })
      .from(assignments)
      .innerJoin(items, eq(items.id, assignments.itemId))
      .where(and(eq(assignments.userId, userId), eq(assignments.projectId, project.id), eq(assignments.status, 'open')))
      .orderBy(asc(assignments.position))
      .limit(limit);
    // Items back for re-annotation say so (and why); every other item carries null.
    const tasks = await openTasksFor(
      tx,
      userId,
      rows.map((r) => r.i.id),
      project.labelSchema,
    );
    // Items a lead returned from this annotator's escalation carry the lead's comment.
    const returned = await returnedNotesFor(
      tx,
      userId,
      rows.map((r) => r.i.id),
    );
    const repeats = await openRepeatRows(tx, userId, project.id, limit);
    // Everything above works on real ids; what leaves names items and images by this annotator's handles.
    const handles = annotatorHandles(ctx, project.id, userId);
    const suggested = await preAnnotationsFor(tx, [...rows.map((r) => r.i.id), ...repeats.map((r) => r.i.id)]);
    const served = [
      ...rows.map(({ a, i }) => ({
        ...toQueueItem(project, i, a, handles),
        reannotation: tasks.get(i.id) ?? null,
        returnedEscalation: returned.get(i.id) ?? null,
        preAnnotation: suggested.get(i.id) ?? null,
      })),
      ...repeats.map(({ r, i }) => repeatQueueItem(project, i, r, suggested.get(i.id) ?? null, handles)),
    ];
    return served.sort((x, y) => x.position - y.position).slice(0, limit);
  });
}

/** The imported pre-annotations of these items (one per item at most). */
async function preAnnotationsFor(tx: Tx, itemIds: string[]): Promise<Map<string, AnnotationPayload>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx
    .select({ itemId: preAnnotations.itemId, payload: preAnnotations.payload })
    .from(preAnnotations)
    .where(inArray(preAnnotations.itemId, itemIds));
  return new Map(rows.map((r) => [r.itemId, r.payload]));
}

export function toQueueItem(project: Project, i: typeof items.$inferSelect, a: typeof assignments.$inferSelect, handles: AnnotatorHandles): QueueItem {
  const { kind, image, text } = itemView(project, i);
  return {
    id: handles.item(i.id),
    projectId: project.id,
    kind,
    image: image && i.assetId ? { ...image, url: handles.assetUrl(i.assetId) } : null,
    text,
    position: a.position,
    leaseExpiresAt: a.leaseExpiresAt.toISOString(),
  };
}

/**
 * Every lease of the project that ran out, in one statement however many there are: the
 * assignments turn expired and each item's count goes down by its number of expired leases.
 */
async function expireLeases(tx: Tx, projectId: string, now: Date): Promise<void> {
  await tx.execute(sql`
    WITH expired AS (
      UPDATE ${assignments} SET status = 'expired'
      WHERE project_id = ${projectId} AND status = 'open' AND lease_expires_at < ${now.toISOString()}::timestamptz
      RETURNING item_id)
    UPDATE ${items} SET assigned_count = greatest(${items}.assigned_count - e.n, 0)
    FROM (SELECT item_id, count(*)::int AS n FROM expired GROUP BY item_id) e
    WHERE ${items}.id = e.item_id`);
}

async function claim(ctx: AppContext, tx: Tx, userId: string, project: Project, need: number, leaseUntil: Date): Promise<void> {
  const positions = await lastPositions(tx, userId, project.id);
  const lastPosition = positions.last;
  const picked = await pickNew(ctx, tx, userId, project, need, positions);
  // Repeats only among regular work (not in the quiz, not on hold), and never with the rate at 0
  // (no random draw is spent then: queues without repeats are exactly what they were).
  if (project.repeatRate <= 0 || !picked.regular || picked.ids.length === 0)
    return assign(
      ctx,
      tx,
      userId,
      project,
      picked.ids.map((itemId, k) => ({ itemId, position: lastPosition + 1 + k })),
      leaseUntil,
    );
  const candidates = await repeatCandidates(ctx, tx, userId, project.id, lastPosition + 1 - project.repeatMinGap, need);
  const plan = planRepeats(need, picked.ids.length, candidates.length, project.repeatRate, ctx.random);
  const fresh: Array<{ itemId: string; position: number }> = [];
  const again: Array<{ itemId: string; revisionId: string; position: number }> = [];
  plan.forEach((slot, k) => {
    const position = lastPosition + 1 + k;
    if (slot === 'repeat') again.push({ ...(candidates[again.length] as { itemId: string; revisionId: string }), position });
    else fresh.push({ itemId: picked.ids[fresh.length] as string, position });
  });
  await assign(ctx, tx, userId, project, fresh, leaseUntil);
  await openRepeats(ctx, tx, userId, project.id, again, leaseUntil);
}

/** The annotator's last position (one sequence over assignments and repeats) and last gold position. */
type Positions = { last: number; lastGold: number };

async function lastPositions(tx: Tx, userId: string, projectId: string): Promise<Positions> {
  const res = await tx.execute(sql`SELECT
    greatest(
      (SELECT coalesce(max(position), -1) FROM ${assignments} WHERE user_id = ${userId} AND project_id = ${projectId}),
      (SELECT coalesce(max(position), -1) FROM ${itemRepeats} WHERE user_id = ${userId} AND project_id = ${projectId})) AS last,
    (SELECT coalesce(max(a.position), -1000000) FROM ${assignments} a JOIN ${goldAnswers} g ON g.item_id = a.item_id
      WHERE a.user_id = ${userId} AND a.project_id = ${projectId}) AS last_gold`);
  const [row] = rowsOf<{ last: number; last_gold: number }>(res);
  return { last: Number(row?.last ?? -1), lastGold: Number(row?.last_gold ?? -1_000_000) };
}

/** The new items to serve, in order; `regular` is false for the quiz. */
async function pickNew(
  ctx: AppContext,
  tx: Tx,
  userId: string,
  project: Project,
  need: number,
  positions: Positions,
): Promise<{ ids: string[]; regular: boolean }> {
  const mine = tx
    .select({ one: sql`1` })
    .from(assignments)
    .where(and(eq(assignments.itemId, items.id), eq(assignments.userId, userId)));
  const isGold = tx
    .select({ one: sql`1` })
    .from(goldAnswers)
    .where(eq(goldAnswers.itemId, items.id));

  // Qualification first: until the quiz is passed, only (declared) quiz items, nothing else.
  if (!mayDoLiveWork(await qualificationOf(tx, project, userId))) {
    const quiz = await tx
      .select({ id: items.id })
      .from(items)
      .where(and(eq(items.projectId, project.id), eq(items.quiz, true), notExists(mine)))
      .orderBy(asc(items.seq))
      .limit(need);
    return { ids: quiz.map((q) => q.id), regular: false };
  }

  // Calibration first: every annotator labels the whole set once, whatever the overlap.
  const calibration = await tx
    .select({ id: items.id })
    .from(items)
    .where(and(eq(items.projectId, project.id), eq(items.calibration, true), notExists(isGold), notExists(mine)))
    .orderBy(asc(items.seq))
    .limit(need)
    .for('update', { skipLocked: true });
  // An item is overlapped when its seq falls in the share: floor((seq+1)·s) > floor(seq·s) picks
  // an evenly spread s of consecutive items, deterministically, so every server agrees. The share
  // is the lead's, raised where the collusion bound needs decoys (queue/decoys.ts).
  const decoys = await projectDecoyPlan(tx, project);
  const share = Math.min(Math.max(decoys.share, 0), 1);
  const cap = sql`case when floor((${items.seq} + 1) * ${share}::float8) > floor(${items.seq} * ${share}::float8) then ${decoys.overlap}::int else 1 end`;
  // Live work in the order of the items' ids, which are random (v4): import order, which content
  // often shows (numbered reports, consecutive frames), would set apart gold at random positions.
  const regular =
    calibration.length >= need
      ? []
      : await tx
          .select({ id: items.id })
          .from(items)
          .where(and(eq(items.projectId, project.id), eq(items.calibration, false), sql`${items.assignedCount} < ${cap}`, notExists(isGold), notExists(mine)))
          .orderBy(asc(items.id))
          .limit(need - calibration.length)
          .for('update', { skipLocked: true });
  const live = [...calibration, ...regular];
  const gold = await drawGold(tx, project, userId, need);

  const sinceLastGold = positions.last - positions.lastGold;

  // No live work left: nothing (gold alone would be a stream of nothing but gold).
  if (live.length === 0) return { ids: [], regular: true };
  const rate = await goldRate(tx, project, userId);
  const plan = planSlots(need, gold.length, { rate, minGap: project.goldMinGap, sinceLastGold, liveAvailable: live.length, random: ctx.random });
  const chosen: string[] = [];
  let li = 0;
  let gi = 0;
  for (const slot of plan) {
    const next = slot === 'gold' ? gold[gi++] : live[li++]?.id;
    if (next) chosen.push(next);
  }
  return { ids: chosen, regular: true };
}

/** Opens assignments for the chosen items at their positions. */
async function assign(
  ctx: AppContext,
  tx: Tx,
  userId: string,
  project: Project,
  placed: Array<{ itemId: string; position: number }>,
  leaseUntil: Date,
): Promise<void> {
  if (placed.length === 0) return;
  const chosen = placed.map((p) => p.itemId);
  await tx.insert(assignments).values(
    placed.map(({ itemId, position }) => ({
      id: ctx.newId(),
      projectId: project.id,
      itemId,
      userId,
      position,
      status: 'open' as const,
      assignedAt: ctx.now(),
      leaseExpiresAt: leaseUntil,
    })),
  );
  await tx
    .update(items)
    .set({ assignedCount: sql`${items.assignedCount} + 1`, servedCount: sql`${items.servedCount} + 1` })
    .where(inArray(items.id, chosen));
}

/** This annotator's gold rate: the project's, or adapted to what their gold scores say so far. */
async function goldRate(tx: Tx, project: Project, userId: string): Promise<number> {
  const settings = {
    rate: project.goldRate,
    adaptive: project.goldAdaptive,
    min: project.goldRateMin,
    max: project.goldRateMax,
    target: project.goldTargetAccuracy,
  };
  if (!settings.adaptive) return goldRateFor(settings, { n: 0, scoreSum: 0 });
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int`, sum: sql<number>`coalesce(sum(${goldScores.score}), 0)::float8` })
    .from(goldScores)
    .where(and(eq(goldScores.projectId, project.id), eq(goldScores.userId, userId)));
  return goldRateFor(settings, { n: Number(row?.n ?? 0), scoreSum: Number(row?.sum ?? 0) });
}

/** Open or done assignment of this user on this item (expired ones count: late work is accepted). */
export async function findAssignment(tx: Tx, userId: string, itemId: string) {
  const [row] = await tx
    .select()
    .from(assignments)
    .where(and(eq(assignments.userId, userId), eq(assignments.itemId, itemId)))
    .limit(1);
  return row;
}
