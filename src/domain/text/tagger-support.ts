// Interim text support for the tagger while the full text core (offsets.ts, segment.ts) is being
// written: an O(log n) code-point ↔ UTF-16 index and Intl.Segmenter boundaries, computed lazily.
// text-model.ts is the only user; it switches to the core's functions once they exist.

/** UTF-16 positions of every astral code point (the only ones taking two code units), ascending. */
function astralPositions(text: string): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(i);
        i++;
      }
    }
  }
  return Int32Array.from(out);
}

/** Number of entries of a sorted array below x. */
function countBelow(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface OffsetIndex {
  readonly length: number;
  toUtf16(cp: number): number;
  toCodePoint(utf16: number): number;
}

export function offsetIndex(text: string): OffsetIndex {
  const astral = astralPositions(text);
  // The k-th astral code point sits at UTF-16 index astral[k] = cp + k.
  const astralCp = astral.map((u, k) => u - k);
  return {
    length: text.length - astral.length,
    toUtf16: (cp) => cp + countBelow(astralCp, cp),
    // A UTF-16 index inside a surrogate pair counts as the code point it belongs to.
    toCodePoint: (u) => u - countBelow(astral, u),
  };
}

/** Boundaries (in code points, ascending, including 0 and the end) of graphemes or words. */
export function boundaries(text: string, index: OffsetIndex, granularity: 'grapheme' | 'word'): Int32Array {
  const out: number[] = [0];
  for (const s of new Intl.Segmenter(undefined, { granularity }).segment(text)) {
    if (s.index > 0) out.push(index.toCodePoint(s.index));
  }
  if (index.length > 0) out.push(index.length);
  return Int32Array.from(out);
}

/** The largest boundary ≤ cp and the smallest ≥ cp. */
export function around(b: ArrayLike<number>, cp: number): [number, number] {
  const i = countBelow(b, cp);
  if (i < b.length && b[i] === cp) return [cp, cp];
  return [b[i - 1] ?? 0, b[i] ?? b[b.length - 1] ?? 0];
}

/** The next boundary > cp, or the previous < cp. */
export function step(b: ArrayLike<number>, cp: number, dir: -1 | 1): number {
  const i = countBelow(b, cp);
  if (dir > 0) return b[b[i] === cp ? i + 1 : i] ?? b[b.length - 1] ?? 0;
  return b[i - 1] ?? 0;
}
