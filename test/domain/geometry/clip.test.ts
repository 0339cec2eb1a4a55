import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxToPolygon } from '../../../src/domain/geometry/box.ts';
import { polygonIntersectionArea, preparePolygon, triangulate } from '../../../src/domain/geometry/clip.ts';
import { pointInPolygon, polygonArea, polygonBounds, translatePolygon } from '../../../src/domain/geometry/polygon.ts';
import type { Polygon } from '../../../src/domain/geometry/types.ts';

type P = [number, number];
// Hand-checkable shapes on a unit grid (cell (x, y) = [x, x+1] × [y, y+1]).
const L: P[] = [
  [0, 0],
  [4, 0],
  [4, 1],
  [1, 1],
  [1, 4],
  [0, 4],
]; // 7 cells
const Lrot: P[] = [
  [4, 4],
  [0, 4],
  [0, 3],
  [3, 3],
  [3, 0],
  [4, 0],
]; // L turned 180° in the 4×4 square
const U: P[] = [
  [0, 0],
  [3, 0],
  [3, 3],
  [2, 3],
  [2, 1],
  [1, 1],
  [1, 3],
  [0, 3],
]; // 3×3 minus cells (1,1), (1,2)
const Udown: P[] = [
  [0, 3],
  [0, 0],
  [1, 0],
  [1, 2],
  [2, 2],
  [2, 0],
  [3, 0],
  [3, 3],
]; // 3×3 minus (1,0), (1,1)
const combUp: P[] = [
  [0, 0],
  [5, 0],
  [5, 4],
  [4, 4],
  [4, 1],
  [3, 1],
  [3, 4],
  [2, 4],
  [2, 1],
  [1, 1],
  [1, 4],
  [0, 4],
]; // 14 cells
const combDown: P[] = [
  [0, 4],
  [5, 4],
  [5, 3],
  [4, 3],
  [4, 0],
  [3, 0],
  [3, 3],
  [2, 3],
  [2, 0],
  [1, 0],
  [1, 3],
  [0, 3],
]; // 11 cells
const box = (x: number, y: number, w: number, h: number): Polygon => boxToPolygon({ x, y, w, h });

const area = polygonIntersectionArea;

describe('intersection area, fixed cases computed by hand', () => {
  it('concave L-shapes', () => {
    expect(area(L, box(0, 0, 2, 2))).toBeCloseTo(3, 12); // [0,2]×[0,1] ∪ [0,1]×[0,2]
    expect(area(L, Lrot)).toBeCloseTo(2, 12); // the two corner cells (3,0) and (0,3)
    expect(area(L, L)).toBeCloseTo(7, 12);
  });
  it('concave U-shapes', () => {
    expect(area(U, Udown)).toBeCloseTo(6, 12); // 9 cells minus the 3 either one lacks
    expect(area(U, box(1, 1, 1, 2))).toBe(0); // the notch: touches on three sides, no area
    expect(area(U, translatePolygon(U, 3, 0))).toBe(0); // side by side, one shared edge
    expect(area(U, translatePolygon(U, 1, 0))).toBeCloseTo(2, 12); // cells (1,0) and (2,0): the arms miss
  });
  it('interleaved combs (concave against concave, many collinear edges)', () => {
    expect(area(combUp, combDown)).toBeCloseTo(5, 12); // 3 tooth tips + 2 tooth roots
  });
  it('nested shapes', () => {
    expect(area(U, box(-1, -1, 5, 5))).toBeCloseTo(7, 12);
    expect(area(box(0.5, 0.5, 1, 0.25), L)).toBeCloseTo(0.25, 12); // box inside the L's corner
    expect(area(L, box(2, 2, 1, 1))).toBe(0); // box inside the L's bounding box, outside the L
  });
  it('touching at a corner or along an edge gives 0', () => {
    expect(area(box(0, 0, 1, 1), box(1, 1, 1, 1))).toBe(0);
    expect(area(box(0, 0, 1, 1), box(1, 0, 1, 1))).toBe(0);
    expect(
      area(L, [
        [1, 1],
        [4, 1],
        [4, 4],
        [1, 4],
      ]),
    ).toBe(0); // fills the L's bay exactly
  });
  it('ignores collinear and repeated vertices and orientation', () => {
    const square: P[] = [
      [0, 0],
      [0, 0],
      [2, 0],
      [4, 0],
      [4, 4],
      [4, 4],
      [2, 4],
      [0, 4],
      [0, 0],
    ];
    expect(area(square, box(0, 0, 4, 4))).toBeCloseTo(16, 12);
    expect(area([...L].reverse(), box(0, 0, 2, 2))).toBeCloseTo(3, 12);
  });
  it('degenerate and non-finite input intersect nothing, without NaN', () => {
    expect(
      area(
        [
          [0, 0],
          [1, 1],
          [2, 2],
        ],
        box(0, 0, 4, 4),
      ),
    ).toBe(0);
    expect(
      area(
        [
          [0, 0],
          [NaN, 1],
          [2, 2],
        ],
        box(0, 0, 4, 4),
      ),
    ).toBe(0);
    expect(area([], [])).toBe(0);
  });
});

