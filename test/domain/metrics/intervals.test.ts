import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clopperPearsonInterval, jeffreysInterval, proportionInterval, wilsonInterval, zForConfidence } from '../../../src/domain/metrics/intervals.ts';
import { inverseNormalCdf, inverseRegularizedIncompleteBeta, normalCdf, regularizedIncompleteBeta } from '../../../src/domain/metrics/special.ts';

const methods = [wilsonInterval, jeffreysInterval, clopperPearsonInterval];

describe('fixed cases', () => {
  it('z for common confidence levels', () => {
    expect(zForConfidence()).toBeCloseTo(1.959963984540054, 14);
    expect(zForConfidence(0.99)).toBeCloseTo(2.5758293035489004, 14);
    expect(zForConfidence(0.9)).toBeCloseTo(1.6448536269514722, 14);
  });

  it('n = 0 gives no estimate and the whole of [0, 1]', () => {
    for (const f of methods) expect(f(0, 0)).toMatchObject({ estimate: null, lower: 0, upper: 1, n: 0 });
  });

  it('Wilson 8 of 10 at 95%', () => {
    const w = wilsonInterval(8, 10);
    expect(w.estimate).toBe(0.8);
    expect(w.lower).toBeCloseTo(0.4901625, 6);
    expect(w.upper).toBeCloseTo(0.9433178, 6);
  });

  it('boundaries: all right reaches 1, all wrong reaches 0', () => {
    for (const f of methods) {
      expect(f(20, 20).upper).toBe(1);
      expect(f(0, 20).lower).toBe(0);
    }
  });

  it('fractional successes (a sum of gold scores) are accepted', () => {
    const w = proportionInterval(7.25, 10, { method: 'jeffreys', confidence: 0.9 });
    expect(w).toMatchObject({ estimate: 0.725, method: 'jeffreys', confidence: 0.9 });
    // A float sum a few ulps over n is clamped, not rejected.
    expect(wilsonInterval(10 + 1e-12, 10).estimate).toBe(1);
  });

  it('rejects impossible input', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 10, 1)).toThrow(RangeError);
    expect(() => jeffreysInterval(Number.NaN, 10)).toThrow(RangeError);
  });
});

const countAndN = fc
  .integer({ min: 1, max: 100_000 })
  .chain((n) => fc.tuple(fc.oneof(fc.integer({ min: 0, max: n }), fc.double({ min: 0, max: n, noNaN: true })), fc.constant(n)));
const confidence = fc.constantFrom(0.8, 0.9, 0.95, 0.99, 0.999);

describe('interval properties (fast-check)', () => {
  it('every method contains the point estimate and lies in [0, 1]', () => {
    fc.assert(
      fc.property(countAndN, confidence, ([s, n], c) => {
        for (const f of methods) {
          const ci = f(s, n, c);
          expect(ci.lower).toBeGreaterThanOrEqual(0);
          expect(ci.upper).toBeLessThanOrEqual(1);
          expect(ci.lower).toBeLessThanOrEqual(ci.estimate! + 1e-12);
          expect(ci.upper).toBeGreaterThanOrEqual(ci.estimate! - 1e-12);
        }
      }),
    );
  });

  it('narrows as n grows at a fixed proportion', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 2, max: 50 }), confidence, (n, p, k, c) => {
        for (const f of methods) {
          const small = f(p * n, n, c);
          const large = f(p * n * k, n * k, c);
          expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
        }
      }),
    );
  });

  it('widens with the confidence level', () => {
    fc.assert(
      fc.property(countAndN, ([s, n]) => {
        for (const f of methods) {
          const a = f(s, n, 0.9);
          const b = f(s, n, 0.99);
          expect(b.lower).toBeLessThanOrEqual(a.lower + 1e-15);
          expect(b.upper).toBeGreaterThanOrEqual(a.upper - 1e-15);
        }
      }),
    );
  });
});

describe('special function round trips (fast-check)', () => {
  it('Φ(Φ⁻¹(p)) = p', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1 - 1e-16, noNaN: true }), (p) => {
        const back = normalCdf(inverseNormalCdf(p));
        return Math.abs(back - p) <= 1e-13 * Math.min(p, 1 - p) + 1e-16;
      }),
    );
  });

  it('I(I⁻¹(p; a, b); a, b) = p, also for extreme shapes', () => {
    const shape = fc.oneof(fc.double({ min: 0.05, max: 5, noNaN: true }), fc.double({ min: 5, max: 200_000, noNaN: true }));
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), shape, shape, (p, a, b) => {
        const x = inverseRegularizedIncompleteBeta(p, a, b);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        const back = regularizedIncompleteBeta(x, a, b);
        if (Math.abs(back - p) <= 1e-9 * Math.min(p, 1 - p)) return;
        // Where the density is very steep the residual is limited by how finely x can be represented:
        // then p must lie between I at a few ulps either side of x.
        const ulp = Number.EPSILON * Math.max(x, Number.MIN_VALUE);
        const below = regularizedIncompleteBeta(Math.max(0, x - 4 * ulp), a, b);
        const above = regularizedIncompleteBeta(Math.min(1, x + 4 * ulp), a, b);
        expect(below).toBeLessThanOrEqual(p * (1 + 1e-12));
        expect(above).toBeGreaterThanOrEqual(p * (1 - 1e-12));
      }),
      { numRuns: 300 },
    );
  });
});
