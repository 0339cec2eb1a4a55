// spaCy-style JSONL (the shape spaCy's and Prodigy's JSONL readers take): one line per document,
//   {"text": …, "spans": [{"start", "end", "label"}], "cats": {label: 1.0 | 0.0}, "meta": {"item_id", …}}
// Offsets are Python string indices, i.e. Unicode code points — the same as Touchstone's spans.
import type { LabelSchema } from '../api/labels.ts';
import type { ExportItem, ExportRevision } from './types.ts';

export function spacyLine(schema: LabelSchema, item: ExportItem, rev: ExportRevision | undefined): string {
  const spans = [...(rev?.payload.spans ?? [])].sort((a, b) => a.start - b.start || a.end - b.end).map((s) => ({ start: s.start, end: s.end, label: s.label }));
  const chosen = new Set(rev?.payload.classes ?? []);
  const classLabels = schema.labels.filter((l) => l.tools.includes('class'));
  const cats = Object.fromEntries(classLabels.map((l) => [l.id, chosen.has(l.id) ? 1.0 : 0.0]));
  const line: Record<string, unknown> = { text: item.text ?? '', spans };
  if (classLabels.length) line.cats = cats;
  line.meta = { item_id: item.id, ...(rev ? { annotator: rev.annotator.email, submitted_at: rev.submittedAt } : {}) };
  return `${JSON.stringify(line)}\n`;
}
