// YOLO class names: data.yaml's "names:" (a list, a map or inline) or obj.names / classes.txt, one a line.
export function parseYoloNames(input: string): string[] {
  // data.yaml "names:" as a list ("- car"), a map ("0: car") or inline ["car", …]; obj.names one per line.
  const inline = /^names:\s*\[(.*)\]\s*$/m.exec(input);
  if (inline)
    return (inline[1] ?? '')
      .split(',')
      .map(unquote)
      .filter((n) => n !== '');
  const block = /^names:\s*\n((?:[ \t]+.*\n?)*)/m.exec(input);
  if (block)
    return (block[1] ?? '')
      .split('\n')
      .map((l) => l.trim().replace(/^-\s*|^\d+\s*:\s*/, ''))
      .map(unquote)
      .filter((n) => n !== '');
  return input
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.startsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  return t.startsWith("'") ? t.slice(1, -1).replace(/''/g, "'") : t;
}
