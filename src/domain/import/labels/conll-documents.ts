// A CoNLL BIO file → its documents (tokens and tags). Documents start at "-DOCSTART-"; a file
// without it is one document. The token is the first column and the tag the last, so CoNLL-2003's
// four columns and the two-column "token TAG" variant both read. text-formats.ts turns documents
// into spans and bind.ts finds their items.
import type { Problem } from '../../api/errors.ts';

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
