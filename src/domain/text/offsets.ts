// Code-point offsets ↔ UTF-16 indices.
//
// Spans are stored in Unicode code-point offsets, as Python's `str` and spaCy count them, so that
// gold data exchanged with NLP tooling means the same characters on both sides. The browser (DOM
// Selection, String.prototype.slice) counts UTF-16 code units, in which every astral code point
// (emoji, many CJK extension ideographs, …) takes two units. This module converts between the two.
//
// How: the only code points that differ are the astral ones (a high surrogate followed by a low
// surrogate). We record the UTF-16 position of each astral code point once per document; a
// conversion is then a binary search over that list, O(log k) with k astral code points, and
// O(1) when the text has none (most Latin text). A lone surrogate is one code point of one code
// unit — which is what both Array.from (JS) and Python do with it.

/** The per-document conversion table. Build it once with `buildOffsetIndex` and keep it. */
export interface OffsetIndex {
  readonly text: string;
  /** Length in code points. */
  readonly length: number;
  /** Length in UTF-16 code units (`text.length`). */
  readonly utf16Length: number;
  /** UTF-16 index of the high surrogate of every astral code point, ascending. */
  readonly astralUtf16: Int32Array;
  /** Code-point offset of every astral code point, ascending (astralUtf16[k] − k). */
  readonly astralCp: Int32Array;
}

/** What `utf16ToCodePoint` does with an index between the two halves of a surrogate pair. */
export type InsidePairPolicy = 'reject' | 'snap-before' | 'snap-after';

export interface Utf16ToCodePointOptions {
  /** Default 'reject' (throws): a caret inside a pair is a bug upstream unless asked otherwise. */
  readonly insidePair?: InsidePairPolicy;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

export function buildOffsetIndex(text: string): OffsetIndex {
  const positions: number[] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      positions.push(i);
      i++; // the low half is consumed with its pair
    }
  }
  const astralUtf16 = Int32Array.from(positions);
  const astralCp = astralUtf16.map((u, k) => u - k);
  return { text, length: text.length - positions.length, utf16Length: text.length, astralUtf16, astralCp };
}

/** Length of `text` in code points (Python's `len`). O(n); prefer `index.length` when you have one. */
export function codePointLength(text: string): number {
  let pairs = 0;
  for (let i = 0; i + 1 < text.length; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      pairs++;
      i++;
    }
  }
  return text.length - pairs;
}

/** Number of entries of the ascending array `a` that are < x. */
function countBelow(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function checkOffset(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} ${value} is not a whole number between 0 and ${max}`);
  }
}

/** The UTF-16 index of code-point offset `cp` (0 ≤ cp ≤ length; `length` maps to text.length). */
export function codePointToUtf16(index: OffsetIndex, cp: number): number {
  checkOffset(cp, index.length, 'code-point offset');
  if (index.astralCp.length === 0) return cp;
  // Every astral code point before cp adds one extra code unit.
  return cp + countBelow(index.astralCp, cp);
}

/** Whether UTF-16 index `u` lies on a code-point boundary (not between the halves of a pair). */
export function isCodePointBoundary(index: OffsetIndex, u: number): boolean {
  if (!Number.isInteger(u) || u < 0 || u > index.utf16Length) return false;
  const k = countBelow(index.astralUtf16, u);
  return !(k > 0 && index.astralUtf16[k - 1] === u - 1);
}

/**
 * The code-point offset of UTF-16 index `u` (0 ≤ u ≤ text.length). An index between the two
 * halves of a surrogate pair throws a RangeError unless `insidePair` says to snap it to the
 * code point's start ('snap-before') or end ('snap-after').
 */
export function utf16ToCodePoint(index: OffsetIndex, u: number, options: Utf16ToCodePointOptions = {}): number {
  checkOffset(u, index.utf16Length, 'UTF-16 index');
  if (index.astralUtf16.length === 0) return u;
  const k = countBelow(index.astralUtf16, u); // astral code points starting before u
  const cp = u - k;
  if (k > 0 && index.astralUtf16[k - 1] === u - 1) {
    // u sits inside the k-th pair; `cp` is then that code point's own offset.
    const policy = options.insidePair ?? 'reject';
    if (policy === 'reject') throw new RangeError(`UTF-16 index ${u} falls inside a surrogate pair (an astral character such as an emoji)`);
    return policy === 'snap-before' ? cp : cp + 1;
  }
  return cp;
}

/** The surface string of code points [start, end), like Python's `text[start:end]` without negatives. */
export function sliceByCodePoints(index: OffsetIndex, start: number, end: number): string {
  if (end < start) throw new RangeError(`slice end ${end} is before its start ${start}`);
  return index.text.slice(codePointToUtf16(index, start), codePointToUtf16(index, end));
}

/** A code-point span as UTF-16 [start, end), for String.slice and DOM ranges. */
export function spanToUtf16(index: OffsetIndex, span: { readonly start: number; readonly end: number }): { start: number; end: number } {
  return { start: codePointToUtf16(index, span.start), end: codePointToUtf16(index, span.end) };
}
