// CoNLL BIO → spans. Documents start at "-DOCSTART-"; a file without it is one document. The token
// is the first column and the tag the last, so CoNLL-2003's four columns and the two-column
// "token TAG" variant both read. Each document is matched to the item whose text, spaces aside, is
// its tokens one after the other (alignTokens): any tokenizer's tokens read, not only ours, and
// the spans come back in that text's code-point offsets.
import type { TextSpan } from '../api/annotation.ts';
import type { Problem } from '../api/errors.ts';
import type { LabelSchema } from '../api/labels.ts';
import { conllSpans } from '../export/conll.ts';
import { isSpace } from '../export/tokens.ts';
import { labelResolver, UnmappedTally } from './common.ts';

export interface ConllDocument {
  /** 1-based line of the document's first token. */
  line: number;
  tokens: string[];
  tags: string[];
}

export function parseConll(input: string): { documents: ConllDocument[]; problems: Problem[] } {
  const documents: ConllDocument[] = [];
  const problems: Problem[] = [];
  let doc: ConllDocument | null = null;
  input.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('-DOCSTART-')) {
      doc = null;
      return;
    }
    if (line === '') return;
    const cols = line.split(/\s+/);
    if (cols.length < 2) return problems.push({ path: `line ${i + 1}`, message: 'expected a token and a tag' });
    const tagCol = cols[cols.length - 1] as string;
    if (tagCol !== 'O' && !/^[BI]-.+/.test(tagCol)) return problems.push({ path: `line ${i + 1}`, message: `"${tagCol}" is not a BIO tag (O, B-x or I-x)` });
    if (!doc) {
      doc = { line: i + 1, tokens: [], tags: [] };
      documents.push(doc);
    }
    doc.tokens.push(cols[0] as string);
    doc.tags.push(tagCol);
  });
  return { documents, problems };
}

/** The key a document and an item's text share: the text without its spaces. */
export const spacelessKey = (text: string) =>
  Array.from(text)
    .filter((c) => !isSpace(c))
    .join('');
export const tokenKey = (tokens: readonly string[]) => tokens.join('');

/** Each token's code-point offsets in `text`, in order, spaces skipped between them; null if they do not spell the text. */
export function alignTokens(tokens: readonly string[], text: string): Array<{ start: number; end: number }> | null {
  const cps = Array.from(text);
  const out: Array<{ start: number; end: number }> = [];
  let i = 0;
  for (const tok of tokens) {
    while (i < cps.length && isSpace(cps[i] as string)) i++;
    const t = Array.from(tok);
    for (let k = 0; k < t.length; k++) if (cps[i + k] !== t[k]) return null;
    out.push({ start: i, end: i + t.length });
    i += t.length;
  }
  while (i < cps.length && isSpace(cps[i] as string)) i++;
  return i === cps.length ? out : null;
}

export function conllToSpans(
  doc: ConllDocument,
  text: string,
  schema: LabelSchema,
  unmapped = new UnmappedTally(),
): { spans: TextSpan[]; problems: Problem[] } {
  const tokens = alignTokens(doc.tokens, text);
  if (!tokens) return { spans: [], problems: [{ path: `line ${doc.line}`, message: "the document's tokens differ from the item's text" }] };
  const resolve = labelResolver(schema);
  const spans: TextSpan[] = [];
  const problems: Problem[] = [];
  conllSpans(tokens, doc.tags).forEach((s, k) => {
    const label = resolve(s.label);
    if (!label) {
      unmapped.add(s.label);
      problems.push({ path: `line ${doc.line}`, message: `"${s.label}" matches no label of this project` });
    } else spans.push({ id: `s${k + 1}`, label: label.id, start: s.start, end: s.end });
  });
  return { spans, problems };
}
