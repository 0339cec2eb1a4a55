import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handlePosition, BOX_HANDLES } from '../../../src/domain/geometry/box.ts';
import { boxesOverlap, hitBoxHandle, hitTest, hitVertex, shapeBounds, shapeContains, type HitShape } from '../../../src/domain/geometry/hit.ts';

const box = (x: number, y: number, w: number, h: number): HitShape => ({ kind: 'box', x, y, w, h });
const tri: HitShape = {
  kind: 'polygon',
  points: [
    [0, 0],
    [100, 0],
    [0, 100],
  ],
};

describe('shapeContains', () => {
  it('a box contains every point inside it and none beyond the tolerance', () => {
    const arb = fc.record({
      x: fc.integer({ min: -1000, max: 1000 }),
      y: fc.integer({ min: -1000, max: 1000 }),
      w: fc.integer({ min: 1, max: 500 }),
      h: fc.integer({ min: 1, max: 500 }),
    });
    fc.assert(
      fc.property(arb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), ({ x, y, w, h }, u, v) => {
        const s = box(x, y, w, h);
        expect(shapeContains(s, [x + u * w, y + v * h], 0)).toBe(true);
        expect(shapeContains(s, [x + w + 5, y + v * h], 4)).toBe(false);
        expect(shapeContains(s, [x + w + 3, y + v * h], 4)).toBe(true);
      }),
    );
  });
  it('a concave polygon: inside, outside in the notch, near an edge', () => {
    const l: HitShape = {
      kind: 'polygon',
      points: [
        [0, 0],
        [100, 0],
        [100, 30],
        [30, 30],
        [30, 100],
        [0, 100],
      ],
    };
    expect(shapeContains(l, [10, 10], 0)).toBe(true);
    expect(shapeContains(l, [60, 60], 0)).toBe(false);
    expect(shapeContains(l, [60, 33], 4)).toBe(true);
    expect(shapeContains(tri, [60, 60], 2)).toBe(false);
  });
});

describe('hitTest', () => {
  it('picks the smallest shape under the point, skips what it is told to, and -1 on empty space', () => {
    const shapes = [box(0, 0, 500, 500), box(100, 100, 20, 20), tri];
    expect(hitTest(shapes, [110, 110], 0)).toBe(1);
    expect(hitTest(shapes, [300, 300], 0)).toBe(0);
    expect(hitTest(shapes, [10, 10], 0)).toBe(2);
    expect(hitTest(shapes, [110, 110], 0, (_s, i) => i === 1)).toBe(0);
    expect(hitTest(shapes, [900, 900], 0)).toBe(-1);
  });
});

describe('handles and vertices', () => {
  it('every handle is found at its own position', () => {
    const b = box(10, 20, 30, 40) as Extract<HitShape, { kind: 'box' }>;
    for (const h of BOX_HANDLES) expect(hitBoxHandle(b, handlePosition(b, h), 1)).toBe(h);
    expect(hitBoxHandle(b, [25, 40], 1)).toBeNull();
  });
  it('hitVertex finds the nearest vertex within tolerance', () => {
    if (tri.kind !== 'polygon') throw new Error('unreachable');
    expect(hitVertex(tri.points, [99, 1], 3)).toBe(1);
    expect(hitVertex(tri.points, [50, 50], 3)).toBe(-1);
  });
  it('bounds and overlap agree with containment', () => {
    expect(shapeBounds(tri)).toEqual({ x: 0, y: 0, w: 100, h: 100 });
    expect(boxesOverlap({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 5, w: 10, h: 10 })).toBe(true);
    expect(boxesOverlap({ x: 0, y: 0, w: 10, h: 10 }, { x: 11, y: 0, w: 10, h: 10 })).toBe(false);
  });
});
