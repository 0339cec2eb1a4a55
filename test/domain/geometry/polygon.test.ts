import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allCollinear,
  clampPolygon,
  distinctVertexCount,
  findSelfIntersection,
  insertVertex,
  nearestEdge,
  orient2d,
  pointInPolygon,
  polygonArea,
  polygonBounds,
  removeVertex,
  segmentsIntersect,
  signedArea,
  translatePolygon,
  validatePolygon,
} from '../../../src/domain/geometry/polygon.ts';

type P = [number, number];
const square: P[] = [
  [0, 0],
  [4, 0],
  [4, 4],
  [0, 4],
];
const lShape: P[] = [
  [0, 0],
  [4, 0],
  [4, 1],
  [1, 1],
  [1, 4],
  [0, 4],
];
const bowtie: P[] = [
  [0, 0],
  [2, 2],
  [2, 0],
  [0, 2],
];

/** The exact sign of orient2d(a, b, c), from the doubles' binary expansions in BigInt: the oracle. */
function exactOrientSign(a: P, b: P, c: P): number {
  const parts = (x: number): [bigint, number] => {
    if (x === 0) return [0n, 0];
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const hi = view.getUint32(0);
    const bits = (hi >>> 20) & 0x7ff;
    const mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
    const m = bits === 0 ? mantissa : mantissa | (1n << 52n);
    return [hi >>> 31 ? -m : m, bits === 0 ? -1074 : bits - 1075];
  };
  const terms: Array<[number, number, bigint]> = [
    [a[0], b[1], 1n],
    [a[0], c[1], -1n],
    [c[0], b[1], -1n],
    [a[1], b[0], -1n],
    [a[1], c[0], 1n],
    [c[1], b[0], 1n],
  ];
  const products = terms.map(([x, y, s]): [bigint, number] => {
    const [mx, ex] = parts(x);
    const [my, ey] = parts(y);
    return [s * mx * my, ex + ey];
  });
  const emin = Math.min(...products.map(([, e]) => e));
  const sum = products.reduce((acc, [m, e]) => acc + (m << BigInt(e - emin)), 0n);
  return sum > 0n ? 1 : sum < 0n ? -1 : 0;
}

describe('orient2d', () => {
  // Exactness holds while no product underflows (Shewchuk's precondition): nonzero |x| >= ~1e-130,
  // far below any pixel coordinate, so tinier values are flushed to 0 here.
  const coord = fc.double({ min: -1e3, max: 1e3, noNaN: true }).map((x) => (Math.abs(x) < 1e-100 ? 0 : x));
  const point = fc.tuple(coord, coord);
  it('has the exact sign on random triples', () => {
    fc.assert(fc.property(point, point, point, (a, b, c) => Math.sign(orient2d(a, b, c)) === exactOrientSign(a, b, c)));
  });
  it('has the exact sign on nearly collinear triples (where a plain float determinant lies)', () => {
    const t = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(point, point, t, fc.integer({ min: -2, max: 2 }), (a, b, s, nudge) => {
        const flush = (x: number): number => (Math.abs(x) < 1e-100 ? 0 : x);
        const c: P = [flush(a[0] + s * (b[0] - a[0]) + nudge * Number.EPSILON * Math.abs(a[0])), flush(a[1] + s * (b[1] - a[1]))];
        return Math.sign(orient2d(a, b, c)) === exactOrientSign(a, b, c);
      }),
      { numRuns: 2000 },
    );
  });
  it('regression (seed -775364700): tiny coordinates, scaled up from a subnormal counterexample', () => {
    // The counterexample [[0,0],[0,5e-324],[-5e-324,0]] underflows any double product: out of the
    // documented range. The same shape at 1e-100 is in range and must get the exact sign.
    expect(Math.sign(orient2d([0, 0], [0, 1e-100], [-1e-100, 0]))).toBe(exactOrientSign([0, 0], [0, 1e-100], [-1e-100, 0]));
    expect(Math.sign(orient2d([0, 0], [0, 1e-100], [-1e-100, 0]))).toBe(1);
  });
  it('is exactly 0 for collinear points that floats represent exactly', () => {
    expect(orient2d([0, 0], [1, 1], [3, 3])).toBe(0);
    expect(Math.sign(orient2d([0.1, 0.1], [0.2, 0.2], [0.3, 0.3]))).toBe(exactOrientSign([0.1, 0.1], [0.2, 0.2], [0.3, 0.3]));
  });
});

