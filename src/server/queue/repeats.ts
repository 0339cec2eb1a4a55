// Hidden repeats: an item the annotator already submitted comes back to them, later and
// disguised, to measure their self-consistency. Nothing on the wire may tie it to the original:
// the queue item carries the repeat's own opaque id, its image an opaque per-repeat asset id
// (served to this annotator only, routes/assets.ts), both sent as the annotator's handles of them
// like any item's (annotator-handles.ts). Both are random v4 UUIDs made exactly as item
// and asset ids are (admin/create.ts, item-import.ts, assets.ts use randomUUID): a ctx.newId()
// uuidv7 would carry the serve time and a different version digit, and stand out among item ids.
// The answer is stored on the repeat row only (sync/repeat.ts).
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, notExists, sql } from 'drizzle-orm';
import type { AnnotationPayload, QueueItem } from '../../domain/api/index.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import type { projects } from '../db/schema.ts';
import { annotations, assignments, itemRepeats, items } from '../db/schema.ts';
import { itemView } from './item-view.ts';
import type { AnnotatorHandles } from './annotator-handles.ts';
import { ownCurrentRevisionId } from '../answers/current-answers.ts';

type Project = typeof projects.$inferSelect;
type Item = typeof items.$inferSelect;
export type Repeat = typeof itemRepeats.$inferSelect;

/** Renews the annotator's open repeats with their assignments (same lease, same rule), and counts them. */
export async function renewRepeatLeases(tx: Tx, userId: string, projectId: string, leaseUntil: Date): Promise<number> {
  const renewed = await tx
    .update(itemRepeats)
    .set({ leaseExpiresAt: leaseUntil })
    .where(and(eq(itemRepeats.userId, userId), eq(itemRepeats.projectId, projectId), eq(itemRepeats.status, 'open')))
    .returning({ id: itemRepeats.id });
  return renewed.length;
}

/**
 * Items this annotator may get a repeat of, in a random order (seeded by ctx.random): submitted
 * (assignment done, with their own revision — the original the repeat is compared with) at or
 * before position `upTo`, not a declared quiz item, never repeated for them before. Live and gold
 * alike: repeating only one kind would let a recognised repeat tell which kind its original was.
 */
export async function repeatCandidates(ctx: AppContext, tx: Tx, userId: string, projectId: string, upTo: number, limit: number) {
  if (limit <= 0 || upTo < 0) return [];
  const seed = String(Math.floor(ctx.random() * 2 ** 32));
  const repeated = tx
    .select({ one: sql`1` })
    .from(itemRepeats)
    .where(and(eq(itemRepeats.userId, userId), eq(itemRepeats.itemId, assignments.itemId)));
  const ownRevision = ownCurrentRevisionId(assignments.itemId, userId);
  const rows = await tx
    .select({ itemId: assignments.itemId, revisionId: ownRevision })
    .from(assignments)
    .innerJoin(items, eq(items.id, assignments.itemId))
    .where(
      and(
        eq(assignments.userId, userId),
        eq(assignments.projectId, projectId),
        eq(assignments.status, 'done'),
        lte(assignments.position, upTo),
        eq(items.quiz, false),
        notExists(repeated),
      ),
    )
    .orderBy(sql`md5(${assignments.itemId}::text || ${seed})`)
    .limit(limit * 4);
  // Escalated-only items have a done assignment but no revision: nothing to compare, skipped.
  return rows.filter((r): r is { itemId: string; revisionId: string } => r.revisionId !== null).slice(0, limit);
}

/** Opens repeat rows at the given positions. */
export async function openRepeats(
  ctx: AppContext,
  tx: Tx,
  userId: string,
  projectId: string,
  chosen: ReadonlyArray<{ itemId: string; revisionId: string; position: number }>,
  leaseUntil: Date,
): Promise<void> {
  if (chosen.length === 0) return;
  await tx.insert(itemRepeats).values(
    chosen.map((c) => ({
      id: randomUUID(),
      projectId,
      itemId: c.itemId,
      userId,
      originalRevisionId: c.revisionId,
      assetAlias: randomUUID(),
      position: c.position,
      status: 'open' as const,
      leaseExpiresAt: leaseUntil,
      servedAt: ctx.now(),
    })),
  );
}

/** The annotator's open repeats with their items, in position order. */
export async function openRepeatRows(tx: Tx, userId: string, projectId: string, limit: number) {
  return tx
    .select({ r: itemRepeats, i: items })
    .from(itemRepeats)
    .innerJoin(items, eq(items.id, itemRepeats.itemId))
    .where(and(eq(itemRepeats.userId, userId), eq(itemRepeats.projectId, projectId), eq(itemRepeats.status, 'open')))
    .orderBy(asc(itemRepeats.position))
    .limit(limit);
}

/**
 * A repeat as a queue item: exactly a first-time item's fields — its own id and asset URL, its
 * own position and lease, the item's imported suggestion like any item, and no re-annotation or
 * returned-escalation note (those belong to the original's assignment).
 */
export function repeatQueueItem(project: Project, i: Item, r: Repeat, preAnnotation: AnnotationPayload | null, handles: AnnotatorHandles): QueueItem {
  const view = itemView(project, i);
  return {
    id: handles.item(r.id),
    projectId: project.id,
    kind: view.kind,
    image: view.image ? { ...view.image, url: handles.assetUrl(r.assetAlias) } : null,
    text: view.text,
    position: r.position,
    leaseExpiresAt: r.leaseExpiresAt.toISOString(),
    reannotation: null,
    returnedEscalation: null,
    preAnnotation,
  };
}

/** A repeat of the caller's, with the payload of the original revision it is compared with. */
export type CallerRepeat = Repeat & { originalPayload: AnnotationPayload | null };

/**
 * The caller's repeats among these ids (another user's repeat id is simply not found), each with
 * its original's payload. One statement for every sync batch, repeat or not: reading the original
 * separately only for repeats would make a repeat's save slower than a first-time one.
 */
export async function callerRepeats(tx: Tx, userId: string, ids: string[]): Promise<Map<string, CallerRepeat>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ r: itemRepeats, originalPayload: annotations.payload })
    .from(itemRepeats)
    .leftJoin(annotations, eq(annotations.id, itemRepeats.originalRevisionId))
    .where(and(eq(itemRepeats.userId, userId), inArray(itemRepeats.id, ids)));
  return new Map(rows.map(({ r, originalPayload }) => [r.id, { ...r, originalPayload }]));
}
