import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decoyPlan } from '../../../src/domain/queue/decoys.ts';

const base = { goldRate: 0.1, exposureCap: 3, overlap: 1, overlapShare: 1, collusionPrecision: 0.5 };

describe('decoyPlan', () => {
  it('overlaps enough live items with a second annotator to hold the default bound', () => {
    const plan = decoyPlan(base);
    expect(plan.overlap).toBe(2);
    // 0.1·2·0.5 / (0.5·0.9·1) = 0.222…
    expect(plan.share).toBeCloseTo(0.2222, 3);
    expect(plan.precision).toBeCloseTo(0.5, 6);
    expect(plan.extraLabelsPer100).toBe(22.2);
  });

  it('costs nothing when the lead overlaps enough already, or when the bound is off', () => {
    expect(decoyPlan({ ...base, overlap: 3, overlapShare: 1 }).extraLabelsPer100).toBe(0);
    expect(decoyPlan({ ...base, collusionPrecision: 1 })).toMatchObject({ share: 0, overlap: 1, extraLabelsPer100: 0 });
    expect(decoyPlan({ ...base, goldRate: 0 }).share).toBe(0);
  });

  it('keeps the pair precision at or below the bound whenever a share ≤ 1 can', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (goldRate, exposureCap, overlap, overlapShare, collusionPrecision) => {
          const plan = decoyPlan({ goldRate, exposureCap, overlap, overlapShare, collusionPrecision });
          if (plan.share < 1) expect(plan.precision).toBeLessThanOrEqual(collusionPrecision + 1e-9);
          expect(plan.share).toBeGreaterThanOrEqual(overlap > 1 ? overlapShare : 0);
          expect(plan.extraLabelsPer100).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
