import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreSpans, spanGoldScore, type ScoredSpan } from '../../../src/domain/text/span-scoring.ts';

const spanList = fc.array(
  fc
    .tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 8 }), fc.constantFrom('PER', 'LOC'))
    .map(([start, len, label]): ScoredSpan => ({ label, start, end: start + len })),
  { maxLength: 12 },
);
const perfect = { precision: 1, recall: 1, f1: 1 };

describe('scoreSpans (properties)', () => {
  it('scores a set against itself as perfect, exact and overlap', () => {
    fc.assert(
      fc.property(spanList, (spans) => {
        const s = scoreSpans(spans, [...spans].reverse());
        expect(s.exact).toEqual(perfect);
        expect(s.overlap.f1).toBe(1);
      }),
    );
  });

  it('stays in [0, 1], swaps precision and recall when truth and answer swap, and exact 1 implies overlap 1', () => {
    fc.assert(
      fc.property(spanList, spanList, (truth, answer) => {
        const ab = scoreSpans(truth, answer);
        const ba = scoreSpans(answer, truth);
        for (const m of [ab.exact, ab.overlap]) for (const v of Object.values(m)) expect(v >= 0 && v <= 1).toBe(true);
        expect(ab.exact.precision).toBeCloseTo(ba.exact.recall, 12);
        expect(ab.overlap.f1).toBeCloseTo(ba.overlap.f1, 12);
        // Overlap is NOT always ≥ exact (long missed spans weigh more by characters), but a
        // perfect exact score is a perfect overlap score.
        if (ab.exact.f1 === 1) expect(ab.overlap.f1).toBe(1);
      }),
    );
  });
});

describe('scoreSpans (fixed cases)', () => {
  it('gives 1 when both are empty, 0 when one side is', () => {
    expect(scoreSpans([], [])).toEqual({ exact: perfect, overlap: perfect });
    const zero = { precision: 0, recall: 0, f1: 0 };
    expect(scoreSpans([{ label: 'PER', start: 0, end: 3 }], [])).toEqual({ exact: zero, overlap: zero });
    expect(scoreSpans([], [{ label: 'PER', start: 0, end: 3 }])).toEqual({ exact: zero, overlap: zero });
  });

  it('counts exact (start, end, label) matches once each', () => {
    const truth = [
      { label: 'PER', start: 0, end: 5 },
      { label: 'LOC', start: 10, end: 15 },
    ];
    const answer = [
      { label: 'PER', start: 0, end: 5 },
      { label: 'PER', start: 0, end: 5 }, // tagged twice: the copy is a false positive
      { label: 'PER', start: 10, end: 15 }, // right text, wrong label
    ];
    const s = scoreSpans(truth, answer);
    expect(s.exact).toEqual({ precision: 1 / 3, recall: 1 / 2, f1: 2 / 5 });
    expect(spanGoldScore(truth, answer)).toBe(2 / 5);
    // Characters: PER covers 0–5 in both (duplicates merge), LOC 10–15 is missed, PER 10–15 is wrong.
    expect(s.overlap).toEqual({ precision: 5 / 10, recall: 5 / 10, f1: 0.5 });
  });

  it('gives partial character credit for a boundary off by one word', () => {
    // Truth "Angela Merkel" 0–13; the answer tagged "Angela" alone, 0–6.
    const s = scoreSpans([{ label: 'PER', start: 0, end: 13 }], [{ label: 'PER', start: 0, end: 6 }]);
    expect(s.exact.f1).toBe(0);
    expect(s.overlap.precision).toBe(1);
    expect(s.overlap.recall).toBeCloseTo(6 / 13, 12);
    expect(s.overlap.f1).toBeCloseTo((2 * 6) / 19, 12);
  });

  it('merges overlapping spans of one label before counting characters', () => {
    const s = scoreSpans(
      [{ label: 'LOC', start: 0, end: 10 }],
      [
        { label: 'LOC', start: 0, end: 6 },
        { label: 'LOC', start: 4, end: 10 },
      ],
    );
    expect(s.overlap).toEqual(perfect);
    expect(s.exact.f1).toBe(0);
  });
});
