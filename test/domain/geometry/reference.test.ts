// Our geometry and assignment against independent implementations: shapely (GEOS) for polygon
// intersection areas and IoU, scipy's linear_sum_assignment for optimal totals. The fixture is made
// by test/domain/fixtures/make_geometry_fixtures.py (see its header to regenerate).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { boxIoU } from '../../../src/domain/geometry/box.ts';
import { polygonIntersectionArea, triangulate } from '../../../src/domain/geometry/clip.ts';
import { polygonIoU, shapeIoU } from '../../../src/domain/geometry/iou.ts';
import { polygonArea, validatePolygon } from '../../../src/domain/geometry/polygon.ts';
import { assignmentTotal, hungarian } from '../../../src/domain/scoring/hungarian.ts';

const Pt = z.tuple([z.number(), z.number()]);
const BoxJson = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
const Fixture = z.object({
  polygonPairs: z.array(z.object({ a: z.array(Pt), b: z.array(Pt), areaA: z.number(), areaB: z.number(), intersection: z.number(), iou: z.number() })),
  boxPairs: z.array(z.object({ a: BoxJson, b: BoxJson, iou: z.number() })),
  assignments: z.array(z.object({ cost: z.array(z.array(z.number())), minTotal: z.number(), maxTotal: z.number() })),
});
const fixture = Fixture.parse(JSON.parse(readFileSync(new URL('../fixtures/geometry-reference.json', import.meta.url), 'utf8')));

/** |actual − expected| <= 1e-6 relative, with an absolute floor scaled to the shapes' size. */
function expectClose(actual: number, expected: number, scale = 1): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(expected), 1e-6 * scale));
}

describe('polygon intersection against shapely', () => {
  it('has the expected amount of reference data', () => {
    expect(fixture.polygonPairs.length).toBeGreaterThanOrEqual(200);
    expect(fixture.assignments.length).toBeGreaterThanOrEqual(50);
  });

  fixture.polygonPairs.forEach((pair, i) => {
    it(`pair ${i} (${pair.a.length} and ${pair.b.length} vertices)`, () => {
      expect(validatePolygon(pair.a)).toEqual([]);
      expect(validatePolygon(pair.b)).toEqual([]);
      const scale = Math.max(pair.areaA, pair.areaB);
      expectClose(polygonArea(pair.a), pair.areaA);
      expectClose(polygonArea(pair.b), pair.areaB);
      // The triangulation covers the polygon exactly: at most n − 2 triangles (fewer when straight
      // runs of the outline are dropped), none flat, areas adding up.
      const triangles = triangulate(pair.a);
      expect(triangles.length).toBeLessThanOrEqual(pair.a.length - 2);
      expect(triangles.every((t) => polygonArea(t) > 0)).toBe(true);
      expectClose(
        triangles.reduce((s, t) => s + polygonArea(t), 0),
        pair.areaA,
      );
      expectClose(polygonIntersectionArea(pair.a, pair.b), pair.intersection, scale);
      expectClose(polygonIntersectionArea(pair.b, pair.a), pair.intersection, scale);
      expectClose(polygonIoU(pair.a, pair.b), pair.iou);
    });
  });
});

describe('box IoU against shapely', () => {
  fixture.boxPairs.forEach((pair, i) => {
    it(`box pair ${i}`, () => {
      expectClose(boxIoU(pair.a, pair.b), pair.iou);
      expectClose(shapeIoU({ kind: 'box', ...pair.a }, { kind: 'box', ...pair.b }), pair.iou);
    });
  });
});

describe('assignment totals against scipy linear_sum_assignment', () => {
  fixture.assignments.forEach((c, i) => {
    it(`matrix ${i} (${c.cost.length}×${c.cost[0]?.length ?? 0})`, () => {
      const min = hungarian(c.cost);
      const max = hungarian(c.cost, { maximize: true });
      const k = Math.min(c.cost.length, c.cost[0]?.length ?? 0);
      expect(min).toHaveLength(k);
      expect(max).toHaveLength(k);
      expectClose(assignmentTotal(c.cost, min), c.minTotal);
      expectClose(assignmentTotal(c.cost, max), c.maxTotal);
    });
  });
});
