// Placeholder until the full offsets module lands: code-point length of a string.
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
