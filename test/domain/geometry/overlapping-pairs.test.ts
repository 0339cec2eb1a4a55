import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundsOf, forEachOverlap, type Bounds } from '../../../src/domain/geometry/overlapping-pairs.ts';

const collect = (a: Bounds[], b: Bounds[]) => {
  const got: string[] = [];
  forEachOverlap(a, b, (i, j) => got.push(`${i}:${j}`));
  return got.sort();
};
const shareArea = (p: Bounds, q: Bounds) => Math.min(p.x1, q.x1) > Math.max(p.x0, q.x0) && Math.min(p.y1, q.y1) > Math.max(p.y0, q.y0);
const rect = fc
  .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }))
  .map(([x, y, w, h]): Bounds => ({ x0: x, y0: y, x1: x + w, y1: y + h }));

describe('forEachOverlap', () => {
  it('visits exactly the pairs that share an area, each once (against comparing every pair)', () => {
    fc.assert(
      fc.property(fc.array(rect, { maxLength: 25 }), fc.array(rect, { maxLength: 25 }), (a, b) => {
        const expected = a.flatMap((p, i) => b.flatMap((q, j) => (shareArea(p, q) ? [`${i}:${j}`] : []))).sort();
        expect(collect(a, b)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
  it('does not count touching edges or empty rectangles, and skips non-finite ones', () => {
    const unit: Bounds = { x0: 0, y0: 0, x1: 1, y1: 1 };
    expect(collect([unit], [{ x0: 1, y0: 0, x1: 2, y1: 1 }])).toEqual([]);
    expect(collect([unit], [{ x0: 0.5, y0: 0.5, x1: 0.5, y1: 0.9 }])).toEqual([]);
    expect(collect([unit], [{ x0: Number.NaN, y0: 0, x1: 1, y1: 1 }])).toEqual([]);
    expect(collect([unit], [{ x0: 0.5, y0: 0.5, x1: 3, y1: 3 }])).toEqual(['0:0']);
  });
  it('takes the bounds of a box of any sign and of a polygon', () => {
    expect(boundsOf({ kind: 'box', x: 10, y: 10, w: -4, h: 3 })).toEqual({ x0: 6, y0: 10, x1: 10, y1: 13 });
    expect(
      boundsOf({
        kind: 'polygon',
        points: [
          [3, 1],
          [0, 5],
          [7, 2],
        ],
      }),
    ).toEqual({ x0: 0, y0: 1, x1: 7, y1: 5 });
  });
});
