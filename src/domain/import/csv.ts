// RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in double quotes may
// hold commas, line breaks and "" (one quote). No CSV package is installed, so this small parser.
// Records keep the 1-based line they start on, so problems can be reported by line number.
export interface CsvRecord {
  line: number;
  fields: string[];
}
export interface CsvProblem {
  line: number;
  message: string;
}

export function parseCsv(input: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input; // a byte-order mark is not data
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let bad: string | null = null;
    for (;;) {
      if (text[i] === '"') {
        // Quoted field: runs to the closing quote; "" is a quote.
        i++;
        let closed = false;
        while (i < text.length) {
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) bad ??= 'a quoted field is not closed before the end of the file';
        else if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r')
          bad ??= 'text after a closing quote (write "" for a quote inside a quoted field)';
      }
      // Unquoted part (or junk after a bad closing quote) up to the next separator.
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        if (text[i] === '"' && !bad) bad = 'a quote inside an unquoted field (quote the whole field)';
        field += text[i];
        i++;
      }
      fields.push(field);
      field = '';
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    if (i <= text.length) line++;
    const blank = fields.length === 1 && fields[0] === '';
    if (bad) problems.push({ line: start, message: bad });
    else if (!blank) records.push({ line: start, fields });
  }
  return { records, problems };
}
