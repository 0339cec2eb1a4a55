// Builds the tagger's TextModel (tagger-ops.ts) for one text: the offset index and the token and
// grapheme boundaries. Boundaries are computed on first use (segmenting 100k characters costs
// tens of milliseconds, which opening a document should not pay for).
import { around, boundaries, offsetIndex, step } from './tagger-support.ts';
import type { TextModel } from './tagger-ops.ts';

export function textModel(text: string): TextModel {
  const index = offsetIndex(text);
  let words: Int32Array | null = null;
  let graphemes: Int32Array | null = null;
  const w = () => (words ??= boundaries(text, index, 'word'));
  const g = () => (graphemes ??= boundaries(text, index, 'grapheme'));
  const snap = (b: Int32Array, start: number, end: number) => ({ start: around(b, start)[0], end: around(b, end)[1] });
  return {
    text,
    length: index.length,
    toUtf16: index.toUtf16,
    toCodePoint: index.toCodePoint,
    slice: (start, end) => text.slice(index.toUtf16(start), index.toUtf16(end)),
    nextToken: (cp) => step(w(), cp, 1),
    previousToken: (cp) => step(w(), cp, -1),
    snapGraphemes: (start, end) => snap(g(), start, end),
    snapTokens: (start, end) => snap(w(), start, end),
  };
}
