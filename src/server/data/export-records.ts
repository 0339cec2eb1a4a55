// Reads a project's items and annotation revisions in pages (keyset on items.seq), never the
// whole project at once: each page is PAGE items plus the revisions chosen for them. Everything
// the format writers need comes out as ExportRecord (src/domain/export/types.ts).
import { and, asc, eq, exists, gt, inArray, lte, sql } from 'drizzle-orm';
import { versionLabel } from '../../domain/api/index.ts';
import type { ExportItem, ExportRecord, ExportRevision } from '../../domain/export/types.ts';
import type { DbOrTx } from '../db/client.ts';
import { annotations, guidelineVersions, items, users } from '../db/schema.ts';
import { unresolvedEscalationItems } from './export-holdback.ts';
import { escalationLineage, isReviewed, reviewLineage } from './export-lineage.ts';
import { CURRENT } from '../answers/current-answers.ts';
import type { LabelSchema } from '../../domain/api/index.ts';
import { mapForward } from '../../domain/taxonomy/mapping.ts';
import { historyOrder } from '../../domain/answers/current-answer.ts';

const asKey = (itemId: string, r: ExportRevision) => ({ itemId, userId: r.annotator.id, revision: r.revision });

export interface RecordOptions {
  history: 'latest' | 'all';
  holdEscalated: boolean;
  onlyAnnotated: boolean;
  /** Only revisions a reviewer accepted or corrected (and the items that have one). */
  reviewedOnly?: boolean;
  /**
   * The export's moment: items created and revisions received after it are left out, so a long
   * export is one cut through the append-only history even while annotators keep submitting.
   */
  asOf: Date;
  /** Items per page; revisions come along for those items only. */
  pageSize?: number;
  /** Read every revision's labels in this schema (merged classes mapped forward); absent: as made. */
  mapTo?: LabelSchema;
}

type ItemRow = {
  id: string;
  seq: number;
  text: string | null;
  width: number | null;
  height: number | null;
  meta: Record<string, unknown>;
  assetId: string | null;
};

/** The name an image item is known by: what it was imported as, else its id. */
export function itemFileName(row: Pick<ItemRow, 'id' | 'meta' | 'text'>): string {
  const m = row.meta;
  const name = typeof m.fileName === 'string' ? m.fileName : typeof m.source === 'string' ? m.source : undefined;
  return name ?? `${row.id}${row.text === null ? '.jpg' : '.txt'}`;
}

const toItem = (r: ItemRow): ExportItem => ({ id: r.id, seq: r.seq, fileName: itemFileName(r), width: r.width, height: r.height, text: r.text, meta: r.meta });

/** Pages of items (with their asset ids, for archives that carry the images). */
export async function* itemPages(db: DbOrTx, projectId: string, opts: RecordOptions): AsyncGenerator<Array<ExportItem & { assetId: string | null }>> {
  let after = -1;
  const pageSize = opts.pageSize ?? 1000;
  const annotated = db
    .select({ one: sql`1` })
    .from(annotations)
    .where(and(eq(annotations.itemId, items.id), lte(annotations.receivedAt, opts.asOf)));
  for (;;) {
    const rows = await db
      .select({ id: items.id, seq: items.seq, text: items.text, width: items.width, height: items.height, meta: items.meta, assetId: items.assetId })
      .from(items)
      .where(and(eq(items.projectId, projectId), gt(items.seq, after), lte(items.createdAt, opts.asOf), opts.onlyAnnotated ? exists(annotated) : undefined))
      .orderBy(asc(items.seq))
      .limit(pageSize);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.seq;
    const held = opts.holdEscalated
      ? await unresolvedEscalationItems(
          db,
          projectId,
          rows.map((r) => r.id),
        )
      : new Set<string>();
    const page = rows.filter((r) => !held.has(r.id)).map((r) => ({ ...toItem(r), assetId: r.assetId }));
    if (page.length) yield page;
    if (rows.length < pageSize) return;
  }
}

/** Pages of records: each item of the page with its chosen revisions, per annotator oldest first. */
export async function* recordPages(db: DbOrTx, projectId: string, opts: RecordOptions): AsyncGenerator<Array<ExportRecord & { assetId: string | null }>> {
  for await (const page of itemPages(db, projectId, opts)) {
    const ids = page.map((i) => i.id);
    const cols = {
      id: annotations.id,
      itemId: annotations.itemId,
      userId: annotations.userId,
      email: users.email,
      name: users.displayName,
      revision: annotations.revision,
      guidelineVersionId: annotations.guidelineVersionId,
      major: guidelineVersions.major,
      minor: guidelineVersions.minor,
      payload: annotations.payload,
      durationMs: annotations.durationMs,
      startedAt: annotations.startedAt,
      submittedAt: annotations.submittedAt,
    };
    const where = and(eq(annotations.projectId, projectId), inArray(annotations.itemId, ids), lte(annotations.receivedAt, opts.asOf));
    // Latest: each annotator's current answer; all: every revision in the order the server received them.
    const rows =
      opts.history === 'latest'
        ? await db
            .selectDistinctOn([...CURRENT.distinctOn], cols)
            .from(annotations)
            .innerJoin(users, eq(users.id, annotations.userId))
            .innerJoin(guidelineVersions, eq(guidelineVersions.id, annotations.guidelineVersionId))
            .where(where)
            .orderBy(...CURRENT.orderBy)
        : await db
            .select(cols)
            .from(annotations)
            .innerJoin(users, eq(users.id, annotations.userId))
            .innerJoin(guidelineVersions, eq(guidelineVersions.id, annotations.guidelineVersionId))
            .where(where)
            .orderBy(...CURRENT.historyOrder);
    const reviews = await reviewLineage(
      db,
      projectId,
      rows.map((r) => r.id),
    );
    const escalated = await escalationLineage(db, projectId, ids);
    const byItem = new Map<string, ExportRevision[]>();
    for (const r of rows) {
      const review = reviews.get(r.id) ?? null;
      if (opts.reviewedOnly && !isReviewed(review)) continue;
      const rev: ExportRevision = {
        annotationId: r.id,
        annotator: { id: r.userId, email: r.email, name: r.name },
        revision: r.revision,
        guidelineVersion: { id: r.guidelineVersionId, label: versionLabel(r.major, r.minor) },
        startedAt: r.startedAt.toISOString(),
        submittedAt: r.submittedAt.toISOString(),
        durationMs: r.durationMs,
        payload: opts.mapTo ? mapForward(r.payload, opts.mapTo) : r.payload,
        review,
        escalation: escalated.get(`${r.itemId}:${r.userId}`) ?? null,
      };
      const list = byItem.get(r.itemId);
      if (list) list.push(rev);
      else byItem.set(r.itemId, [rev]);
    }
    const kept = opts.reviewedOnly ? page.filter((item) => byItem.has(item.id)) : page;
    if (kept.length === 0) continue;
    yield kept.map((item) => ({
      item,
      assetId: item.assetId,
      // Per annotator, in revision order: the server's order of arrival, never the client's clock.
      revisions: (byItem.get(item.id) ?? []).sort((a, b) => historyOrder(asKey(item.id, a), asKey(item.id, b))),
    }));
  }
}
