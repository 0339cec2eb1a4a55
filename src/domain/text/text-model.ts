// Builds the tagger's TextModel (tagger-ops.ts) for one text from the text core: the code-point ↔
// UTF-16 index (offsets.ts) and token and grapheme boundaries (segment.ts, which segments long
// texts piecewise so 100k characters take ~0.1 s rather than seconds). Boundaries are computed on
// first use: opening a document should not pay for segmenting it.
import { buildOffsetIndex, codePointToUtf16, sliceByCodePoints, utf16ToCodePoint } from './offsets.ts';
import {
  graphemeBoundaries,
  nextGraphemeBoundary,
  previousGraphemeBoundary,
  snapSpanToTokens,
  snapToGraphemes,
  tokenBoundaries,
  type GraphemeBoundaries,
  type TokenBoundaries,
} from './segment.ts';
import type { TextModel } from './tagger-ops.ts';

export function textModel(text: string): TextModel {
  const index = buildOffsetIndex(text);
  let tokens: TokenBoundaries | null = null;
  let graphemes: GraphemeBoundaries | null = null;
  let edges: Int32Array | null = null;
  const t = () => (tokens ??= tokenBoundaries(text));
  const e = () => (edges ??= tokenEdges(t()));
  const g = () => (graphemes ??= graphemeBoundaries(text));
  return {
    text,
    length: index.length,
    toUtf16: (cp) => codePointToUtf16(index, cp),
    // The DOM can put a caret between the halves of an emoji: it counts as that emoji's start.
    toCodePoint: (u) => utf16ToCodePoint(index, u, { insidePair: 'snap-before' }),
    slice: (start, end) => sliceByCodePoints(index, start, end),
    // Steps land on every token edge (a word's start and its end), as Ctrl+Arrow does in a text
    // field; tagger-ops skips the white space between when it moves a span's edge.
    // (The grapheme steppers step through any ascending boundary array.)
    nextToken: (cp) => nextGraphemeBoundary(e(), cp),
    previousToken: (cp) => previousGraphemeBoundary(e(), cp),
    snapGraphemes: (start, end) => snapToGraphemes({ start, end }, g()),
    // A range of white space only touches no token: it is left as it is (the caller drops blanks).
    snapTokens: (start, end) => {
      const snapped = snapSpanToTokens({ start, end }, t());
      return snapped ? { start: snapped.start, end: snapped.end } : { start, end };
    },
  };
}

/** Every token start and end, with 0 and the text's end, ascending and once each. */
function tokenEdges(b: TokenBoundaries): Int32Array {
  const all = new Set<number>([0, b.length]);
  for (let i = 0; i < b.starts.length; i++) {
    all.add(b.starts[i]!);
    all.add(b.ends[i]!);
  }
  return Int32Array.from([...all].sort((x, y) => x - y));
}
