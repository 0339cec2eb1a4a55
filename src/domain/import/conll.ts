// CoNLL BIO → spans. Documents start at "-DOCSTART-"; a file without it is one document. The token
// is the first column and the tag the last, so CoNLL-2003's four columns and the two-column
// "token TAG" variant both read. Each document is matched to the item whose text has the same
// tokens, and the spans come back in that text's code-point offsets.
import type { TextSpan } from '../api/annotation.ts';
import type { Problem } from '../api/errors.ts';
import type { LabelSchema } from '../api/labels.ts';
import { conllSpans } from '../export/conll.ts';
import { tokenize } from '../export/tokens.ts';
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

/** The key a document and an item's text share when their tokens are the same. */
export const tokenKey = (tokens: readonly string[]) => tokens.join(' ');

export function conllToSpans(doc: ConllDocument, text: string, schema: LabelSchema, unmapped = new UnmappedTally()): { spans: TextSpan[]; problems: Problem[] } {
  const tokens = tokenize(text);
  if (tokenKey(tokens.map((t) => t.text)) !== tokenKey(doc.tokens)) return { spans: [], problems: [{ path: `line ${doc.line}`, message: "the document's tokens differ from the item's text" }] };
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
