// The tokenizer both CoNLL directions share. Offsets are Unicode code points, like spans.
//   words     letters, digits, marks, "_" run together: "Paris," is "Paris" and ","
//   no-space  scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan) give
//             one token per character (with its combining marks), so entities inside a clause stay
//             apart — as spaCy's character-based Chinese tokenizer does
//   other     every other non-space character is a token of its own
//   cuts      a word is also cut at any offset in `cuts` (span boundaries), so two spans inside
//             one written word ("NewYork") stay two
// Whitespace is what JavaScript's \s and Python's str.split() both count (U+0085 and U+001C–U+001F
// are spaces to Python, not to \s); every line break Python's str.splitlines() knows ends a
// sentence. So no token ever holds a character nltk or spaCy would read as a line break.
export interface Token {
  text: string;
  start: number;
  end: number;
  /** The first token after a line break (CoNLL puts a blank line before it). */
  newSentence: boolean;
}

const WORD = /[\p{L}\p{N}\p{M}_]/u;
const MARK = /\p{M}/u;
// The control characters are the point here: Python splits words and lines at them.
// eslint-disable-next-line no-control-regex
const SPACE = /[\s\u001c-\u001f\u0085]/u;
// eslint-disable-next-line no-control-regex
const LINE_BREAK = /[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/u;
const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

export const isSpace = (c: string) => SPACE.test(c);

export function tokenize(text: string, cuts: Iterable<number> = []): Token[] {
  const cps = Array.from(text);
  const cut = new Set(cuts);
  const out: Token[] = [];
  let pendingBreak = false;
  let i = 0;
  while (i < cps.length) {
    const c = cps[i] as string;
    if (SPACE.test(c)) {
      if (LINE_BREAK.test(c) && out.length > 0) pendingBreak = true;
      i++;
      continue;
    }
    let j = i + 1;
    if (NO_SPACE_SCRIPT.test(c)) while (j < cps.length && !cut.has(j) && MARK.test(cps[j] as string)) j++;
    else if (WORD.test(c)) while (j < cps.length && !cut.has(j) && WORD.test(cps[j] as string) && !NO_SPACE_SCRIPT.test(cps[j] as string)) j++;
    out.push({ text: cps.slice(i, j).join(''), start: i, end: j, newSentence: pendingBreak });
    pendingBreak = false;
    i = j;
  }
  return out;
}
