import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_WEIGHT, MIN_WEIGHT, reviewProbability, reviewWeight, smoothedAccuracy } from '../../../src/domain/review/sampling.ts';

const record = fc
  .record({ n: fc.integer({ min: 0, max: 10_000 }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ n, share }) => ({ n, correct: Math.round(n * share) }));
const target = fc.double({ min: 0.05, max: 0.95, noNaN: true });
const rate = fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true }));

describe('review sampling', () => {
  it('reviews a newcomer and an annotator exactly at the target at the base rate', () => {
    expect(reviewProbability(0.1, null, 0.8)).toBeCloseTo(0.1, 12);
    expect(reviewProbability(0.1, { correct: 80, n: 100 }, 0.8)).toBeCloseTo(0.1, 12);
  });

  it('reviews twice as often an annotator wrong twice as often as the target allows, and a quarter as often a near-perfect one', () => {
    // 60 % right over many golds: error 0.4 against the target's 0.2 → weight ≈ 2.
    expect(reviewWeight({ correct: 6000, n: 10_000 }, 0.8)).toBeCloseTo(2, 2);
    expect(reviewWeight({ correct: 10_000, n: 10_000 }, 0.8)).toBe(MIN_WEIGHT);
    expect(reviewWeight({ correct: 0, n: 10_000 }, 0.8)).toBe(MAX_WEIGHT);
  });

  it('is off at rate 0 and a probability otherwise', () => {
    fc.assert(
      fc.property(rate, record, target, (r, rec, t) => {
        const p = reviewProbability(r, rec, t);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        if (r === 0) expect(p).toBe(0);
        if (r === 1) expect(p).toBe(1);
        else expect(p).toBeGreaterThanOrEqual(Math.min(1, r * MIN_WEIGHT) - 1e-12);
      }),
    );
  });

  it('never reviews a more accurate annotator more often (same number of golds)', () => {
    fc.assert(
      fc.property(rate, target, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (r, t, n, a, b) => {
        const lo = Math.min(a, b, n);
        const hi = Math.min(Math.max(a, b), n);
        expect(reviewProbability(r, { correct: hi, n }, t)).toBeLessThanOrEqual(reviewProbability(r, { correct: lo, n }, t) + 1e-12);
      }),
    );
  });

  it('moves the smoothed accuracy from the target towards the observed share as golds accumulate', () => {
    expect(smoothedAccuracy(null, 0.8)).toBeCloseTo(0.8, 12);
    expect(Math.abs(smoothedAccuracy({ correct: 500, n: 1000 }, 0.8) - 0.5)).toBeLessThan(Math.abs(smoothedAccuracy({ correct: 5, n: 10 }, 0.8) - 0.5));
  });
});
