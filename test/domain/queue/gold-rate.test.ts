import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goldRateFor, NEW_ANNOTATOR_GOLD } from '../../../src/domain/queue/gold-rate.ts';
import { planSlots } from '../../../src/domain/queue/interleave.ts';
import { seeded } from './seeded.ts';

const base = { rate: 0.1, adaptive: true, min: 0.05, max: 0.3, target: 0.8 };

describe('goldRateFor', () => {
  it('returns the project rate when adaptation is off, whatever the record', () => {
    expect(goldRateFor({ ...base, adaptive: false }, { n: 0, scoreSum: 0 })).toBe(0.1);
    expect(goldRateFor({ ...base, adaptive: false }, { n: 500, scoreSum: 490 })).toBe(0.1);
  });

  it('gives new annotators the maximum', () => {
    expect(goldRateFor(base, { n: 0, scoreSum: 0 })).toBe(0.3);
    expect(goldRateFor(base, { n: NEW_ANNOTATOR_GOLD - 1, scoreSum: NEW_ANNOTATOR_GOLD - 1 })).toBe(0.3);
  });

  it('gives the maximum while the interval straddles the target', () => {
    // 40 of 50 = 0.8 exactly on the target.
    expect(goldRateFor(base, { n: 50, scoreSum: 40 })).toBe(0.3);
  });

  it('gives a proven annotator (narrow interval well above target) close to the minimum', () => {
    const rate = goldRateFor(base, { n: 2000, scoreSum: 1960 });
    expect(rate).toBeGreaterThanOrEqual(0.05);
    expect(rate).toBeLessThan(0.065);
  });

  it('gives less gold as the interval narrows, for the same accuracy', () => {
    const wide = goldRateFor(base, { n: 20, scoreSum: 20 });
    const narrow = goldRateFor(base, { n: 400, scoreSum: 400 });
    expect(wide).toBeGreaterThan(narrow);
  });

  it('always stays within [min, max]', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n, acc, target) => {
        const r = goldRateFor({ ...base, target }, { n, scoreSum: n * acc });
        return r >= 0.05 && r <= 0.3;
      }),
    );
  });
});

describe('planSlots', () => {
  it.each([
    [0.1, 3],
    [0.2, 2],
    [0.05, 10],
  ])('hits rate %f with gap %i over 100,000 slots', (rate, minGap) => {
    const plan = planSlots(100_000, 100_000, { rate, minGap, sinceLastGold: minGap, random: seeded(7) });
    const golds = plan.flatMap((s, i) => (s === 'gold' ? [i] : []));
    expect(Math.abs(golds.length / plan.length - rate)).toBeLessThan(0.005);
    const gaps = golds.slice(1).map((g, i) => g - (golds[i] as number) - 1);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(minGap);
    // No fixed period: gaps vary widely.
    expect(new Set(gaps).size).toBeGreaterThan(10);
  });

  it('honours the gap carried over from the last batch', () => {
    const plan = planSlots(3, 10, { rate: 0.49, minGap: 3, sinceLastGold: 0, random: () => 0 });
    expect(plan).toEqual(['live', 'live', 'live']);
  });
});
