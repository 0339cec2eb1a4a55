// The text tagger's decisions, kept pure so they are tested without a browser: which range a
// selection becomes, whether a new or adjusted span is allowed (and the message when it is not),
// where the caret goes, and how a long document is cut into chunks the view can memoize.
// Every offset here is a Unicode code-point offset; the TextModel does the UTF-16 side.
import type { TextSpan } from '../api/annotation.ts';

/** A text with its offset index and segmentation: everything the tagger asks of the text core. */
export interface TextModel {
  readonly text: string;
  /** Length in code points. */
  readonly length: number;
  toUtf16(cp: number): number;
  toCodePoint(utf16: number): number;
  /** The text between two code-point offsets. */
  slice(start: number, end: number): string;
  /** The next word/token boundary after cp (the text's end if none). */
  nextToken(cp: number): number;
  /** The previous word/token boundary before cp (0 if none). */
  previousToken(cp: number): number;
  /** Widens [start, end) so that it does not cut a grapheme (emoji, combining marks). */
  snapGraphemes(start: number, end: number): { start: number; end: number };
  /** Widens [start, end) to token boundaries. */
  snapTokens(start: number, end: number): { start: number; end: number };
}

export interface SpanRules {
  readonly labels: ReadonlyMap<string, string>; // id → display name
  readonly allowOverlap: boolean;
  readonly snapToTokens: boolean;
}

export type Verdict = { ok: true; span: TextSpan } | { ok: false; message: string };

const SPACE = /^\s$/u;
/** Whether the code point at cp is white space. */
function spaceAt(m: TextModel, cp: number): boolean {
  return cp >= 0 && cp < m.length && SPACE.test(m.slice(cp, cp + 1));
}

/**
 * The span range a selection from a to b (either order) stands for: surrounding white space
 * dropped (a double-click often takes the trailing space), graphemes never cut, and widened to
 * whole tokens when the project snaps. Null when nothing but white space was selected.
 */
export function rangeFromSelection(m: TextModel, a: number, b: number, snapToTokens: boolean): { start: number; end: number } | null {
  let start = Math.max(0, Math.min(a, b, m.length));
  let end = Math.min(m.length, Math.max(a, b, 0));
  while (start < end && spaceAt(m, start)) start++;
  while (end > start && spaceAt(m, end - 1)) end--;
  if (start >= end) return null;
  let r = m.snapGraphemes(start, end);
  if (snapToTokens) r = m.snapTokens(r.start, r.end);
  return r.end > r.start ? r : null;
}

/** How a span is named to the annotator: its label and its surface text. */
export function describeSpan(m: TextModel, rules: SpanRules, s: { label: string; start: number; end: number }): string {
  const surface = m.slice(s.start, s.end);
  const short = surface.length > 40 ? `${surface.slice(0, 39)}…` : surface;
  return `${rules.labels.get(s.label) ?? s.label} “${short}”`;
}

/** Whether `candidate` may join `others` (which it replaces if it shares an id). */
export function checkSpan(m: TextModel, rules: SpanRules, others: readonly TextSpan[], candidate: TextSpan): Verdict {
  if (!rules.labels.has(candidate.label)) return { ok: false, message: `“${candidate.label}” is not a span label of this project.` };
  if (candidate.start < 0 || candidate.end > m.length) return { ok: false, message: `A span must lie inside the text (0–${m.length}).` };
  if (candidate.end <= candidate.start) return { ok: false, message: 'A span must contain at least one character.' };
  for (const s of others) {
    if (s.id === candidate.id) continue;
    if (s.start === candidate.start && s.end === candidate.end && s.label === candidate.label) {
      return { ok: false, message: `${describeSpan(m, rules, s)} is already tagged.` };
    }
    if (!rules.allowOverlap && s.start < candidate.end && candidate.start < s.end) {
      return { ok: false, message: `This span would overlap ${describeSpan(m, rules, s)}; this project does not allow overlapping spans.` };
    }
  }
  return { ok: true, span: candidate };
}

/**
 * Moves one edge of a span by a token. dir -1 moves left in reading order, +1 right; white space
 * is skipped so that an edge never rests on a space. Returns the moved span, or a reason.
 */