describe('area, bounds, vertices', () => {
  it('computes shoelace areas with a sign for orientation', () => {
    expect(signedArea(square)).toBe(16);
    expect(signedArea([...square].reverse())).toBe(-16);
    expect(polygonArea(lShape)).toBe(7);
    expect(polygonArea([])).toBe(0);
    expect(
      polygonArea([
        [0, 0],
        [NaN, 1],
        [1, 1],
      ]),
    ).toBe(0);
  });
  it('is precise far from the origin', () => {
    expect(polygonArea(translatePolygon(square, 1e9, -1e9))).toBe(16);
  });
  it('bounds and distinct vertices', () => {
    expect(polygonBounds(lShape)).toEqual({ x: 0, y: 0, w: 4, h: 4 });
    expect(polygonBounds([])).toBeNull();
    expect(
      distinctVertexCount([
        [0, 0],
        [0, 0],
        [1, 1],
        [1, 1],
        [2, 0],
      ]),
    ).toBe(3);
    expect(
      allCollinear([
        [0, 0],
        [1, 1],
        [5, 5],
        [2, 2],
      ]),
    ).toBe(true);
    expect(allCollinear(square)).toBe(false);
  });
});

describe('segmentsIntersect', () => {
  it('handles crossing, touching, collinear overlap and disjoint collinear', () => {
    expect(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [1, 5])).toBe(true); // T-junction
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true); // collinear overlap
    expect(segmentsIntersect([0, 0], [2, 0], [2, 0], [3, 0])).toBe(true); // end to end
    expect(segmentsIntersect([0, 0], [2, 0], [2.5, 0], [3, 0])).toBe(false);
    expect(segmentsIntersect([0, 0], [2, 0], [0, 1], [2, 1])).toBe(false);
  });
});

describe('findSelfIntersection', () => {
  it('accepts simple polygons, also with collinear and repeated vertices', () => {
    expect(findSelfIntersection(square)).toBeNull();
    expect(findSelfIntersection(lShape)).toBeNull();
    expect(
      findSelfIntersection([
        [0, 0],
        [2, 0],
        [4, 0],
        [4, 4],
        [0, 4],
      ]),
    ).toBeNull(); // collinear vertex
    expect(
      findSelfIntersection([
        [0, 0],
        [0, 0],
        [4, 0],
        [4, 4],
        [4, 4],
        [0, 4],
        [0, 0],
      ]),
    ).toBeNull(); // repeats
    expect(
      findSelfIntersection([
        [0, 0],
        [1, 0],
        [0, 1],
      ]),
    ).toBeNull();
  });
  it('rejects a bowtie', () => {
    expect(findSelfIntersection(bowtie)).toEqual([0, 2]);
  });
  it('rejects an outline that touches itself at a vertex', () => {
    expect(
      findSelfIntersection([
        [0, 0],
        [4, 0],
        [2, 2],
        [4, 4],
        [0, 4],
        [2, 2],
      ]),
    ).toEqual([1, 4]);
  });
  it('rejects a spike folding back along its own edge', () => {
    expect(
      findSelfIntersection([
        [0, 0],
        [4, 0],
        [4, 4],
        [4, 2],
        [0, 4],
      ]),
    ).toEqual([1, 2]);
  });
  it('rejects an edge lying on another, non-adjacent edge', () => {
    // Edge 4 ((4,0)→(2,0)) runs along edge 0; edge 3 already touches edge 0 at (4,0).
    expect(
      findSelfIntersection([
        [0, 0],
        [6, 0],
        [6, 2],
        [4, 2],
        [4, 0],
        [2, 0],
        [2, -2],
        [0, -2],
      ]),
    ).toEqual([0, 3]);
  });
  it('rejects a figure of eight made of two triangles meeting at a point', () => {
    expect(
      findSelfIntersection([
        [0, 0],
        [2, 1],
        [4, 0],
        [4, 2],
        [2, 1],
        [0, 2],
      ]),
    ).not.toBeNull();
  });
  it('never flags a star-shaped polygon (simple by construction)', () => {
    const star = fc
      .array(fc.tuple(fc.double({ min: 0, max: 0.4, noNaN: true }), fc.double({ min: 1, max: 100, noNaN: true })), { minLength: 3, maxLength: 30 })
      .map((vs) => vs.map(([j, r], i): P => [r * Math.cos((2 * Math.PI * (i + j)) / vs.length), r * Math.sin((2 * Math.PI * (i + j)) / vs.length)]));
    fc.assert(fc.property(star, (p) => findSelfIntersection(p) === null));
  });
});

