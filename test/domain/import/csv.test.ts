import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/domain/import/csv.ts';
import { parseTextItemsCsv, parseTextItemsJsonl } from '../../../src/domain/import/text-items.ts';

describe('RFC 4180 CSV', () => {
  it('reads quoted commas, doubled quotes, line breaks in quotes, CRLF, a BOM and a missing final newline', () => {
    const { records, problems } = parseCsv('\uFEFFtext,source\r\n"Hello, world",a\r\n"She said ""hi""",b\n"two\nlines",c\nplain,d');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['text', 'source'] },
      { line: 2, fields: ['Hello, world', 'a'] },
      { line: 3, fields: ['She said "hi"', 'b'] },
      { line: 4, fields: ['two\nlines', 'c'] },
      { line: 6, fields: ['plain', 'd'] },
    ]);
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsv('a,,c\n\n,,\n').records).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 3, fields: ['', '', ''] },
    ]);
  });

  it('reports malformed records by the line they start on, and reads on', () => {
    const { records, problems } = parseCsv('x,y\n"bad"junk,1\nab"c,2\nok,3\n"never closed,4\n');
    expect(records.map((r) => r.fields[0])).toEqual(['x', 'ok']);
    expect(problems).toEqual([
      { line: 2, message: expect.stringMatching(/after a closing quote/) },
      { line: 3, message: expect.stringMatching(/quote inside an unquoted field/) },
      { line: 5, message: expect.stringMatching(/not closed/) },
    ]);
  });
});

describe('text items from CSV and JSONL', () => {
  it('CSV: the "text" column is the item, the other columns its metadata; bad rows by line', () => {
    const r = parseTextItemsCsv('id,Text,lang\n1,"Bonjour, monde",fr\n2,,en\n3,"only two"\n4,Hello,en\n');
    expect(r.entries).toEqual([
      { line: 2, text: 'Bonjour, monde', meta: { id: '1', lang: 'fr' } },
      { line: 5, text: 'Hello', meta: { id: '4', lang: 'en' } },
    ]);
    expect(r.problems.map((p) => p.line)).toEqual([3, 4]);
    expect(parseTextItemsCsv('body\nx\n').problems[0]?.message).toMatch(/needs a "text" column/);
  });

  it('JSONL: text plus metadata (a "meta" object and any other fields); truncated lines reported', () => {
    const r = parseTextItemsJsonl('{"text":"a","meta":{"src":"x"},"id":7}\n\n{"text":"b"\n{"txt":"c"}\n[1]\n{"text":"d"}');
    expect(r.entries).toEqual([
      { line: 1, text: 'a', meta: { id: 7, src: 'x' } },
      { line: 6, text: 'd', meta: {} },
    ]);
    expect(r.problems.map((p) => p.line)).toEqual([3, 4, 5]);
  });
});
