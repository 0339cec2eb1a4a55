// Queue assignment. State of one (annotator, item) assignment:
//
//   (none) ──serve──▶ open ──submit──▶ done
//                      │  ▲
//      lease runs out  │  │ same annotator fetches again (lease renewed)
//                      ▼
//                   expired ──late submit──▶ done   (accepted and reconciled, never lost)
//
// Live items go to at most `overlap` annotators at once; `items.assigned_count` holds the number
// of open + done assignments on the row itself, so `FOR UPDATE SKIP LOCKED` re-checks it when
// two servers race for the same item. Gold items go to every annotator once, interleaved.
import { and, asc, eq, inArray, lt, notExists, sql } from 'drizzle-orm';
import type { QueueItem } from '../../domain/api/index.ts';
import { planSlots } from '../../domain/queue/interleave.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import type { projects } from '../db/schema.ts';
import { assignments, goldAnswers, items } from '../db/schema.ts';
import { openTasksFor } from './reannotation.ts';

type Project = typeof projects.$inferSelect;
const GOLD_RATE = 0.1;
const GOLD_MIN_GAP = 3;

export async function serveQueue(ctx: AppContext, userId: string, project: Project, limit: number): Promise<QueueItem[]> {
  const now = ctx.now();
  const leaseUntil = new Date(now.getTime() + project.leaseMinutes * 60_000);
  return ctx.db.transaction(async (tx) => {
    await tx
      .update(assignments)
      .set({ leaseExpiresAt: leaseUntil })
      .where(and(eq(assignments.userId, userId), eq(assignments.projectId, project.id), eq(assignments.status, 'open')));
    await expireLeases(tx, project.id, now);

    const openCount = await tx.$count(assignments, and(eq(assignments.userId, userId), eq(assignments.projectId, project.id), eq(assignments.status, 'open')));
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
    const tasks = await openTasksFor(tx, userId, rows.map((r) => r.i.id));
    return rows.map(({ a, i }) => ({ ...toQueueItem(project, i, a), reannotation: tasks.get(i.id) ?? null }));
  });
}

export function toQueueItem(project: Project, i: typeof items.$inferSelect, a: typeof assignments.$inferSelect): QueueItem {
  return {
    id: i.id,
    projectId: project.id,
    kind: project.kind,
    image: project.kind === 'image' && i.assetId ? { url: `/api/assets/${i.assetId}`, width: i.width ?? 1, height: i.height ?? 1 } : null,
    text: project.kind === 'text' ? (i.text ?? '') : null,
    position: a.position,
    leaseExpiresAt: a.leaseExpiresAt.toISOString(),
  };
}

async function expireLeases(tx: Tx, projectId: string, now: Date): Promise<void> {
  const expired = await tx
    .update(assignments)
    .set({ status: 'expired' })
    .where(and(eq(assignments.projectId, projectId), eq(assignments.status, 'open'), lt(assignments.leaseExpiresAt, now)))
    .returning({ itemId: assignments.itemId });
  for (const { itemId } of expired) {
    await tx.update(items).set({ assignedCount: sql`greatest(${items.assignedCount} - 1, 0)` }).where(eq(items.id, itemId));
  }
}

async function claim(ctx: AppContext, tx: Tx, userId: string, project: Project, need: number, leaseUntil: Date): Promise<void> {
  const mine = tx.select({ one: sql`1` }).from(assignments).where(and(eq(assignments.itemId, items.id), eq(assignments.userId, userId)));
  const isGold = tx.select({ one: sql`1` }).from(goldAnswers).where(eq(goldAnswers.itemId, items.id));

  const live = await tx
    .select({ id: items.id })
    .from(items)
    .where(and(eq(items.projectId, project.id), lt(items.assignedCount, project.overlap), notExists(isGold), notExists(mine)))
    .orderBy(asc(items.seq))
    .limit(need)
    .for('update', { skipLocked: true });
  const gold = await tx
    .select({ id: items.id })
    .from(items)
    .innerJoin(goldAnswers, and(eq(goldAnswers.itemId, items.id), eq(goldAnswers.active, true)))
    .where(and(eq(items.projectId, project.id), notExists(mine)))
    // A per-annotator shuffle: everyone meets the gold set in a different order.
    .orderBy(sql`md5(${items.id}::text || ${userId})`)
    .limit(need);

  const [last] = await tx
    .select({ position: sql<number>`coalesce(max(${assignments.position}), -1)` })
    .from(assignments)
    .where(and(eq(assignments.userId, userId), eq(assignments.projectId, project.id)));
  const [lastGold] = await tx
    .select({ position: sql<number>`coalesce(max(${assignments.position}), -1000000)` })
    .from(assignments)
    .innerJoin(goldAnswers, eq(goldAnswers.itemId, assignments.itemId))
    .where(and(eq(assignments.userId, userId), eq(assignments.projectId, project.id)));
  const lastPosition = Number(last?.position ?? -1);
  const sinceLastGold = lastPosition - Number(lastGold?.position ?? -1_000_000);

  const plan = planSlots(Math.min(need, live.length + gold.length), gold.length, {
    rate: live.length === 0 ? 1 : GOLD_RATE,
    minGap: live.length === 0 ? 0 : GOLD_MIN_GAP,
    sinceLastGold,
    random: ctx.random,
  });
  const chosen: string[] = [];
  let li = 0;
  let gi = 0;
  for (const slot of plan) {
    const next = slot === 'gold' ? gold[gi++] : live[li++];
    if (next) chosen.push(next.id);
  }
  if (chosen.length === 0) return;
  await tx.insert(assignments).values(
    chosen.map((itemId, k) => ({
      id: ctx.newId(),
      projectId: project.id,
      itemId,
      userId,
      position: lastPosition + 1 + k,
      status: 'open' as const,
      assignedAt: ctx.now(),
      leaseExpiresAt: leaseUntil,
    })),
  );
  await tx.update(items).set({ assignedCount: sql`${items.assignedCount} + 1` }).where(inArray(items.id, chosen));
}

/** Open or done assignment of this user on this item (expired ones count: late work is accepted). */
export async function findAssignment(tx: Tx, userId: string, itemId: string) {
  const [row] = await tx.select().from(assignments).where(and(eq(assignments.userId, userId), eq(assignments.itemId, itemId))).limit(1);
  return row;
}
