// Reading a revision in a later schema. Class ids are never reused (a class that stops being
// offered stays in the schema with its Retirement), so the current schema alone holds the whole
// lineage: a label of a merged class follows `mergedInto` to the class it now is; a label of a
// split class, or of a class retired with 'send_back', stays as it was and is marked to redo.
// Nothing is ever dropped: the mapped answer has every shape and span of the original, with the
// same id and geometry.
import type { AnnotationPayload, LabelSchema } from '../api/index.ts';

/** The id a label has now: merges followed to their end (a cycle cannot arise; guarded anyway). */
export function currentLabel(schema: LabelSchema, label: string): string {
  const byId = new Map(schema.labels.map((l) => [l.id, l]));
  let id = label;
  for (let hops = 0; hops < schema.labels.length; hops++) {
    const next = byId.get(id)?.retired?.mergedInto;
    if (!next) break;
    id = next;
  }
  return id;
}

/** Every label of the revision read in `schema`: merged classes mapped, everything else as it was. */
export function mapForward(payload: AnnotationPayload, schema: LabelSchema): AnnotationPayload {
  const cache = new Map<string, string>();
  const to = (label: string) => {
    let id = cache.get(label);
    if (id === undefined) cache.set(label, (id = currentLabel(schema, label)));
    return id;
  };
  return {
    shapes: payload.shapes.map((s) => (to(s.label) === s.label ? s : { ...s, label: to(s.label) })),
    spans: payload.spans.map((s) => (to(s.label) === s.label ? s : { ...s, label: to(s.label) })),
    // Document classes are a set: two merged classes on one document become one.
    classes: [...new Set(payload.classes.map(to))],
  };
}

/** Whether a label (already mapped forward) must be chosen again: its class was split, or retired with 'send_back'. */
export function mustRedo(schema: LabelSchema, label: string): boolean {
  const r = schema.labels.find((l) => l.id === label)?.retired;
  return !!r && !r.mergedInto && r.labels === 'send_back';
}

/** The labels of a mapped answer to redo, once each. */
export function labelsToRedo(payload: AnnotationPayload, schema: LabelSchema): string[] {
  const used = new Set([...payload.shapes.map((s) => s.label), ...payload.spans.map((s) => s.label), ...payload.classes]);
  return [...used].filter((l) => mustRedo(schema, l));
}

/** Every id a label may have had before: the class itself and every class merged into it, transitively. */
export function formerIds(schema: LabelSchema, labels: readonly string[]): string[] {
  const want = new Set(labels);
  return schema.labels.filter((l) => want.has(currentLabel(schema, l.id))).map((l) => l.id);
}

/** "choose Cosmetic or Functional" for a split class; null for any other. */
export function splitPrompt(schema: LabelSchema, label: string): string | null {
  const parts = schema.labels.find((l) => l.id === label)?.retired?.splitInto;
  if (!parts) return null;
  const name = (id: string) => schema.labels.find((l) => l.id === id)?.name ?? id;
  return `choose ${parts.map(name).join(' or ')}`;
}

/** The labels of a revision (read in `schema`) that a version sending back `sentBack` concerns: empty means it stays. */
export function redoLabels(payload: AnnotationPayload, schema: LabelSchema, sentBack: readonly string[]): string[] {
  const named = new Set(sentBack);
  const mapped = mapForward(payload, schema);
  return [...new Set([...mapped.shapes.map((s) => s.label), ...mapped.spans.map((s) => s.label), ...mapped.classes])].filter((l) => named.has(l));
}

/** What the annotator is told for a label to redo because of a schema change; null when no schema change concerns it. */
export function redoRule(schema: LabelSchema, label: string): string | null {
  const l = schema.labels.find((x) => x.id === label);
  const r = l?.retired;
  if (!l || !r || r.mergedInto || r.labels !== 'send_back') return null;
  const prompt = splitPrompt(schema, label);
  return prompt ? `Guideline v${r.version} split "${l.name}": ${prompt}.` : `Guideline v${r.version} retired "${l.name}": choose another class or delete it.`;
}
