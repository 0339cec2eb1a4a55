// Placeholder until the full spans module lands.
export type Span = { id: string; label: string; start: number; end: number };
export interface SpanProblem { spanId: string; code: 'out_of_range' | 'empty' | 'unknown_label' | 'overlap' | 'not_integer'; message: string }
export function validateSpans(spans: Span[], opts: { textLength: number; labels: Set<string> | string[]; allowOverlap: boolean }): SpanProblem[] {
  const labels = new Set(opts.labels);
  const out: SpanProblem[] = [];
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  sorted.forEach((s, i) => {
    if (!labels.has(s.label)) out.push({ spanId: s.id, code: 'unknown_label', message: `"${s.label}" is not a span label of this project` });
    if (s.end <= s.start) out.push({ spanId: s.id, code: 'empty', message: `Span ${s.start}–${s.end} is empty` });
    if (s.end > opts.textLength) out.push({ spanId: s.id, code: 'out_of_range', message: `Span ${s.start}–${s.end} ends past the end of the text (${opts.textLength} characters)` });
    const prev = sorted[i - 1];
    if (!opts.allowOverlap && prev && prev.end > s.start) out.push({ spanId: s.id, code: 'overlap', message: `Span ${s.start}–${s.end} overlaps another span; this project does not allow overlapping spans` });
  });
  return out;
}
