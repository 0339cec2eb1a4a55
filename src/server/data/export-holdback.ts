// The one place the export asks which items to hold back because an escalation on them is not
// resolved yet: open or returned escalations hold the item out; a ruling releases it.
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { escalations } from '../db/schema.ts';

export async function unresolvedEscalationItems(db: DbOrTx, projectId: string, itemIds: readonly string[]): Promise<Set<string>> {
  if (itemIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ itemId: escalations.itemId })
    .from(escalations)
    .where(and(eq(escalations.projectId, projectId), inArray(escalations.itemId, [...itemIds]), ne(escalations.status, 'resolved')));
  return new Set(rows.map((r) => r.itemId));
}
