// Token and grapheme boundaries, in code-point offsets, from Intl.Segmenter (UAX #29, plus ICU's
// dictionaries for Chinese/Japanese/Thai, which have no spaces between words).
//
// A *token* here is every word segment that is not pure white space: words, numbers, and also
// punctuation and emoji (Intl marks those `isWordLike: false`, but an annotator tags "!" or "🎉"
// and spaCy makes them tokens too). White space is never part of a token, so snapping a selection
// to tokens drops the blanks at its edges, and caret movement by token steps over white space the
// way an editor's Ctrl+Arrow (VS Code's cursorWordEndRight / cursorWordStartLeft) does: right goes
// to the end of the next token, left to the start of the previous one.
//
// Speed: V8's segment iterator costs time proportional to the input per step (measured on
// Node 20 / ICU 78: 100k characters take 1–20 s in one piece, quadratic). So a text is segmented
// in pieces of about CHUNK code units, cut only where every UAX #29 word and grapheme rule breaks
// anyway: after a space, a line break or 、。！？ and before a letter, digit or punctuation mark
// that does not extend the previous cluster. 100k characters then take ~0.1 s, with the same
// result (a property test compares piecewise with whole-text segmentation). A long run with no
// such place (thousands of CJK characters without 。) is still segmented whole, slowly.
//
// Caveat: dictionary segmentation of CJK depends on the ICU version of the runtime, so Node and a
// browser may cut 東京証券取引所 differently. Boundaries are a view aid; stored spans are plain
// offsets and never depend on them.

/** Tokens of one text, as parallel ascending arrays (start[i] < end[i] ≤ start[i + 1]). */
export interface TokenBoundaries {
  /** Text length in code points. */
  readonly length: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Whether Intl called token i word-like (letters, numbers) rather than punctuation/symbols. */
  readonly wordLike: readonly boolean[];
}

/** Grapheme-cluster boundaries in code points, ascending, with 0 and the text length. */
export type GraphemeBoundaries = Int32Array;

export interface CodePointRange {
  readonly start: number;
  readonly end: number;
}

const segmenters = new Map<string, Intl.Segmenter>();
/** Segmenters are costly to build and immutable, so one per (locale, granularity) is kept. */
function segmenter(locale: string | undefined, granularity: 'word' | 'grapheme'): Intl.Segmenter {
  const key = `${granularity}\u0000${locale ?? ''}`;
  let s = segmenters.get(key);
  if (!s) segmenters.set(key, (s = new Intl.Segmenter(locale, { granularity })));
  return s;
}

