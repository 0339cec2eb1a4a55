// Polygons in image pixels: measures, validity, and the small edits the editor makes.
//
// Convention: edge i joins vertex i to vertex i+1 (the last edge closes back to vertex 0). Indices in
// messages are 0-based, like the `shapes[i].points` paths they are reported under.
//
// Decisions about *topology* (do two edges cross? is a point on an edge?) use an exact orientation
// predicate, so a polygon is judged simple or not by its actual coordinates, not by rounding noise:
// a bowtie is always caught and two edges that merely come close are never reported as crossing.
import type { Box, ImageSize, Polygon, XY } from './types.ts';

export { orient2d, segmentsIntersect } from './orient.ts';
export { findSelfIntersection } from './polygon-simple.ts';
import { orient2d, samePoint, withinSegment } from './orient.ts';
import { edgesOf, findSelfIntersection } from './polygon-simple.ts';

// ---- measures ----

/** Shoelace area, positive for vertices in reading order (clockwise on a y-down screen). */
export function signedArea(points: Polygon): number {
  const o = points[0];
  if (!o) return 0;
  // Relative to the first vertex: keeps precision for small polygons far from the origin.
  let twice = 0;
  for (let i = 1; i + 1 < points.length; i++) {
    const p = points[i] as XY;
    const q = points[i + 1] as XY;
    twice += (p[0] - o[0]) * (q[1] - o[1]) - (q[0] - o[0]) * (p[1] - o[1]);
  }
  return twice / 2;
}

/** Absolute area in square pixels. NaN-free: a polygon with non-finite coordinates has area 0. */
export function polygonArea(points: Polygon): number {
  const a = Math.abs(signedArea(points));
  return Number.isFinite(a) ? a : 0;
}

