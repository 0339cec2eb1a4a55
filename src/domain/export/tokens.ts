// The tokenizer both CoNLL directions share: words (letters, digits, marks, "_") and every other
// non-space character on its own, so "Paris," is two tokens and a span on "Paris" stays exact.
// Offsets are Unicode code points, like spans. A newline ends a sentence.
export interface Token {
  text: string;
  start: number;
  end: number;
  /** The first token after a line break (CoNLL puts a blank line before it). */
  newSentence: boolean;
}

const WORD = /[\p{L}\p{N}\p{M}_]/u;
const SPACE = /\s/u;

export function tokenize(text: string): Token[] {
  const cps = Array.from(text);
  const out: Token[] = [];
  let pendingBreak = false;
  let i = 0;
  while (i < cps.length) {
    const c = cps[i] as string;
    if (SPACE.test(c)) {
      if (c === '\n' && out.length > 0) pendingBreak = true;
      i++;
      continue;
    }
    let j = i + 1;
    if (WORD.test(c)) while (j < cps.length && WORD.test(cps[j] as string)) j++;
    out.push({ text: cps.slice(i, j).join(''), start: i, end: j, newSentence: pendingBreak });
    pendingBreak = false;
    i = j;
  }
  return out;
}
