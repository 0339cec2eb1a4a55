import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOverlaps, layoutSpanRows, sortSpans, spanSegments, spansOverlap, validateSpans, type Span } from '../../../src/domain/text/spans.ts';

const LENGTH = 40;
/** Spans inside a text of LENGTH code points, some empty, many overlapping, ids unique. */
const spanList = fc
  .array(fc.tuple(fc.integer({ min: 0, max: LENGTH }), fc.integer({ min: 0, max: 12 }), fc.constantFrom('PER', 'LOC', 'ORG')), { maxLength: 30 })
  .map((xs) => xs.map(([start, len, label], i): Span => ({ id: `s${i}`, label, start, end: Math.min(LENGTH, start + len) })));

const anyPairOverlaps = (spans: readonly Span[]): boolean => spans.some((a, i) => spans.some((b, j) => i < j && spansOverlap(a, b)));

describe('spans (properties)', () => {
  it('segments tile the text exactly once and carry exactly the spans covering them', () => {
    fc.assert(
      fc.property(spanList, (spans) => {
        const segments = spanSegments(LENGTH, spans);
        let at = 0;
        for (const seg of segments) {
          expect(seg.start).toBe(at);
          expect(seg.end).toBeGreaterThan(seg.start);
          const covering = sortSpans(spans.filter((s) => s.start <= seg.start && s.end >= seg.end && s.end > s.start)).map((s) => s.id);
          expect(seg.ids).toEqual(covering);
          // Nothing starts or ends strictly inside a segment: it is uniformly covered.
          for (const s of spans) if (s.end > s.start) expect([s.start, s.end].some((x) => x > seg.start && x < seg.end)).toBe(false);
          at = seg.end;
        }
        expect(at).toBe(LENGTH);
      }),
    );
  });

  it('layout never puts two overlapping spans in one row, and uses no more rows than the deepest pile', () => {
    fc.assert(
      fc.property(spanList, (spans) => {
        const { rows, rowCount } = layoutSpanRows(spans);
        expect(rows.size).toBe(spans.length);
        for (const a of spans) for (const b of spans) if (a !== b && rows.get(a.id) === rows.get(b.id)) expect(spansOverlap(a, b)).toBe(false);
        const real = spans.filter((s) => s.end > s.start);
        let depth = 0;
        for (let x = 0; x < LENGTH; x++) depth = Math.max(depth, real.filter((s) => s.start <= x && x < s.end).length);
        if (real.length === spans.length) expect(rowCount).toBe(depth); // optimal for intervals
        for (const r of rows.values()) expect(r).toBeLessThan(rowCount);
      }),
    );
  });

  it('finds an overlap exactly when two spans overlap, reporting each span at most once', () => {
    fc.assert(
      fc.property(spanList, (spans) => {
        const found = findOverlaps(spans);
        expect(found.length > 0).toBe(anyPairOverlaps(spans));
        for (const { span, overlaps } of found) expect(spansOverlap(span, overlaps)).toBe(true);
        expect(new Set(found.map((f) => f.span.id)).size).toBe(found.length);
        const problems = validateSpans(spans, { textLength: LENGTH, labels: ['PER', 'LOC', 'ORG'], allowOverlap: false });
        expect(problems.some((p) => p.code === 'overlap')).toBe(anyPairOverlaps(spans));
      }),
    );
  });

  it('sorting is deterministic whatever the input order', () => {
    fc.assert(
      fc.property(spanList, fc.integer(), (spans, seed) => {
        const shuffled = [...spans].sort((a, b) => ((a.start * 31 + seed) % 7) - ((b.start * 31 + seed) % 7));
        expect(sortSpans(shuffled)).toEqual(sortSpans(spans));
      }),
    );
  });
});

