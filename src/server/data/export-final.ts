// The one label set that flat export formats (COCO "latest", YOLO, VOC, CoNLL, spaCy) write per
// item: the lead's adjudication, else the majority vote of the annotators' current
// answers, else the single annotator's answer — the domain's finalPayload, the same rule as
// consensusLabelFor. Adjudications are read once per page of records, not per item.
//
// An overlapped item whose vote tied and that no lead has decided yet keeps the old behaviour (the
// newest revision): leaving it out would silently drop items from a training set; the adjudication
// list is where leads see these.
import { and, eq, inArray } from 'drizzle-orm';
import type { AnnotationPayload } from '../../domain/api/index.ts';
import { latestRevision, type ExportRecord, type ExportRevision } from '../../domain/export/types.ts';
import { finalPayload } from '../../domain/metrics/consensus-payload.ts';
import type { DbOrTx } from '../db/client.ts';
import { adjudications } from '../db/schema.ts';

/** The lead's decisions for some items of a project. */
export async function adjudicatedFor(db: DbOrTx, projectId: string, itemIds: readonly string[]): Promise<Map<string, AnnotationPayload>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .select({ itemId: adjudications.itemId, payload: adjudications.payload })
    .from(adjudications)
    .where(and(eq(adjudications.projectId, projectId), inArray(adjudications.itemId, [...itemIds])));
  return new Map(rows.map((r) => [r.itemId, r.payload]));
}

/**
 * The revision to write for a record: the newest revision carrying the final payload. Works on
 * either history mode: each annotator's newest revision among the record's is their current answer.
 */
export function finalRevision(record: ExportRecord, adjudicated: AnnotationPayload | undefined, iouThreshold: number): ExportRevision | undefined {
  const newest = latestRevision(record);
  if (!newest) return undefined;
  const current = new Map<string, ExportRevision>();
  for (const r of record.revisions) {
    const seen = current.get(r.annotator.id);
    if (!seen || r.submittedAt > seen.submittedAt || (r.submittedAt === seen.submittedAt && r.revision > seen.revision)) current.set(r.annotator.id, r);
  }
  const final = finalPayload(
    adjudicated ?? null,
    [...current].map(([annotator, r]) => ({ annotator, payload: r.payload })),
    iouThreshold,
  );
  return final ? { ...newest, payload: final.payload } : newest;
}

/** Page helper: the final revision of every record of a page, by item id. */
export async function finalRevisions(
  db: DbOrTx,
  projectId: string,
  iouThreshold: number,
  page: readonly ExportRecord[],
): Promise<Map<string, ExportRevision | undefined>> {
  const adj = await adjudicatedFor(
    db,
    projectId,
    page.map((r) => r.item.id),
  );
  return new Map(page.map((r) => [r.item.id, finalRevision(r, adj.get(r.item.id), iouThreshold)]));
}
