// Which rectangles of one list overlap which of another: a sweep along x compares each only with
// the rectangles of the other list whose x-range is still open (every pair only when every x-range
// overlaps, and then with a bounds check, not an IoU). Matching shapes by IoU needs only
// the pairs whose bounds overlap (any other pair has IoU 0), and comparing all of them made
// scoring grow with (truth × answer): ten thousand answer shapes against a dense gold image were
// seconds of work per item.

/** An axis-aligned rectangle by its corners (x0 <= x1, y0 <= y1). */
export interface Bounds {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** The bounds of a box (any sign of width and height) or of a polygon's points. */
export function boundsOf(
  shape:
    | { readonly kind: 'box'; readonly x: number; readonly y: number; readonly w: number; readonly h: number }
    | { readonly kind: 'polygon'; readonly points: ReadonlyArray<readonly [number, number]> },
): Bounds {
  if (shape.kind === 'box') {
    const [x0, x1] = shape.w < 0 ? [shape.x + shape.w, shape.x] : [shape.x, shape.x + shape.w];
    const [y0, y1] = shape.h < 0 ? [shape.y + shape.h, shape.y] : [shape.y, shape.y + shape.h];
    return { x0, y0, x1, y1 };
  }
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of shape.points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x0, y0, x1, y1 };
}

const finite = (b: Bounds): boolean => Number.isFinite(b.x0) && Number.isFinite(b.y0) && Number.isFinite(b.x1) && Number.isFinite(b.y1);

/**
 * Calls `visit(i, j)` for every rectangle a[i] that shares an area with b[j] (touching edges do
 * not), in no particular order. Rectangles with a non-finite corner overlap nothing. A visitor, not
 * a list: a pile of shapes overlaps pairwise, and a tuple for each pair was most of the cost.
 */
export function forEachOverlap(a: readonly Bounds[], b: readonly Bounds[], visit: (i: number, j: number) => void): void {
  type Open = { side: 0 | 1; i: number; r: Bounds };
  const all: Open[] = [];
  a.forEach((r, i) => finite(r) && all.push({ side: 0, i, r }));
  b.forEach((r, i) => finite(r) && all.push({ side: 1, i, r }));
  all.sort((p, q) => p.r.x0 - q.r.x0);
  const open: [Open[], Open[]] = [[], []];
  for (const next of all) {
    const other = open[next.side === 0 ? 1 : 0];
    const r = next.r;
    // Those of the other side that ended at or before this one's start can overlap nothing after it.
    let kept = 0;
    for (const o of other) {
      if (o.r.x1 <= r.x0) continue;
      other[kept++] = o;
      if (Math.max(o.r.y0, r.y0) < Math.min(o.r.y1, r.y1) && r.x0 < r.x1) {
        if (next.side === 0) visit(next.i, o.i);
        else visit(o.i, next.i);
      }
    }
    other.length = kept;
    open[next.side].push(next);
  }
}