export function moveEdge(m: TextModel, span: TextSpan, edge: 'start' | 'end', dir: -1 | 1): { start: number; end: number } | string {
  let { start, end } = span;
  if (edge === 'start') {
    if (dir < 0) {
      start = m.previousToken(start);
      while (start > 0 && spaceAt(m, start)) start = m.previousToken(start);
    } else {
      start = m.nextToken(start);
      while (start < end && spaceAt(m, start)) start = m.nextToken(start);
    }
  } else if (dir > 0) {
    end = m.nextToken(end);
    while (end < m.length && spaceAt(m, end - 1)) end = m.nextToken(end);
  } else {
    end = m.previousToken(end);
    while (end > start && spaceAt(m, end - 1)) end = m.previousToken(end);
  }
  if (start === span.start && end === span.end)
    return edge === 'start' ? 'The span already starts at the beginning of the text.' : 'The span already ends at the end of the text.';
  if (end <= start) return 'A span cannot shrink to nothing; delete it instead.';
  return { start, end };
}

/** The caret after one arrow press: by token, or by one grapheme when `fine`. */
export function moveCaret(m: TextModel, cp: number, dir: -1 | 1, fine: boolean): number {
  if (fine) {
    const next = Math.min(m.length, Math.max(0, cp + dir));
    if (next === cp) return cp;
    const r = m.snapGraphemes(Math.min(cp, next), Math.max(cp, next));
    return dir > 0 ? r.end : r.start;
  }
  return dir > 0 ? m.nextToken(cp) : m.previousToken(cp);
}

/** The span after (dir 1) or before (dir -1) the caret, in text order, or the first/last. */
export function neighbourSpan(spans: readonly TextSpan[], current: TextSpan | null, caret: number, dir: -1 | 1): TextSpan | null {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : 1));
  if (sorted.length === 0) return null;
  if (current) {
    const i = sorted.findIndex((s) => s.id === current.id);
    return sorted[Math.min(sorted.length - 1, Math.max(0, i + dir))] ?? null;
  }
  return dir > 0 ? (sorted.find((s) => s.start >= caret) ?? sorted.at(-1) ?? null) : ([...sorted].reverse().find((s) => s.start < caret) ?? sorted[0] ?? null);
}

export interface Chunk {
  readonly start: number;
  readonly end: number;
  /** True when the chunk ends a paragraph (with a line break, or at the end of the text). */
  readonly paragraphEnd: boolean;
}

/**
 * Cuts a text into chunks of about `target` code points: after every line break, and inside
 * long paragraphs after a white-space character (never inside a grapheme). The view renders one
 * memoized component per chunk, so an edit repaints one chunk, not the document.
 */
export function chunkText(text: string, target = 800): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let cp = 0;
  for (const ch of text) {
    cp++;
    if (ch === '\n') {
      chunks.push({ start, end: cp, paragraphEnd: true });
      start = cp;
    } else if (cp - start >= target && /\s/u.test(ch)) {
      chunks.push({ start, end: cp, paragraphEnd: false });
      start = cp;
    }
  }
  if (cp > start || chunks.length === 0) chunks.push({ start, end: cp, paragraphEnd: true });
  else chunks[chunks.length - 1] = { ...chunks[chunks.length - 1]!, paragraphEnd: true };
  return chunks;
}

/** The index of the chunk holding code point cp (the last chunk for cp = text length). */
export function chunkAt(chunks: readonly Chunk[], cp: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (chunks[mid]!.end <= cp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** For each chunk, the spans that touch it, in start order. Unchanged spans keep their identity. */
export function bucketSpans<S extends { start: number; end: number }>(chunks: readonly Chunk[], spans: readonly S[]): S[][] {
  const out: S[][] = chunks.map(() => []);
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const s of sorted) {
    for (let i = chunkAt(chunks, s.start); i < chunks.length && chunks[i]!.start < Math.max(s.end, s.start + 1); i++) out[i]!.push(s);
  }
  return out;
}

export interface Segment {
  readonly start: number;
  readonly end: number;
  /** Ids of the spans covering this segment, in start order. */
  readonly ids: readonly string[];
}

/** Cuts [from, to) at every span edge inside it; each piece lists the spans covering it. */
export function segmentsIn(from: number, to: number, spans: readonly TextSpan[]): Segment[] {
  const cuts = new Set<number>([from, to]);
  for (const s of spans) {
    if (s.start > from && s.start < to) cuts.add(s.start);
    if (s.end > from && s.end < to) cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    out.push({ start, end, ids: spans.filter((s) => s.start < end && s.end > start).map((s) => s.id) });
  }
  return out;
}

/**
 * Stacking rows for overlapping spans (interval partitioning): longer spans that start first
 * take the lower rows, so a nested span is drawn above the span around it. Returns id → row.
 */
export function stackRows(spans: readonly TextSpan[]): Map<string, number> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const rowEnds: number[] = [];
  const out = new Map<string, number>();
  for (const s of sorted) {
    let row = rowEnds.findIndex((end) => end <= s.start);
    if (row < 0) row = rowEnds.push(0) - 1;
    rowEnds[row] = s.end;
    out.set(s.id, row);
  }
  return out;
}
