// The sweep (outlines over 64 edges) must judge exactly as the pair-by-pair reference, degenerate
// cases included: integer grids full of shared vertices, collinear edges and touching spikes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSelfIntersection } from '../../../src/domain/geometry/polygon.ts';
import { pairwiseSelfIntersection } from '../../../src/domain/geometry/polygon-simple.ts';

type P = [number, number];
const star = (n: number, inner: number, outer: number, cx = 0, cy = 0): P[] =>
  Array.from({ length: n }, (_, i) => {
    const r = i % 2 ? inner : outer;
    const a = (2 * Math.PI * i) / n;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });

describe('polygon simplicity sweep', () => {
  it('agrees with the pairwise reference on random integer outlines (mostly tangled)', () => {
    const pt = (m: number) => fc.tuple(fc.integer({ min: 0, max: m }), fc.integer({ min: 0, max: m }));
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 400 }).chain((m) => fc.array(pt(m), { minLength: 65, maxLength: 140 })),
        (p) => {
          expect(findSelfIntersection(p) === null).toBe(pairwiseSelfIntersection(p) === null);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees on near-simple outlines: stars rounded to a grid, with a vertex moved or repeated', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 33, max: 90 }),
        fc.integer({ min: 5, max: 60 }),
        fc.nat(),
        fc.integer({ min: -80, max: 80 }),
        fc.boolean(),
        (half, inner, pick, dx, repeat) => {
          const p = star(half * 2, inner, 100).map(([x, y]): P => [Math.round(x), Math.round(y)]);
          const k = pick % p.length;
          if (repeat) p.splice(k, 0, p[(k + 7) % p.length] as P);
          else p[k] = [(p[k] as P)[0] + dx, (p[k] as P)[1]];
          expect(findSelfIntersection(p) === null).toBe(pairwiseSelfIntersection(p) === null);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('accepts a 5,000-vertex star and catches one crossing in it', () => {
    const s = star(5000, 500, 1000);
    expect(findSelfIntersection(s)).toBeNull();
    const bad = [...s];
    [bad[10], bad[2500]] = [bad[2500] as P, bad[10] as P];
    expect(findSelfIntersection(bad)).not.toBeNull();
  });
});
