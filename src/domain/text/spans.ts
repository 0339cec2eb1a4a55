// Text spans: validation with messages a person understands, ordering, overlap detection,
// stacking rows for drawing overlapping spans, and cutting a text into uniformly-covered segments.
// Offsets are Unicode code points, half-open [start, end) (see offsets.ts for why).

export type Span = { id: string; label: string; start: number; end: number };
/** The positional part of a span; most helpers need no more than this. */
export type SpanLike = { readonly id: string; readonly start: number; readonly end: number };

export type SpanProblemCode = 'out_of_range' | 'empty' | 'unknown_label' | 'overlap' | 'not_integer';
export interface SpanProblem {
  spanId: string;
  code: SpanProblemCode;
  message: string;
}

export interface ValidateSpansOptions {
  /** Length of the text in code points. */
  readonly textLength: number;
  readonly labels: ReadonlySet<string> | readonly string[];
  readonly allowOverlap: boolean;
}

/** Text order: by start, then the longer span first (it encloses the shorter), then by id. */
export function compareSpans(a: SpanLike, b: SpanLike): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A sorted copy (stable, deterministic: ties broken by id). */
export function sortSpans<T extends SpanLike>(spans: readonly T[]): T[] {
  return [...spans].sort(compareSpans);
}

/** Whether [a.start, a.end) and [b.start, b.end) share at least one code point (an empty span shares none). */
export function spansOverlap(a: SpanLike, b: SpanLike): boolean {
  return Math.max(a.start, b.start) < Math.min(a.end, b.end);
}

/**
 * Overlaps by one sweep over the spans in text order, O(n log n): each span that overlaps some
 * span sorted before it is reported once, paired with the earlier span that reaches furthest.
 * So if any two spans overlap, the later of them is in the list; nothing is reported twice,
 * and a pile of n mutually-overlapping spans costs n − 1 entries, not n².
 */
export function findOverlaps<T extends SpanLike>(spans: readonly T[]): Array<{ span: T; overlaps: T }> {
  const out: Array<{ span: T; overlaps: T }> = [];
  let reach: T | undefined; // the span seen so far with the largest end
  for (const s of sortSpans(spans)) {
    if (s.end <= s.start) continue; // an empty span covers nothing
    if (reach && reach.end > s.start) out.push({ span: s, overlaps: reach });
    if (!reach || s.end > reach.end) reach = s;
  }
  return out;
}

const range = (s: SpanLike): string => `${s.start}–${s.end}`;

/**
 * Every problem with a list of spans, in the order of the input. Positions are only checked
 * for overlap once they are whole, in range and non-empty, so one mistake gives one message.
 * An exact duplicate (same label, start and end) is reported as an overlap even when the
 * project allows overlaps: tagging the same thing twice is never meant.
 */
export function validateSpans(spans: readonly Span[], opts: ValidateSpansOptions): SpanProblem[] {
  const labels: ReadonlySet<string> = opts.labels instanceof Set ? opts.labels : new Set(opts.labels);
  const n = opts.textLength;
  const chars = `${n} character${n === 1 ? '' : 's'}`;
  const byId = new Map<string, SpanProblem[]>();
  const add = (spanId: string, code: SpanProblemCode, message: string): void => {
    const list = byId.get(spanId) ?? [];
    list.push({ spanId, code, message });
    byId.set(spanId, list);
  };
  const placed: Span[] = [];
  for (const s of spans) {
    const name = `Span "${s.label}" ${range(s)}`;
    if (!labels.has(s.label)) add(s.id, 'unknown_label', `Span ${range(s)} has the label "${s.label}", which is not a span label of this project`);
    if (!Number.isSafeInteger(s.start) || !Number.isSafeInteger(s.end)) {
      add(s.id, 'not_integer', `${name} has an offset that is not a whole number; offsets count characters`);
      continue;
    }
    if (s.start < 0) add(s.id, 'out_of_range', `${name} starts before the beginning of the text`);
    else if (s.end > n) add(s.id, 'out_of_range', `${name} ends past the end of the text (${chars})`);
    if (s.end < s.start) add(s.id, 'empty', `${name} ends before it starts`);
    else if (s.end === s.start) add(s.id, 'empty', `${name} is empty: a span must cover at least one character`);
    else if (s.start >= 0 && s.end <= n) placed.push(s);
  }

  const seen = new Map<string, Span>();
  for (const s of placed) {
    const key = `${s.start}\u0000${s.end}\u0000${s.label}`;
    const twin = seen.get(key);
    if (twin) add(s.id, 'overlap', `Span "${s.label}" ${range(s)} duplicates span ${twin.id}, which tags the same text with the same label`);
    else seen.set(key, s);
  }
  if (!opts.allowOverlap) {
    for (const { span, overlaps } of findOverlaps(placed)) {
      if (span.start === overlaps.start && span.end === overlaps.end && span.label === overlaps.label) continue; // reported above
      add(
        span.id,
        'overlap',
        `Span "${span.label}" ${range(span)} overlaps span "${overlaps.label}" ${range(overlaps)}; this project does not allow overlapping spans`,
      );
    }
  }
  // Input order, so a caller can map problems back to positions; each id reported once per problem.
  const out: SpanProblem[] = [];
  for (const s of spans) {
    const list = byId.get(s.id);
    if (list) out.push(...list);
    byId.delete(s.id);
  }
  return out;
}

