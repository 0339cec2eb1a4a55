// Is a polygon's outline simple? Edge i joins vertex i to vertex i+1 (the last edge closes back to
// vertex 0). Small outlines are checked pair by pair; larger ones by a Shamos–Hoey sweep in
// O(n log n) comparisons, so a 5,000-vertex star costs milliseconds, not seconds.
import { orient2d, samePoint, segmentsIntersect } from './orient.ts';
import type { Polygon, XY } from './types.ts';

export interface Edge {
  readonly index: number;
  readonly a: XY;
  readonly b: XY;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** The polygon's edges, leaving out zero-length ones (a vertex repeated in place is harmless). */
export function edgesOf(points: Polygon): Edge[] {
  const edges: Edge[] = [];
  points.forEach((a, i) => {
    const b = points[(i + 1) % points.length] as XY;
    if (samePoint(a, b)) return;
    const [minX, maxX] = a[0] < b[0] ? [a[0], b[0]] : [b[0], a[0]];
    const [minY, maxY] = a[1] < b[1] ? [a[1], b[1]] : [b[1], a[1]];
    edges.push({ index: i, a, b, minX, minY, maxX, maxY });
  });
  return edges;
}

/** Adjacent edges meet at `s`; they overlap beyond it only when they fold back along one line. */
function foldsBack(u: XY, s: XY, w: XY): boolean {
  if (orient2d(u, s, w) !== 0) return false;
  // Collinear: u and w are on the same side of s iff the outline doubles back on itself.
  return u[0] !== s[0] ? Math.sign(u[0] - s[0]) === Math.sign(w[0] - s[0]) : Math.sign(u[1] - s[1]) === Math.sign(w[1] - s[1]);
}

/** Do edges j and k (positions in `edges`) share a point they should not? Neighbours may share their vertex. */
function pairHits(edges: readonly Edge[], j: number, k: number): boolean {
  if (j > k) [j, k] = [k, j];
  const n = edges.length;
  const e = edges[j] as Edge;
  const f = edges[k] as Edge;
  if (f.minX > e.maxX || f.maxX < e.minX || f.minY > e.maxY || f.maxY < e.minY) return false;
  if (k === j + 1) return foldsBack(e.a, e.b, f.b) || (n === 2 && foldsBack(f.a, f.b, e.b));
  if (j === 0 && k === n - 1) return foldsBack(f.a, f.b, e.b);
  return segmentsIntersect(e.a, e.b, f.a, f.b);
}

/** Outlines up to this many edges are checked pair by pair (the answer is then the first pair). */
const PAIRWISE_UP_TO = 64;

/**
 * A pair of edges [i, j] (i < j) that cross, touch or overlap, or null if the outline is simple.
 * Neighbouring edges sharing their common vertex do not count; a neighbour folding back over its
 * predecessor (a spike) does. Zero-length edges are skipped. Small outlines answer the first pair
 * in order; larger ones whichever pair the sweep meets first.
 */
export function findSelfIntersection(points: Polygon): [number, number] | null {
  const edges = edgesOf(points);
  const n = edges.length;
  return n > PAIRWISE_UP_TO ? sweep(edges) : pairwise(edges);
}

/** Every pair in order, O(n²): the reference the sweep is tested against. */
export function pairwiseSelfIntersection(points: Polygon): [number, number] | null {
  return pairwise(edgesOf(points));
}

function pairwise(edges: readonly Edge[]): [number, number] | null {
  for (let j = 0; j < edges.length; j++) {
    for (let k = j + 1; k < edges.length; k++) if (pairHits(edges, j, k)) return pairOf(edges, j, k);
  }
  return null;
}

const pairOf = (edges: readonly Edge[], j: number, k: number): [number, number] => {
  const [a, b] = [(edges[j] as Edge).index, (edges[k] as Edge).index];
  return a < b ? [a, b] : [b, a];
};

/** Lexicographic (x, then y): the sweep line, tilted infinitesimally, meets points in this order. */
const before = (p: XY, q: XY) => p[0] < q[0] || (p[0] === q[0] && p[1] < q[1]);

/**
 * Shamos–Hoey: sweep the endpoints left to right keeping the edges the line crosses ordered bottom
 * to top; until the first intersection no two of them cross, so only edges that become neighbours in
 * that order need testing. Starts are handled before ends at one point, so edges meeting at a
 * vertex are both present when either could touch a third there.
 */
function sweep(edges: readonly Edge[]): [number, number] | null {
  const left = edges.map((e) => (before(e.a, e.b) ? e.a : e.b));
  const right = edges.map((e) => (before(e.a, e.b) ? e.b : e.a));
  type Ev = { at: XY; edge: number; start: boolean };
  const events: Ev[] = [];
  edges.forEach((_, k) => events.push({ at: left[k] as XY, edge: k, start: true }, { at: right[k] as XY, edge: k, start: false }));
  events.sort((p, q) => p.at[0] - q.at[0] || p.at[1] - q.at[1] || (p.start === q.start ? 0 : p.start ? -1 : 1));

  /** Sign of where edge s lies against edge t (both on the line now, not crossing): >0 above. */
  const side = (s: number, t: number): number => {
    if (s === t) return 0;
    const [sl, tl] = [left[s] as XY, left[t] as XY];
    if (!before(sl, tl)) {
      const o = orient2d(tl, right[t] as XY, sl);
      return o !== 0 ? o : orient2d(tl, right[t] as XY, right[s] as XY) || 1;
    }
    const o = orient2d(sl, right[s] as XY, tl);
    return -(o !== 0 ? o : orient2d(sl, right[s] as XY, right[t] as XY) || 1);
  };

  const status: number[] = [];
  const position = (s: number): number => {
    let lo = 0;
    let hi = status.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (side(s, status[mid] as number) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const test = (j: number | undefined, k: number | undefined): [number, number] | null =>
    j !== undefined && k !== undefined && pairHits(edges, j, k) ? pairOf(edges, j, k) : null;

  for (const ev of events) {
    const s = ev.edge;
    if (ev.start) {
      const at = position(s);
      // An edge the new one starts on is a neighbour in the order, or touches a neighbour there.
      const hit = test(status[at - 1], s) ?? test(s, status[at]);
      if (hit) return hit;
      status.splice(at, 0, s);
    } else {
      let at = position(s);
      if (status[at] !== s) at = status.indexOf(s); // ties between touching neighbours
      status.splice(at, 1);
      const hit = test(status[at - 1], status[at]);
      if (hit) return hit;
    }
  }
  return null;
}
