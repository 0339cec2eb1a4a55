// COCO RLE masks: decoding (uncompressed "counts" arrays and pycocotools' compressed strings) and
// the outline of a mask. Counts run down columns (Fortran order) over size [height, width],
// starting with a run of 0s. The outline follows pixel edges around the largest 4-connected part.
export interface Mask {
  width: number;
  height: number;
  /** Row-major, 1 = inside. */
  data: Uint8Array;
}

/** pycocotools' rleFrString: 5 bits a character (+48), continuation bit 0x20, sign bit 0x10, deltas after the second run. */
function countsFromString(s: string): number[] {
  const out: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      const c = s.charCodeAt(p) - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x |= -1 << (5 * k);
    }
    if (out.length > 2) x += out[out.length - 2] as number;
    out.push(x);
  }
  return out;
}

export function decodeRle(rle: { counts: unknown; size: unknown }): Mask | string {
  const size = rle.size;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((n) => Number.isInteger(n) && n > 0)) return 'the mask has no [height, width] size';
  const [height, width] = size as [number, number];
  if (height * width > 50_000_000) return 'the mask is larger than 50 megapixels';
  const counts =
    typeof rle.counts === 'string'
      ? countsFromString(rle.counts)
      : Array.isArray(rle.counts) && rle.counts.every((n) => Number.isInteger(n) && n >= 0)
        ? (rle.counts as number[])
        : null;
  if (!counts) return 'the mask counts are neither a list of run lengths nor an RLE string';
  const data = new Uint8Array(width * height);
  let pos = 0;
  let value = 0;
  for (const run of counts) {
    if (run < 0 || pos + run > width * height) return 'the mask runs are longer than its size';
    if (value) for (let k = pos; k < pos + run; k++) data[(k % height) * width + Math.floor(k / height)] = 1;
    pos += run;
    value ^= 1;
  }
  return { width, height, data };
}

/** The largest 4-connected part's outer outline (pixel corners, collinear vertices removed), and whether the mask holds more (other parts, holes). */
export function maskOutline(mask: Mask): { points: Array<[number, number]>; exact: boolean } | null {
  const { width: W, height: H, data } = mask;
  const comp = new Int32Array(W * H).fill(-1);
  let best = -1;
  let bestSize = 0;
  let parts = 0;
  for (let start = 0; start < W * H; start++) {
    if (!data[start] || comp[start] !== -1) continue;
    const queue = [start];
    comp[start] = parts;
    let n = 0;
    while (queue.length) {
      const p = queue.pop() as number;
      n++;
      const x = p % W;
      const y = (p - x) / W;
      for (const q of [x > 0 ? p - 1 : -1, x < W - 1 ? p + 1 : -1, y > 0 ? p - W : -1, y < H - 1 ? p + W : -1]) {
        if (q >= 0 && data[q] && comp[q] === -1) {
          comp[q] = parts;
          queue.push(q);
        }
      }
    }
    if (n > bestSize) [best, bestSize] = [parts, n];
    parts++;
  }
  if (best < 0) return null;
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < W && y < H && comp[y * W + x] === best;
  // Directed boundary edges, clockwise on screen: from corner → to corner.
  const next = new Map<number, number[]>();
  const key = (x: number, y: number) => y * (W + 1) + x;
  const add = (ax: number, ay: number, bx: number, by: number) => next.set(key(ax, ay), [...(next.get(key(ax, ay)) ?? []), key(bx, by)]);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!inside(x, y)) continue;
      if (!inside(x, y - 1)) add(x, y, x + 1, y);
      if (!inside(x + 1, y)) add(x + 1, y, x + 1, y + 1);
      if (!inside(x, y + 1)) add(x + 1, y + 1, x, y + 1);
      if (!inside(x - 1, y)) add(x, y + 1, x, y);
    }
  }
  const loops: number[][] = [];
  for (const from of [...next.keys()]) {
    while ((next.get(from)?.length ?? 0) > 0) {
      const loop = [from];
      let at = (next.get(from) as number[]).pop() as number;
      while (at !== from) {
        loop.push(at);
        const outs = next.get(at);
        if (!outs || outs.length === 0) break;
        at = outs.pop() as number;
      }
      loops.push(loop);
    }
  }
  const toXY = (k: number): [number, number] => [k % (W + 1), Math.floor(k / (W + 1))];
  const area = (l: number[]) =>
    l.reduce((s, k, i) => {
      const [x0, y0] = toXY(k);
      const [x1, y1] = toXY(l[(i + 1) % l.length] as number);
      return s + x0 * y1 - x1 * y0;
    }, 0) / 2;
  const outer = loops.reduce((a, b) => (Math.abs(area(b)) > Math.abs(area(a)) ? b : a));
  const pts = outer.map(toXY);
  const simple = pts.filter((p, i) => {
    const a = pts[(i - 1 + pts.length) % pts.length] as [number, number];
    const b = pts[(i + 1) % pts.length] as [number, number];
    return (p[0] - a[0]) * (b[1] - p[1]) - (p[1] - a[1]) * (b[0] - p[0]) !== 0;
  });
  return { points: simple, exact: parts === 1 && loops.length === 1 };
}