describe('triangulate', () => {
  it('covers concave polygons exactly with positive triangles', () => {
    for (const p of [L, U, Udown, combUp, combDown]) {
      const triangles = triangulate(p);
      expect(triangles).toHaveLength(p.length - 2);
      expect(triangles.reduce((s, t) => s + polygonArea(t), 0)).toBe(polygonArea(p));
    }
  });
  it('copes with straight vertices and repeats (no flat triangles)', () => {
    const triangles = triangulate([
      [0, 0],
      [1, 0],
      [1, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 1],
    ]);
    expect(triangles.length).toBeLessThanOrEqual(4);
    expect(triangles.every((t) => polygonArea(t) > 0)).toBe(true);
    expect(triangles.reduce((s, t) => s + polygonArea(t), 0)).toBe(4);
  });
  it('terminates on a non-simple outline with finite output', () => {
    const out = triangulate([
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 2],
      [1, 5],
      [3, -1],
    ]);
    expect(out.every((t) => t.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y)))).toBe(true);
  });
  it('keeps a convex polygon in one piece', () => {
    expect(preparePolygon(box(0, 0, 3, 2)).pieces).toHaveLength(1);
    expect(preparePolygon(L).pieces).toHaveLength(4);
  });
});

// ---- properties ----

/** Star-shaped polygons: radii at increasing angles with gaps < π, so simple by construction. */
const star = fc
  .record({
    cx: fc.double({ min: -50, max: 50, noNaN: true }),
    cy: fc.double({ min: -50, max: 50, noNaN: true }),
    vs: fc.array(fc.tuple(fc.double({ min: 0, max: 0.4, noNaN: true }), fc.double({ min: 1, max: 60, noNaN: true })), { minLength: 3, maxLength: 14 }),
  })
  .map(({ cx, cy, vs }) =>
    vs.map(([j, r], i): P => [cx + r * Math.cos((2 * Math.PI * (i + j)) / vs.length), cy + r * Math.sin((2 * Math.PI * (i + j)) / vs.length)]),
  );

/**
 * Skyline polygons on an integer grid: concave, orthogonal, full of collinear edges, repeated
 * vertices (equal neighbouring heights) and edges shared with the other polygon. Their area and
 * intersection are exactly the number of grid cells whose centre lies inside: an independent oracle.
 */
const skyline = fc
  .record({
    heights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }),
    dx: fc.integer({ min: -3, max: 3 }),
    dy: fc.integer({ min: -3, max: 3 }),
    transpose: fc.boolean(),
    mirror: fc.boolean(),
  })
  .map(({ heights, dx, dy, transpose, mirror }) => {
    const k = heights.length;
    const pts: P[] = [
      [0, 0],
      [k, 0],
    ];
    for (let i = k - 1; i >= 0; i--) pts.push([i + 1, heights[i] ?? 1], [i, heights[i] ?? 1]);
    return pts.map(([x, y]): P => {
      const yy = mirror ? -y : y;
      return transpose ? [yy + dx, x + dy] : [x + dx, yy + dy];
    });
  });

function cellsInside(a: Polygon, b: Polygon): number {
  let n = 0;
  for (let x = -10; x < 10; x++) for (let y = -10; y < 10; y++) if (pointInPolygon([x + 0.5, y + 0.5], a) && pointInPolygon([x + 0.5, y + 0.5], b)) n++;
  return n;
}

describe('intersection area, properties', () => {
  it('equals the cell count on integer skylines (degenerate contacts everywhere)', () => {
    fc.assert(
      fc.property(skyline, skyline, (a, b) => {
        expect(area(a, b)).toBeCloseTo(cellsInside(a, b), 9);
        expect(polygonArea(a)).toBe(cellsInside(a, a));
      }),
      { numRuns: 300 },
    );
  });
  it('is at most the smaller area, symmetric, and a shape with itself gives its area', () => {
    fc.assert(
      fc.property(star, star, (a, b) => {
        const i = area(a, b);
        expect(i).toBeGreaterThanOrEqual(0);
        expect(i).toBeLessThanOrEqual(Math.min(polygonArea(a), polygonArea(b)));
        expect(Math.abs(i - area(b, a))).toBeLessThanOrEqual(1e-9 * Math.max(1, i));
        expect(area(a, a)).toBeCloseTo(polygonArea(a), 9);
      }),
    );
  });
  it('with a box that contains it, gives the polygon’s own area', () => {
    fc.assert(
      fc.property(star, fc.double({ min: 0, max: 20, noNaN: true }), (p, margin) => {
        const b = polygonBounds(p);
        if (!b) return;
        const around = box(b.x - margin, b.y - margin, b.w + 2 * margin, b.h + 2 * margin);
        expect(Math.abs(area(p, around) - polygonArea(p))).toBeLessThanOrEqual(1e-9 * polygonArea(p));
      }),
    );
  });
  it('sums to the whole when a box is cut in two (A∩left + A∩right = area A)', () => {
    fc.assert(
      fc.property(star, fc.double({ min: 0, max: 1, noNaN: true }), (p, f) => {
        const b = polygonBounds(p);
        if (!b) return;
        const cut = b.x + f * b.w;
        const left = area(p, box(b.x - 1, b.y - 1, cut - b.x + 1, b.h + 2));
        const right = area(p, box(cut, b.y - 1, b.x + b.w - cut + 1, b.h + 2));
        expect(Math.abs(left + right - polygonArea(p))).toBeLessThanOrEqual(1e-9 * polygonArea(p));
      }),
    );
  });
});
