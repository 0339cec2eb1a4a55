// What both gold importers (COCO, JSONL) produce and share: one entry per source record, mapping
// of source label names onto the project's labels, and the final check with validateAnnotation.
import type { AnnotationPayload } from '../api/annotation.ts';
import type { Problem } from '../api/errors.ts';
import type { LabelClass, LabelSchema } from '../api/labels.ts';
import { validateAnnotation, type ItemContent } from '../validation/annotation.ts';

export interface ParsedGoldEntry {
  /** 1-based line (JSONL) or image position (COCO). */
  entry: number;
  ref: string;
  itemId: string | null;
  /** Null when the entry could not be turned into an answer at all. */
  answer: AnnotationPayload | null;
  problems: Problem[];
  warnings: string[];
}

export interface ParsedGoldFile {
  entries: ParsedGoldEntry[];
  /** Problems with the file as a whole; they make an all-or-nothing import fail too. */
  problems: Problem[];
  unmapped: Array<{ source: string; uses: number }>;
}

export const isValidEntry = (e: ParsedGoldEntry): e is ParsedGoldEntry & { itemId: string; answer: AnnotationPayload } =>
  e.problems.length === 0 && e.answer !== null && e.itemId !== null;

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Resolves a source label (a COCO category's id or name, a JSONL label) to a project label:
 * an explicit map wins; otherwise a label whose id or name equals it (case and spacing aside).
 */
export function labelResolver(schema: LabelSchema, explicit: Record<string, string> = {}) {
  const byKey = new Map<string, LabelClass>();
  for (const l of schema.labels) {
    byKey.set(norm(l.name), l);
    byKey.set(norm(l.id), l);
  }
  const ids = new Map(schema.labels.map((l) => [l.id, l]));
  return (...keys: string[]): LabelClass | undefined => {
    for (const k of keys) {
      const mapped = explicit[k];
      if (mapped !== undefined) return ids.get(mapped);
    }
    for (const k of keys) {
      const hit = byKey.get(norm(k));
      if (hit) return hit;
    }
    return undefined;
  };
}

/** Counts uses of sources that did not map, for the report. */
export class UnmappedTally {
  private readonly uses = new Map<string, number>();
  add(source: string) {
    this.uses.set(source, (this.uses.get(source) ?? 0) + 1);
  }
  list() {
    return [...this.uses].map(([source, uses]) => ({ source, uses })).sort((a, b) => b.uses - a.uses || a.source.localeCompare(b.source));
  }
}

/** Runs the same validation every submitted annotation gets; paths are renamed for the source format. */
export function validateGold(schema: LabelSchema, item: ItemContent, answer: AnnotationPayload, renamePath: (path: string) => string = (p) => p): Problem[] {
  return validateAnnotation(schema, item, answer).map((p) => ({ path: renamePath(p.path), message: p.message }));
}

/** The last path segment of a file name, so "images/train/a.jpg" matches an item stored as "a.jpg". */
export const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;
