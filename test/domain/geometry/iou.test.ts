import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxToPolygon } from '../../../src/domain/geometry/box.ts';
import { boxIoU, iouFromAreas, polygonIoU, shapeArea, shapeIoU, type GeometryShape } from '../../../src/domain/geometry/iou.ts';

type P = [number, number];
const L: P[] = [
  [0, 0],
  [4, 0],
  [4, 1],
  [1, 1],
  [1, 4],
  [0, 4],
];
const Lrot: P[] = [
  [4, 4],
  [0, 4],
  [0, 3],
  [3, 3],
  [3, 0],
  [4, 0],
];
const U: P[] = [
  [0, 0],
  [3, 0],
  [3, 3],
  [2, 3],
  [2, 1],
  [1, 1],
  [1, 3],
  [0, 3],
];
const Udown: P[] = [
  [0, 3],
  [0, 0],
  [1, 0],
  [1, 2],
  [2, 2],
  [2, 0],
  [3, 0],
  [3, 3],
];
const poly = (points: P[]): GeometryShape => ({ kind: 'polygon', points });
const box = (x: number, y: number, w: number, h: number): GeometryShape => ({ kind: 'box', x, y, w, h });

describe('IoU, fixed cases', () => {
  it('concave shapes, by hand', () => {
    expect(shapeIoU(poly(L), box(0, 0, 2, 2))).toBeCloseTo(3 / 8, 14); // 3 / (7 + 4 − 3)
    expect(shapeIoU(poly(L), poly(Lrot))).toBeCloseTo(1 / 6, 14); // 2 / (7 + 7 − 2)
    expect(shapeIoU(poly(U), poly(Udown))).toBeCloseTo(3 / 4, 14); // 6 / (7 + 7 − 6)
  });
  it('nested and touching shapes', () => {
    expect(shapeIoU(poly(U), box(-1, -1, 5, 5))).toBeCloseTo(7 / 25, 14);
    expect(shapeIoU(box(0, 0, 1, 1), box(1, 0, 1, 1))).toBe(0);
    expect(shapeIoU(poly(U), box(1, 1, 1, 2))).toBe(0);
    expect(
      shapeIoU(
        poly(L),
        poly([
          [1, 1],
          [4, 1],
          [4, 4],
          [1, 4],
        ]),
      ),
    ).toBe(0);
  });
  it('is 1 for a polygon with itself, in either orientation and with repeated vertices', () => {
    expect(polygonIoU(L, L)).toBeCloseTo(1, 14);
    expect(polygonIoU(L, [...L].reverse())).toBeCloseTo(1, 14);
    expect(
      polygonIoU(L, [
        [0, 0],
        [0, 0],
        [2, 0],
        [4, 0],
        [4, 1],
        [1, 1],
        [1, 4],
        [0, 4],
        [0, 0],
      ]),
    ).toBeCloseTo(1, 14);
  });
  it('is 0, never NaN, for shapes without area', () => {
    expect(shapeIoU(box(1, 1, 0, 0), box(1, 1, 0, 0))).toBe(0);
    expect(shapeIoU(box(1, 1, 0, 5), box(0, 0, 5, 5))).toBe(0);
    expect(
      polygonIoU(
        [
          [0, 0],
          [1, 1],
          [2, 2],
        ],
        [
          [0, 0],
          [1, 1],
          [2, 2],
        ],
      ),
    ).toBe(0);
    expect(
      polygonIoU(
        [
          [0, 0],
          [NaN, 1],
          [2, 2],
        ],
        L,
      ),
    ).toBe(0);
    expect(shapeIoU(box(NaN, 0, 1, 1), box(0, 0, 1, 1))).toBe(0);
    expect(shapeIoU(box(Infinity, 0, 1, 1), poly(L))).toBe(0);
    expect(iouFromAreas(0, 0, 0)).toBe(0);
    expect(iouFromAreas(NaN, 1, 1)).toBe(0);
    expect(iouFromAreas(1.0000000001, 1, 1)).toBe(1);
  });
  it('measures areas of both kinds', () => {
    expect(shapeArea(poly(U))).toBe(7);
    expect(shapeArea(box(0, 0, 2, 3))).toBe(6);
  });
});

// ---- properties ----

const coord = fc.double({ min: -50, max: 50, noNaN: true });
const side = fc.double({ min: 1, max: 80, noNaN: true });
const arbBox = fc.record({ kind: fc.constant('box' as const), x: coord, y: coord, w: side, h: side });
/** Star-shaped polygons: radii at increasing angles with gaps < π, so simple by construction. */
const arbPolygon = fc
  .record({
    cx: coord,
    cy: coord,
    vs: fc.array(fc.tuple(fc.double({ min: 0, max: 0.4, noNaN: true }), fc.double({ min: 1, max: 60, noNaN: true })), { minLength: 3, maxLength: 14 }),
  })
  .map(({ cx, cy, vs }): GeometryShape => ({
    kind: 'polygon',
    points: vs.map(([j, r], i): P => [cx + r * Math.cos((2 * Math.PI * (i + j)) / vs.length), cy + r * Math.sin((2 * Math.PI * (i + j)) / vs.length)]),
  }));
const arbShape: fc.Arbitrary<GeometryShape> = fc.oneof(arbBox, arbPolygon);

const transform = (s: GeometryShape, k: number, dx: number, dy: number): GeometryShape =>
  s.kind === 'box'
    ? { kind: 'box', x: s.x * k + dx, y: s.y * k + dy, w: s.w * k, h: s.h * k }
    : { kind: 'polygon', points: s.points.map(([x, y]): P => [x * k + dx, y * k + dy]) };

describe('IoU, properties', () => {
  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(arbShape, arbShape, (a, b) => {
        const iou = shapeIoU(a, b);
        expect(iou).toBeGreaterThanOrEqual(0);
        expect(iou).toBeLessThanOrEqual(1);
        expect(Math.abs(iou - shapeIoU(b, a))).toBeLessThanOrEqual(1e-12);
      }),
    );
  });
  it('is 1 for a shape with itself', () => {
    fc.assert(fc.property(arbShape, (a) => Math.abs(shapeIoU(a, a) - 1) <= 1e-12));
  });
  it('does not change when both shapes move together', () => {
    const shift = fc.double({ min: -1e5, max: 1e5, noNaN: true });
    fc.assert(
      fc.property(
        arbShape,
        arbShape,
        shift,
        shift,
        (a, b, dx, dy) => Math.abs(shapeIoU(transform(a, 1, dx, dy), transform(b, 1, dx, dy)) - shapeIoU(a, b)) <= 1e-9,
      ),
    );
  });
  it('does not change when both shapes are scaled together', () => {
    const k = fc.double({ min: 0.01, max: 100, noNaN: true });
    fc.assert(fc.property(arbShape, arbShape, k, (a, b, s) => Math.abs(shapeIoU(transform(a, s, 0, 0), transform(b, s, 0, 0)) - shapeIoU(a, b)) <= 1e-9));
  });
  it('of two boxes equals the polygon IoU of their 4-gons', () => {
    fc.assert(fc.property(arbBox, arbBox, (a, b) => Math.abs(boxIoU(a, b) - polygonIoU(boxToPolygon(a), boxToPolygon(b))) <= 1e-12));
  });
  it('of a box and a polygon treats the box as its 4-gon', () => {
    fc.assert(
      fc.property(arbBox, arbPolygon, (a, b) => {
        if (b.kind !== 'polygon') return;
        expect(shapeIoU(a, b)).toBe(polygonIoU(boxToPolygon(a), b.points));
      }),
    );
  });
});
