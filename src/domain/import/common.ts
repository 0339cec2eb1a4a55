// What the label importers share: source label names onto the project's labels, and the tally
// of names that did not map.
import type { LabelClass, LabelSchema } from '../api/labels.ts';

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
