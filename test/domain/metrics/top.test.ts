import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topK } from '../../../src/domain/metrics/top.ts';

describe('topK', () => {
  it('is the first k of a stable sort, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ share: fc.integer({ min: 0, max: 3 }), id: fc.nat(50) })), fc.integer({ min: -1, max: 30 }), (xs, k) => {
        const byShare = (a: { share: number }, b: { share: number }) => b.share - a.share;
        expect(topK(xs, k, byShare)).toEqual([...xs].sort(byShare).slice(0, Math.max(0, k)));
      }),
      { numRuns: 500 },
    );
  });
});