/** The smallest box holding every vertex; null for an empty list. */
export function polygonBounds(points: Polygon): Box | null {
  if (points.length === 0) return null;
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** How many different positions the vertices occupy (repeated clicks on one spot count once). */
export function distinctVertexCount(points: Polygon): number {
  return new Set(points.map(([x, y]) => `${x},${y}`)).size;
}

/** True when every vertex lies on one straight line (so the polygon encloses no area). Exact. */
export function allCollinear(points: Polygon): boolean {
  const a = points[0];
  const b = a && points.find((p) => !samePoint(p, a));
  if (!a || !b) return true;
  return points.every((p) => orient2d(a, b, p) === 0);
}

/** Extra room allowed past the image edge, as for boxes: sub-pixel rounding is not an error. */
export const IMAGE_EDGE_TOLERANCE = 0.5;
const MAX_LISTED = 5;

/**
 * What can be said of an outline without the image: its problems, and whether one of them is so
 * basic (bad numbers, too few vertices) that the image-edge check would only repeat it. The costly
 * part of validation (the self-intersection sweep); the server may compute it on a worker thread.
 */
export interface OutlineCheck {
  problems: string[];
  basic: boolean;
}

export function checkOutline(points: Polygon): OutlineCheck {
  const bad = points.flatMap((p, i) => (Number.isFinite(p[0]) && Number.isFinite(p[1]) ? [] : [i]));
  if (bad.length > 0)
    return {
      basic: true,
      problems: [`${listVertices(bad)} ${bad.length === 1 ? 'has a coordinate that is' : 'have coordinates that are'} not a finite number`],
    };
  const distinct = distinctVertexCount(points);
  if (distinct < 3) return { basic: true, problems: [`a polygon needs at least 3 distinct vertices; this one has ${distinct}`] };
  if (allCollinear(points)) return { basic: false, problems: ['the polygon has zero area: all its vertices lie on one line'] };
  const crossing = findSelfIntersection(points);
  return { basic: false, problems: crossing ? [`edges ${crossing[0]} and ${crossing[1]} cross; the outline must not cross or touch itself`] : [] };
}

/**
 * Every problem that keeps the polygon from being stored, as sentences a person understands; an
 * empty list means it is valid. Checks run from the most basic up, and a basic failure (bad
 * numbers, too few vertices, zero area) hides the checks that would only repeat it. `outline` is
 * checkOutline(points) when the caller already has it.
 */
export function validatePolygon(points: Polygon, image?: ImageSize, outline: OutlineCheck = checkOutline(points)): string[] {
  if (outline.basic) return outline.problems;
  const problems = [...outline.problems];
  if (image) {
    const t = IMAGE_EDGE_TOLERANCE;
    const out = points.flatMap(([x, y], i) => (x < -t || y < -t || x > image.width + t || y > image.height + t ? [i] : []));
    if (out.length > 0) problems.push(`${listVertices(out)} ${out.length === 1 ? 'lies' : 'lie'} outside the ${image.width}×${image.height} image`);
  }
  return problems;
}

function listVertices(indices: number[]): string {
  if (indices.length === 1) return `vertex ${indices[0]}`;
  const shown = indices.slice(0, MAX_LISTED).join(', ');
  return `vertices ${shown}${indices.length > MAX_LISTED ? ` and ${indices.length - MAX_LISTED} more` : ''}`;
}

// ---- edits (all return new arrays; inputs are never mutated, so undo can keep the old value) ----

/** Pulls every vertex inside the image. Clamping vertex by vertex is what the editor wants while dragging. */
export function clampPolygon(points: Polygon, image: ImageSize): Array<[number, number]> {
  return points.map(([x, y]) => [Math.min(Math.max(x, 0), image.width), Math.min(Math.max(y, 0), image.height)]);
}

export function translatePolygon(points: Polygon, dx: number, dy: number): Array<[number, number]> {
  return points.map(([x, y]) => [x + dx, y + dy]);
}

/** Inserts `point` on edge `edge`, i.e. between vertex `edge` and the one after it. */
export function insertVertex(points: Polygon, edge: number, point: XY): Array<[number, number]> {
  if (!Number.isInteger(edge) || edge < 0 || edge >= points.length) throw new RangeError(`no edge ${edge} in a ${points.length}-vertex polygon`);
  const out = points.map(([x, y]): [number, number] => [x, y]);
  out.splice(edge + 1, 0, [point[0], point[1]]);
  return out;
}

/** Removes vertex `index`; a triangle keeps its three vertices (it would stop being a polygon). */
export function removeVertex(points: Polygon, index: number): Array<[number, number]> {
  if (!Number.isInteger(index) || index < 0 || index >= points.length) throw new RangeError(`no vertex ${index} in a ${points.length}-vertex polygon`);
  const out = points.map(([x, y]): [number, number] => [x, y]);
  if (out.length > 3) out.splice(index, 1);
  return out;
}

/** Is `p` inside the polygon or on its outline? Winding number with exact orientation tests. */
export function pointInPolygon(p: XY, points: Polygon): boolean {
  let winding = 0;
  for (const { a, b } of edgesOf(points)) {
    const o = orient2d(a, b, p);
    if (o === 0 && withinSegment(a, b, p)) return true;
    if (a[1] <= p[1]) {
      if (b[1] > p[1] && o > 0) winding++;
    } else if (b[1] <= p[1] && o < 0) winding--;
  }
  return winding !== 0;
}

export interface NearestEdge {
  /** Edge index: the edge from vertex `edge` to the next one. */
  readonly edge: number;
  /** Where along the edge the closest point lies, 0 at its start, 1 at its end. */
  readonly t: number;
  readonly point: [number, number];
  readonly distance: number;
}

/** The edge closest to `p` and the closest point on it: where a vertex is inserted on double-click. */
export function nearestEdge(points: Polygon, p: XY): NearestEdge | null {
  if (points.length < 2) return null;
  let best: NearestEdge | null = null;
  points.forEach((a, i) => {
    const b = points[(i + 1) % points.length] as XY;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
    const point: [number, number] = [a[0] + t * dx, a[1] + t * dy];
    const distance = Math.hypot(p[0] - point[0], p[1] - point[1]);
    if (!best || distance < best.distance) best = { edge: i, t, point, distance };
  });
  return best;
}