describe('validateSpans', () => {
  const opts = { textLength: 35, labels: new Set(['PER', 'LOC']), allowOverlap: false };

  it('accepts good spans', () => {
    expect(
      validateSpans(
        [
          { id: 'a', label: 'PER', start: 0, end: 5 },
          { id: 'b', label: 'LOC', start: 5, end: 35 },
        ],
        opts,
      ),
    ).toEqual([]);
  });

  it('explains each problem in words, in input order', () => {
    const problems = validateSpans(
      [
        { id: 'a', label: 'PER', start: 12, end: 40 },
        { id: 'b', label: 'DATE', start: 0, end: 3 },
        { id: 'c', label: 'LOC', start: 4, end: 4 },
        { id: 'd', label: 'LOC', start: 2, end: 1.5 },
        { id: 'e', label: 'PER', start: -1, end: 2 },
        { id: 'f', label: 'LOC', start: 9, end: 7 },
      ],
      opts,
    );
    expect(problems).toEqual([
      { spanId: 'a', code: 'out_of_range', message: 'Span "PER" 12–40 ends past the end of the text (35 characters)' },
      { spanId: 'b', code: 'unknown_label', message: 'Span 0–3 has the label "DATE", which is not a span label of this project' },
      { spanId: 'c', code: 'empty', message: 'Span "LOC" 4–4 is empty: a span must cover at least one character' },
      { spanId: 'd', code: 'not_integer', message: 'Span "LOC" 2–1.5 has an offset that is not a whole number; offsets count characters' },
      { spanId: 'e', code: 'out_of_range', message: 'Span "PER" -1–2 starts before the beginning of the text' },
      { spanId: 'f', code: 'empty', message: 'Span "LOC" 9–7 ends before it starts' },
    ]);
    expect(validateSpans([{ id: 'x', label: 'PER', start: Number.NaN, end: 2 }], opts)[0]?.code).toBe('not_integer');
  });

  it('reports an overlap against the span it overlaps, only when overlaps are not allowed', () => {
    const spans: Span[] = [
      { id: 'outer', label: 'LOC', start: 0, end: 20 },
      { id: 'inner', label: 'PER', start: 5, end: 9 },
      { id: 'after', label: 'PER', start: 20, end: 25 },
    ];
    expect(validateSpans(spans, opts)).toEqual([
      { spanId: 'inner', code: 'overlap', message: 'Span "PER" 5–9 overlaps span "LOC" 0–20; this project does not allow overlapping spans' },
    ]);
    expect(validateSpans(spans, { ...opts, allowOverlap: true })).toEqual([]);
  });

  it('reports an exact duplicate even where overlaps are allowed', () => {
    const spans: Span[] = [
      { id: 'a', label: 'PER', start: 1, end: 4 },
      { id: 'b', label: 'PER', start: 1, end: 4 },
    ];
    for (const allowOverlap of [true, false]) {
      expect(validateSpans(spans, { ...opts, allowOverlap })).toEqual([
        { spanId: 'b', code: 'overlap', message: 'Span "PER" 1–4 duplicates span a, which tags the same text with the same label' },
      ]);
    }
  });

  it('says "1 character" for a one-character text', () => {
    expect(validateSpans([{ id: 'a', label: 'PER', start: 0, end: 2 }], { ...opts, textLength: 1 })[0]?.message).toMatch(/\(1 character\)$/);
  });
});

describe('layout and segments (fixed cases)', () => {
  it('stacks nested spans: the enclosing span below, the nested ones above, reusing freed rows', () => {
    const { rows, rowCount } = layoutSpanRows([
      { id: 'inner', start: 2, end: 4 },
      { id: 'outer', start: 0, end: 10 },
      { id: 'sibling', start: 5, end: 8 },
      { id: 'later', start: 10, end: 12 },
    ]);
    expect(Object.fromEntries(rows)).toEqual({ outer: 0, inner: 1, sibling: 1, later: 0 });
    expect(rowCount).toBe(2);
  });

  it('cuts a text into marked and unmarked segments, clamping spans to the text', () => {
    expect(
      spanSegments(10, [
        { id: 'b', start: 3, end: 6 },
        { id: 'a', start: 0, end: 4 },
        { id: 'z', start: 8, end: 99 },
        { id: 'e', start: 5, end: 5 },
      ]),
    ).toEqual([
      { start: 0, end: 3, ids: ['a'] },
      { start: 3, end: 4, ids: ['a', 'b'] },
      { start: 4, end: 6, ids: ['b'] },
      { start: 6, end: 8, ids: [] },
      { start: 8, end: 10, ids: ['z'] },
    ]);
    expect(spanSegments(0, [])).toEqual([]);
    expect(spanSegments(3, [])).toEqual([{ start: 0, end: 3, ids: [] }]);
  });
});
