// Exact geometric predicates shared by the polygon checks.
import type { XY } from './types.ts';

// ---- exact orientation (Shewchuk's orient2d: a fast float filter, exact expansion fallback) ----

const EPSILON = 2 ** -53;
const SPLITTER = 2 ** 27 + 1;
const CCW_ERRBOUND = (3 + 16 * EPSILON) * EPSILON;

/** a*b as an exact two-term expansion [low, high] (Dekker's product with Veltkamp splitting). */
function twoProduct(a: number, b: number): [number, number] {
  const x = a * b;
  const ca = SPLITTER * a;
  const ahi = ca - (ca - a);
  const alo = a - ahi;
  const cb = SPLITTER * b;
  const bhi = cb - (cb - b);
  const blo = b - bhi;
  return [alo * blo - (x - ahi * bhi - alo * bhi - ahi * blo), x];
}

/** Adds one double to a nonoverlapping expansion (increasing magnitude), exactly, dropping zeros. */
function growExpansion(e: number[], b: number): number[] {
  const out: number[] = [];
  let q = b;
  for (const ei of e) {
    const x = q + ei;
    const bv = x - q;
    const err = q - (x - bv) + (ei - bv);
    if (err !== 0) out.push(err);
    q = x;
  }
  if (q !== 0) out.push(q);
  return out;
}

/**
 * Twice the signed area of triangle (a, b, c); its *sign* is exact (for coordinates that are 0 or
 * between ~1e-130 and ~1e150 in magnitude, so that no product under- or overflows). Positive when c lies to the
 * left of a→b in y-up axes (which is to the right on a y-down screen), zero when collinear.
 */
export function orient2d(a: XY, b: XY, c: XY): number {
  const detLeft = (a[0] - c[0]) * (b[1] - c[1]);
  const detRight = (a[1] - c[1]) * (b[0] - c[0]);
  const det = detLeft - detRight;
  // When the two products have opposite signs (or one is zero) the subtraction cannot flip the sign.
  if (detLeft > 0 ? detRight <= 0 : detLeft < 0 ? detRight >= 0 : true) return det;
  const bound = CCW_ERRBOUND * Math.abs(detLeft + detRight);
  if (det >= bound || -det >= bound) return det;
  // Near-degenerate: expand det = ax·by − ax·cy − cx·by − ay·bx + ay·cx + cy·bx exactly.
  const terms: Array<[number, number]> = [
    [a[0], b[1]],
    [-a[0], c[1]],
    [-c[0], b[1]],
    [-a[1], b[0]],
    [a[1], c[0]],
    [c[1], b[0]],
  ];
  let sum: number[] = [];
  for (const [p, q] of terms) for (const part of twoProduct(p, q)) sum = growExpansion(sum, part);
  // A nonoverlapping expansion has the sign of its largest (last) component.
  return sum.length === 0 ? 0 : Math.sign(sum[sum.length - 1] ?? 0);
}

export const samePoint = (a: XY, b: XY): boolean => a[0] === b[0] && a[1] === b[1];

/** Is p (already known to be collinear with a and b) within the closed segment a–b? Exact. */
export function withinSegment(a: XY, b: XY, p: XY): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Do the closed segments p1–p2 and q1–q2 share any point (crossing, touching or overlapping)? */
export function segmentsIntersect(p1: XY, p2: XY, q1: XY, q2: XY): boolean {
  const d1 = Math.sign(orient2d(q1, q2, p1));
  const d2 = Math.sign(orient2d(q1, q2, p2));
  const d3 = Math.sign(orient2d(p1, p2, q1));
  const d4 = Math.sign(orient2d(p1, p2, q2));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && withinSegment(q1, q2, p1)) ||
    (d2 === 0 && withinSegment(q1, q2, p2)) ||
    (d3 === 0 && withinSegment(p1, p2, q1)) ||
    (d4 === 0 && withinSegment(p1, p2, q2))
  );
}
