// What the export writers take: one item with the revisions chosen for it (the latest of each
// annotator, or every revision for "full history"). The server pages these out of the database;
// the writers here only format, so each format is tested with exact expected output.
import type { AnnotationPayload } from '../api/annotation.ts';
import type { LabelSchema } from '../api/labels.ts';

export interface ExportItem {
  id: string;
  /** The project's order; COCO's integer image id. */
  seq: number;
  /** The name the image is known by (meta.fileName / meta.source), else "<id>.jpg". */
  fileName: string;
  width: number | null;
  height: number | null;
  text: string | null;
  meta: Record<string, unknown>;
}

export interface ExportRevision {
  annotationId: string;
  annotator: { id: string; email: string; name: string };
  revision: number;
  guidelineVersion: { id: string; label: string };
  startedAt: string;
  submittedAt: string;
  durationMs: number;
  payload: AnnotationPayload;
  /** Outcomes of review and escalation when those exist; null when there is none (or no such table yet). */
  review: Record<string, unknown> | null;
  escalation: Record<string, unknown> | null;
}

export interface ExportRecord {
  item: ExportItem;
  /** Oldest first. Flat formats (YOLO, VOC, CoNLL, spaCy) use the newest one: see latestRevision. */
  revisions: ExportRevision[];
}

export const EXPORT_FORMATS = ['coco', 'yolo', 'yolo-seg', 'voc', 'cvat', 'label-studio', 'conll', 'spacy', 'touchstone'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Formats with one label set per image or document cannot hold several annotators' answers:
 * they take the newest revision of the item (by submission time, then revision).
 */
export function latestRevision(record: ExportRecord): ExportRevision | undefined {
  let best: ExportRevision | undefined;
  for (const r of record.revisions) {
    if (!best || r.submittedAt > best.submittedAt || (r.submittedAt === best.submittedAt && r.revision > best.revision)) best = r;
  }
  return best;
}

/** Label index in schema order: COCO category id is index + 1, YOLO class is index. */
export function labelIndex(schema: LabelSchema): Map<string, number> {
  return new Map(schema.labels.map((l, i) => [l.id, i]));
}

/** A number with at most `digits` decimals and no trailing zeros ("0.5", "12", "0.333333"). */
export function num(n: number, digits = 6): string {
  const s = n.toFixed(digits);
  const t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return t === '-0' ? '0' : t;
}

/** "images/a.jpg" → "a": the base name without extension, for per-image label files. */
export function stem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
