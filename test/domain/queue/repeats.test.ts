import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRepeats } from '../../../src/domain/queue/repeats.ts';
import { seeded } from './seeded.ts';

describe('planRepeats', () => {
  it('never exceeds the slots, the new items or the candidates, and never ends on repeats alone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 10 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer(),
        (slots, fresh, cands, rate, seed) => {
          const plan = planRepeats(slots, fresh, cands, rate, seeded(seed));
          const repeats = plan.filter((s) => s === 'repeat').length;
          expect(plan.length).toBeLessThanOrEqual(slots);
          expect(plan.length - repeats).toBeLessThanOrEqual(fresh);
          expect(repeats).toBeLessThanOrEqual(cands);
          if (fresh === 0) expect(plan).toEqual([]);
          // Ends only when the slots are full or the new items ran out.
          if (plan.length < slots) expect(plan.length - repeats).toBe(fresh);
        },
      ),
    );
  });

  it('is off at rate 0 and puts repeats at about the rate (capped at 0.2) with unlimited candidates', () => {
    expect(planRepeats(100, 100, 100, 0, seeded(1)).includes('repeat')).toBe(false);
    const plan = planRepeats(20_000, 20_000, 20_000, 0.1, seeded(7));
    const share = plan.filter((s) => s === 'repeat').length / plan.length;
    expect(Math.abs(share - 0.1)).toBeLessThan(0.01);
    const capped = planRepeats(20_000, 20_000, 20_000, 0.9, seeded(8));
    expect(capped.filter((s) => s === 'repeat').length / capped.length).toBeLessThan(0.22);
  });
});