/** Code points in a segment string (counts surrogate pairs once). */
function cpCount(s: string): number {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const BLANK = /^\s+$/u;
const CHUNK = 1024;
/**
 * After these, both word and grapheme rules break before a "clean start" (see the header): line
 * breaks and the UAX #29 WSegSpace spaces, and ideographic 、。！？. Not \s: it also holds U+FEFF
 * (Format, which attaches), U+202F (ExtendNumLet since Unicode 14, which joins letters) and the
 * no-break spaces, which fast-check caught changing boundaries.
 */
const CUT_AFTER = /^[\t\n\v\f\r\u0085 \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000\u3001\u3002\uFF01\uFF1F\uFF61]$/u;
const CLEAN_START = /^[\p{L}\p{N}\p{P}]/u;
/** Letters/marks that still attach to what precedes them (Extend; Thai and Lao SpacingMark letters). */
const ATTACHES = /^[\p{Grapheme_Extend}\u0E33\u0EB3]/u;

export interface SegmentOptions {
  /** Pieces of about this many UTF-16 units are segmented separately (default 1024; tests use tiny ones). */
  readonly chunkSize?: number;
}

/** The first index ≥ i where the text may be cut without changing any boundary, or −1. */
function safeCut(text: string, i: number): number {
  for (; i < text.length; i++) {
    if (!CUT_AFTER.test(text[i - 1]!)) continue;
    const next = String.fromCodePoint(text.codePointAt(i)!);
    if (CLEAN_START.test(next) && !ATTACHES.test(next)) return i;
  }
  return -1;
}

/** Calls `visit` for every segment of the text, in order, segmenting it piecewise. */
function eachSegment(
  text: string,
  granularity: 'word' | 'grapheme',
  locale: string | undefined,
  options: SegmentOptions,
  visit: (s: Intl.SegmentData) => void,
): void {
  const seg = segmenter(locale, granularity);
  const chunk = Math.max(1, options.chunkSize ?? CHUNK);
  let from = 0;
  while (from < text.length) {
    const cut = text.length - from > chunk ? safeCut(text, from + chunk) : -1;
    const to = cut < 0 ? text.length : cut;
    for (const s of seg.segment(text.slice(from, to))) visit(s);
    from = to;
  }
}

/** The text's tokens (non-white-space word segments). O(n) over the text, done once per document. */
export function tokenBoundaries(text: string, locale?: string, options: SegmentOptions = {}): TokenBoundaries {
  const starts: number[] = [];
  const ends: number[] = [];
  const wordLike: boolean[] = [];
  let cp = 0;
  // Segments arrive in order and tile the text, so counting their code points as we go gives
  // every offset without an index lookup.
  eachSegment(text, 'word', locale, options, (seg) => {
    const n = cpCount(seg.segment);
    if (!BLANK.test(seg.segment)) {
      starts.push(cp);
      ends.push(cp + n);
      wordLike.push(seg.isWordLike ?? false);
    }
    cp += n;
  });
  return { length: cp, starts: Int32Array.from(starts), ends: Int32Array.from(ends), wordLike };
}

/** Grapheme-cluster boundaries: an emoji ZWJ sequence, a flag, a letter with its marks is one cluster. */
export function graphemeBoundaries(text: string, locale?: string, options: SegmentOptions = {}): GraphemeBoundaries {
  const out: number[] = [0];
  let cp = 0;
  eachSegment(text, 'grapheme', locale, options, (seg) => {
    cp += cpCount(seg.segment);
    out.push(cp);
  });
  return Int32Array.from(out);
}

/** Number of entries of the ascending array `a` that are < x (or ≤ x when `orEqual`). */
function rank(a: Int32Array, x: number, orEqual = false): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v < x || (orEqual && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Widens a selection to the whole tokens it touches, and drops white space at its edges.
 * An empty selection (a caret) becomes the token it sits in, or the token just before it.
 * Returns null when the selection touches no token (only white space). Idempotent.
 */
export function snapSpanToTokens<T extends CodePointRange>(span: T, b: TokenBoundaries): T | null {
  const lo = Math.max(0, Math.min(span.start, span.end));
  const hi = Math.min(b.length, Math.max(span.start, span.end));
  let first: number;
  let last: number;
  if (lo === hi) {
    // A caret: the token containing it (start ≤ lo < end), else the one ending exactly at it.
    const i = rank(b.starts, lo, true) - 1;
    if (i < 0 || b.ends[i]! < lo) return null;
    first = last = i;
  } else {
    first = rank(b.ends, lo, true); // first token ending after lo
    last = rank(b.starts, hi) - 1; // last token starting before hi
    if (first > last) return null;
  }
  return { ...span, start: b.starts[first]!, end: b.ends[last]! };
}

/** Caret right by token: the end of the next token after `offset` (the text end if none). */
export function nextTokenBoundary(b: TokenBoundaries, offset: number): number {
  const i = rank(b.ends, offset, true);
  return i < b.ends.length ? b.ends[i]! : b.length;
}

/** Caret left by token: the start of the previous token before `offset` (0 if none). */
export function previousTokenBoundary(b: TokenBoundaries, offset: number): number {
  const i = rank(b.starts, offset) - 1;
  return i >= 0 ? b.starts[i]! : 0;
}

/** For moving a span's start edge right: the start of the first token after `offset` (the text end if none). */
export function nextTokenStart(b: TokenBoundaries, offset: number): number {
  const i = rank(b.starts, offset, true);
  return i < b.starts.length ? b.starts[i]! : b.length;
}

/** For moving a span's end edge left: the end of the last token before `offset` (0 if none). */
export function previousTokenEnd(b: TokenBoundaries, offset: number): number {
  const i = rank(b.ends, offset) - 1;
  return i >= 0 ? b.ends[i]! : 0;
}

/** Widens [start, end) so that neither edge falls inside a grapheme cluster. Idempotent. */
export function snapToGraphemes<T extends CodePointRange>(span: T, g: GraphemeBoundaries): T {
  const length = g[g.length - 1] ?? 0;
  const lo = Math.max(0, Math.min(span.start, span.end, length));
  const hi = Math.min(length, Math.max(span.start, span.end, 0));
  const start = g[rank(g, lo, true) - 1] ?? 0; // largest boundary ≤ lo
  const end = g[rank(g, hi)] ?? length; // smallest boundary ≥ hi
  return { ...span, start, end };
}

/** Caret right by one user-perceived character. */
export function nextGraphemeBoundary(g: GraphemeBoundaries, offset: number): number {
  return g[rank(g, offset, true)] ?? g[g.length - 1] ?? 0;
}

/** Caret left by one user-perceived character. */
export function previousGraphemeBoundary(g: GraphemeBoundaries, offset: number): number {
  return g[rank(g, offset) - 1] ?? 0;
}
