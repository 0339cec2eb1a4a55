import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { assignments, items } from '../db/schema.ts';

/**
 * Someone who leaves a project (or whose account is deactivated) gives back the items they hold
 * but have not submitted: the open leases expire now, so the queue hands the items to others. A
 * late submission is still accepted, as for any expired lease (queue/queue.ts).
 */
export async function returnOpenLeases(db: DbOrTx, userId: string, projectId?: string): Promise<number> {
  const returned = await db
    .update(assignments)
    .set({ status: 'expired' })
    .where(and(eq(assignments.userId, userId), eq(assignments.status, 'open'), projectId ? eq(assignments.projectId, projectId) : undefined))
    .returning({ itemId: assignments.itemId });
  for (const { itemId } of returned) {
    await db
      .update(items)
      .set({ assignedCount: sql`greatest(${items.assignedCount} - 1, 0)` })
      .where(eq(items.id, itemId));
  }
  return returned.length;
}
