// Text items from a JSONL or CSV file, before anything is written:
//   JSONL: {"text": "…", "meta": {…}, …} per line — other top-level fields are kept as metadata.
//   CSV:   a header row naming a "text" column; every other column is kept as metadata.
// Blank lines are skipped; lines that cannot be read are reported by line number. Duplicates are
// found by the caller (it has the hashes of the project's items).
import type { CsvProblem } from './csv.ts';
import { parseCsv } from './csv.ts';

export interface TextItemEntry {
  line: number;
  text: string;
  meta: Record<string, unknown>;
}
export interface TextItemsParse {
  entries: TextItemEntry[];
  problems: CsvProblem[];
}

export const MAX_ITEM_TEXT = 1_000_000;

function check(line: number, text: unknown, problems: CsvProblem[]): text is string {
  if (typeof text !== 'string') return (problems.push({ line, message: '"text" must be a string' }), false);
  if (text.trim() === '') return (problems.push({ line, message: 'the text is empty' }), false);
  if (text.length > MAX_ITEM_TEXT) return (problems.push({ line, message: `the text is longer than ${MAX_ITEM_TEXT} characters` }), false);
  return true;
}

export function parseTextItemsJsonl(input: string): TextItemsParse {
  const entries: TextItemEntry[] = [];
  const problems: CsvProblem[] = [];
  input.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      problems.push({ line, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      return void problems.push({ line, message: 'each line must be a JSON object with a "text" field' });
    const { text, meta, ...rest } = json as Record<string, unknown>;
    if (!check(line, text, problems)) return;
    const extra = typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : meta === undefined ? {} : { meta };
    entries.push({ line, text, meta: { ...rest, ...extra } });
  });
  return { entries, problems };
}

export function parseTextItemsCsv(input: string): TextItemsParse {
  const { records, problems } = parseCsv(input);
  const [header, ...rows] = records;
  if (!header) return { entries: [], problems: problems.length ? problems : [{ line: 1, message: 'the file is empty' }] };
  const names = header.fields.map((f) => f.trim());
  const col = names.findIndex((n) => n.toLowerCase() === 'text');
  if (col < 0)
    return {
      entries: [],
      problems: [{ line: header.line, message: `the header needs a "text" column (it has ${names.map((n) => `"${n}"`).join(', ')})` }, ...problems],
    };
  const entries: TextItemEntry[] = [];
  for (const r of rows) {
    if (r.fields.length !== names.length) {
      problems.push({ line: r.line, message: `${r.fields.length} fields where the header has ${names.length}` });
      continue;
    }
    const text = r.fields[col];
    if (!check(r.line, text, problems)) continue;
    const meta: Record<string, unknown> = {};
    names.forEach((n, k) => {
      if (k !== col) meta[n] = r.fields[k];
    });
    entries.push({ line: r.line, text, meta });
  }
  problems.sort((a, b) => a.line - b.line);
  return { entries, problems };
}