/** Stacking rows: `rows.get(id)` is the span's row (0 nearest the text); `rowCount` rows in all. */
export interface SpanRows {
  readonly rows: Map<string, number>;
  readonly rowCount: number;
}

/** A binary min-heap over numbers, for the row assignment below. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly key: (t: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  peek(): T | undefined {
    return this.items[0];
  }
  push(t: T): void {
    const a = this.items;
    a.push(t);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (this.key(a[p]!) <= this.key(a[i]!)) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.key(a[l]!) < this.key(a[m]!)) m = l;
        if (r < a.length && this.key(a[r]!) < this.key(a[m]!)) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Assigns overlapping spans to different rows (interval-graph colouring, greedy by start): in
 * text order, each span takes the lowest row free at its start. For intervals this uses the
 * fewest rows possible (as many as the deepest pile of overlapping spans), and because the longer
 * of two spans with one start comes first, an enclosing span sits below what it encloses.
 * O(n log n). An empty span is given one code point of room so that it still gets a place.
 */
export function layoutSpanRows(spans: readonly SpanLike[]): SpanRows {
  const rows = new Map<string, number>();
  const busy = new MinHeap<{ end: number; row: number }>((x) => x.end); // rows in use, by when they free up
  const free = new MinHeap<number>((r) => r); // rows free again, lowest first
  let rowCount = 0;
  for (const s of sortSpans(spans)) {
    while ((busy.peek()?.end ?? Infinity) <= s.start) free.push(busy.pop()!.row);
    const row = free.size > 0 ? free.pop()! : rowCount++;
    busy.push({ end: Math.max(s.end, s.start + 1), row });
    rows.set(s.id, row);
  }
  return { rows, rowCount };
}

export interface TextSegment {
  readonly start: number;
  readonly end: number;
  /** Ids of the spans covering all of [start, end), in text order (compareSpans). */
  readonly ids: readonly string[];
}

/**
 * Cuts [0, textLength) at every span edge into segments that each carry the spans covering
 * them, so a view renders one element per segment instead of testing every span per character.
 * The segments tile the text exactly once, in order; parts with no span carry `ids: []`.
 * Spans are clamped to the text; empty ones cover nothing. One sweep, O(n log n + output).
 */
export function spanSegments(textLength: number, spans: readonly SpanLike[]): TextSegment[] {
  if (textLength <= 0) return [];
  type Edge = { at: number; open: boolean; id: string; order: number };
  const edges: Edge[] = [];
  sortSpans(spans).forEach((s, order) => {
    const start = Math.max(0, s.start);
    const end = Math.min(textLength, s.end);
    if (end <= start) return;
    edges.push({ at: start, open: true, id: s.id, order }, { at: end, open: false, id: s.id, order });
  });
  edges.sort((a, b) => a.at - b.at || a.order - b.order);
  // Opens are sorted by text-order rank, so the Map's insertion order is text order; keying by
  // rank rather than id keeps two spans that share an id apart.
  const active = new Map<number, string>();
  const out: TextSegment[] = [];
  let at = 0;
  let i = 0;
  while (at < textLength) {
    while (i < edges.length && edges[i]!.at === at) {
      const e = edges[i++]!;
      if (e.open) active.set(e.order, e.id);
      else active.delete(e.order);
    }
    const next = Math.min(edges[i]?.at ?? textLength, textLength);
    out.push({ start: at, end: next, ids: [...active.values()] });
    at = next;
  }
  return out;
}
