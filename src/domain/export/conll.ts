// CoNLL-2003 style BIO: one token per line, four space-separated columns "token POS chunk NER"
// (POS and chunk unknown: "_"), a blank line between sentences, and "-DOCSTART- -X- -X- O" before
// each item's document. Tags are B-/I-<label id>. Tokens are cut at span boundaries (tokens.ts), so
// every span is whole tokens; of overlapping spans the earlier one wins (BIO cannot say both) —
// countConllLosses says how many spans that dropped, and the export reports the total.
import type { TextSpan } from '../api/annotation.ts';
import { tokenize, type Token } from './tokens.ts';

const cutsOf = (spans: readonly TextSpan[]) => spans.flatMap((s) => [s.start, s.end]);

/** The document's tokens as the export writes them: cut at the spans' boundaries. */
export const conllTokens = (text: string, spans: readonly TextSpan[]): Token[] => tokenize(text, cutsOf(spans));

export function conllTags(tokens: Token[], spans: readonly TextSpan[]): string[] {
  const tags = tokens.map(() => 'O');
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const s of sorted) {
    const hit = tokens.map((t, i) => (t.end > s.start && t.start < s.end ? i : -1)).filter((i) => i >= 0);
    if (hit.length === 0 || hit.some((i) => tags[i] !== 'O')) continue;
    hit.forEach((i, k) => (tags[i] = `${k === 0 ? 'B' : 'I'}-${s.label}`));
  }
  return tags;
}

/** Spans the BIO tags cannot give back exactly (overlapping another, or holding no token). */
export function countConllLosses(text: string, spans: readonly TextSpan[]): number {
  const tokens = conllTokens(text, spans);
  const back = conllSpans(tokens, conllTags(tokens, spans));
  const key = (s: { start: number; end: number; label: string }) => `${s.start}:${s.end}:${s.label}`;
  const kept = new Set(back.map(key));
  return spans.filter((s) => !kept.has(key(s))).length;
}

export function conllDocument(text: string, spans: readonly TextSpan[]): string {
  const tokens = conllTokens(text, spans);
  const tags = conllTags(tokens, spans);
  const lines = ['-DOCSTART- -X- -X- O', ''];
  tokens.forEach((t, i) => {
    if (t.newSentence) lines.push('');
    // A token never holds whitespace nor a line break (tokenize), so the columns stay four.
    lines.push(`${t.text} _ _ ${tags[i]}`);
  });
  lines.push('', '');
  return lines.join('\n');
}

/** BIO tags back to spans over the given tokens (an I- without a matching B- starts a span, as conlleval reads it). */
export function conllSpans(
  tokens: ReadonlyArray<{ start: number; end: number }>,
  tags: readonly string[],
): Array<{ start: number; end: number; label: string }> {
  const out: Array<{ start: number; end: number; label: string }> = [];
  let open: { start: number; end: number; label: string } | null = null;
  tags.forEach((tag, i) => {
    const tok = tokens[i];
    if (!tok) return;
    const m = /^([BI])-(.+)$/.exec(tag);
    if (m && m[1] === 'I' && open && open.label === m[2]) {
      open.end = tok.end;
      return;
    }
    if (open) out.push(open);
    open = m ? { start: tok.start, end: tok.end, label: m[2] as string } : null;
  });
  if (open) out.push(open);
  return out;
}
