import type { AnnotationPayload } from './annotation.ts';
import type { LabelSchema } from './labels.ts';

/**
 * A payload in a few words for lists and logs: "2 × Cup, 1 × Person · class: Sports".
 * Labels by their display names (unknown ids as they are), counted, in schema order.
 */
export function payloadSummary(payload: AnnotationPayload, schema: LabelSchema): string {
  const name = (id: string) => schema.labels.find((l) => l.id === id)?.name ?? id;
  const order = (id: string) => {
    const i = schema.labels.findIndex((l) => l.id === id);
    return i === -1 ? schema.labels.length : i;
  };
  const counts = new Map<string, number>();
  for (const x of [...payload.shapes, ...payload.spans]) counts.set(x.label, (counts.get(x.label) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0])).map(([id, n]) => `${n} × ${name(id)}`);
  const classes = payload.classes.length ? `class: ${payload.classes.map(name).join(', ')}` : '';
  return [parts.join(', '), classes].filter(Boolean).join(' · ') || 'no labels';
}
