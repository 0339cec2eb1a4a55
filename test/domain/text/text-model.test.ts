import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rangeFromSelection } from '../../../src/domain/text/tagger-ops.ts';
import { textModel } from '../../../src/domain/text/text-model.ts';

// The text model's snapping, checked against Intl.Segmenter directly: a snapped range never cuts
// a grapheme, contains the original range, and (for tokens) starts and ends on word boundaries.
const graphemeEdges = (text: string) => {
  const edges = new Set<number>([0]);
  let cp = 0;
  for (const g of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    cp += Array.from(g.segment).length;
    edges.add(cp);
  }
  return edges;
};
const wordEdges = (text: string) => {
  const edges = new Set<number>([0]);
  let cp = 0;
  for (const w of new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)) {
    cp += Array.from(w.segment).length;
    edges.add(cp);
  }
  return edges;
};
const SAMPLE = fc.constantFrom('Zoë Núñez', ' 🎉 ', 'عمّان', '東京証券取引所', 'e\u0301', '👍🏽', '🇯🇵', 'abc', ' ', '\n', 'x');
const texts = fc.array(SAMPLE, { maxLength: 12 }).map((a) => a.join(''));

describe('offset index (property)', () => {
  it('agrees with Array.from on any UTF-16 string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const m = textModel(text);
        const cps = Array.from(text);
        expect(m.length).toBe(cps.length);
        let u = 0;
        cps.forEach((c, i) => {
          expect(m.toUtf16(i)).toBe(u);
          expect(m.toCodePoint(u)).toBe(i);
          expect(m.slice(i, i + 1)).toBe(c);
          u += c.length;
        });
        expect(m.toUtf16(cps.length)).toBe(text.length);
      }),
    );
  });
});

describe('text model snapping (property)', () => {
  it('snapGraphemes widens to grapheme edges and contains the range', () => {
    fc.assert(
      fc.property(texts, fc.nat(), fc.nat(), (text, x, y) => {
        const m = textModel(text);
        const a = m.length ? x % (m.length + 1) : 0;
        const b = m.length ? y % (m.length + 1) : 0;
        const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
        const r = m.snapGraphemes(lo, hi);
        const edges = graphemeEdges(text);
        expect(edges.has(r.start) && edges.has(r.end)).toBe(true);
        expect(r.start <= lo && r.end >= hi).toBe(true);
      }),
    );
  });
  it('a selection becomes a range on word edges, without surrounding white space', () => {
    fc.assert(
      fc.property(texts, fc.nat(), fc.nat(), (text, x, y) => {
        const m = textModel(text);
        const a = m.length ? x % (m.length + 1) : 0;
        const b = m.length ? y % (m.length + 1) : 0;
        const r = rangeFromSelection(m, a, b, true);
        if (!r) return;
        const edges = wordEdges(text);
        expect(edges.has(r.start) && edges.has(r.end)).toBe(true);
        const cps = Array.from(text);
        expect(/\s/u.test(cps[r.start]!)).toBe(false);
        expect(m.slice(r.start, r.end)).toBe(cps.slice(r.start, r.end).join(''));
      }),
    );
  });
  it('next/previous token boundaries are word edges and move strictly', () => {
    fc.assert(
      fc.property(texts, fc.nat(), (text, x) => {
        const m = textModel(text);
        const cp = m.length ? x % (m.length + 1) : 0;
        const edges = wordEdges(text);
        const n = m.nextToken(cp);
        const p = m.previousToken(cp);
        expect(edges.has(n) && edges.has(p)).toBe(true);
        expect(n > cp || cp === m.length).toBe(true);
        expect(p < cp || cp === 0).toBe(true);
      }),
    );
  });
});