describe('validatePolygon', () => {
  const image = { width: 10, height: 10 };
  it('accepts a good polygon', () => {
    expect(validatePolygon(lShape, image)).toEqual([]);
    expect(
      validatePolygon(
        [
          [0, 0],
          [10.4, 0],
          [10, 10],
        ],
        image,
      ),
    ).toEqual([]); // within rounding tolerance
  });
  it('names each kind of problem', () => {
    expect(
      validatePolygon([
        [0, 0],
        [1, 1],
        [0, 0],
      ]),
    ).toEqual(['a polygon needs at least 3 distinct vertices; this one has 2']);
    expect(
      validatePolygon([
        [0, 0],
        [Infinity, 1],
        [2, 2],
      ]),
    ).toEqual(['vertex 1 has a coordinate that is not a finite number']);
    expect(validatePolygon(bowtie)).toEqual(['edges 0 and 2 cross; the outline must not cross or touch itself']);
    expect(
      validatePolygon([
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    ).toEqual(['the polygon has zero area: all its vertices lie on one line']);
    expect(
      validatePolygon(
        [
          [-1, 0],
          [4, 0],
          [4, 12],
        ],
        image,
      ),
    ).toEqual(['vertices 0, 2 lie outside the 10×10 image']);
  });
  it('reports crossing and out-of-image together', () => {
    expect(
      validatePolygon(
        [
          [0, 0],
          [20, 20],
          [20, 0],
          [0, 20],
        ],
        image,
      ),
    ).toHaveLength(2);
  });
  it('shortens long lists of vertices', () => {
    const far: P[] = Array.from({ length: 8 }, (_, i) => [100 + Math.cos(i) * 5, 100 + Math.sin(i) * 5]);
    expect(validatePolygon(far, image).at(-1)).toMatch(/^vertices 0, 1, 2, 3, 4 and 3 more lie outside/);
  });
});

describe('edits', () => {
  it('clamps, translates, inserts and removes without mutating the input', () => {
    const input: P[] = [
      [-5, 2],
      [20, 3],
      [4, 30],
    ];
    const copy = structuredClone(input);
    expect(clampPolygon(input, { width: 10, height: 10 })).toEqual([
      [0, 2],
      [10, 3],
      [4, 10],
    ]);
    expect(translatePolygon(input, 1, -1)).toEqual([
      [-4, 1],
      [21, 2],
      [5, 29],
    ]);
    expect(insertVertex(input, 2, [0, 0])).toEqual([
      [-5, 2],
      [20, 3],
      [4, 30],
      [0, 0],
    ]);
    expect(insertVertex(input, 0, [1, 1])).toEqual([
      [-5, 2],
      [1, 1],
      [20, 3],
      [4, 30],
    ]);
    expect(removeVertex(input, 1)).toEqual(input); // a triangle keeps its vertices
    expect(removeVertex(square, 1)).toEqual([
      [0, 0],
      [4, 4],
      [0, 4],
    ]);
    expect(input).toEqual(copy);
    expect(() => insertVertex(input, 3, [0, 0])).toThrow(RangeError);
    expect(() => removeVertex(input, -1)).toThrow(RangeError);
  });
});

describe('pointInPolygon', () => {
  it('knows inside, outside and the outline (which counts as inside)', () => {
    expect(pointInPolygon([0.5, 3], lShape)).toBe(true);
    expect(pointInPolygon([3, 3], lShape)).toBe(false); // in the notch
    expect(pointInPolygon([1, 2], lShape)).toBe(true); // on the inner edge
    expect(pointInPolygon([4, 0], lShape)).toBe(true); // a vertex
    expect(pointInPolygon([5, 0.5], lShape)).toBe(false);
    expect(pointInPolygon([2, 0.5], [...lShape].reverse())).toBe(true);
  });
});

describe('nearestEdge', () => {
  it('finds the closest edge and the foot of the perpendicular', () => {
    expect(nearestEdge(square, [2, -1])).toEqual({ edge: 0, t: 0.5, point: [2, 0], distance: 1 });
    expect(nearestEdge(square, [-1, 2])).toMatchObject({ edge: 3, point: [0, 2], distance: 1 });
    expect(nearestEdge(square, [5, 5])).toMatchObject({ edge: 1, point: [4, 4] });
    expect(nearestEdge([[0, 0]], [1, 1])).toBeNull();
  });
  it('inserting at the nearest point keeps the area', () => {
    const hit = nearestEdge(lShape, [2.5, 1.2]);
    expect(hit?.edge).toBe(2);
    expect(polygonArea(insertVertex(lShape, hit?.edge ?? 0, hit?.point ?? [0, 0]))).toBe(7);
  });
});
