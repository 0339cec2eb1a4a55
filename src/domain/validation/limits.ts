// How much one request may carry. One definition for the server (which refuses more, at once, with
// a plain message — before any per-shape work) and the client (whose sync batches stay under it).
// The per-request totals bound the CPU one request can take on the server's thread: checking 50,000
// polygon vertices for simplicity is tens of milliseconds, not the seconds 650,000 would be.

export const LIMITS = {
  /** Vertices in one polygon. */
  verticesPerPolygon: 5_000,
  /** Shapes, and spans, in one annotation. */
  shapesPerAnnotation: 10_000,
  spansPerAnnotation: 10_000,
  /** Polygon vertices (boxes count 4) over all mutations of one request. */
  verticesPerRequest: 50_000,
  /** Text spans over all mutations of one request. */
  spansPerRequest: 20_000,
  /** Bytes of one sync request body (413 past it). */
  syncBodyBytes: 4 * 1024 * 1024,
  /**
   * Revisions one annotator may add to one item in an hour. Resubmitting an item many times is no
   * part of labelling, and each revision of a gold item is scored again: unbounded, the scoring
   * work a burst of resubmissions causes could be timed to tell gold from live.
   */
  revisionsPerItemPerHour: 5,
} as const;

type Countable = object;
type Carried = { shapes?: ReadonlyArray<{ kind?: unknown; points?: readonly unknown[] }>; spans?: readonly unknown[] } | undefined;
// Submissions carry `payload`, escalations their `tentative` labels: both are counted.
const carried = (m: Countable): Carried[] => [(m as { payload?: Carried }).payload, (m as { tentative?: Carried }).tentative];

/** Vertices and spans a set of mutations carries. */
export function requestLoad(mutations: readonly Countable[]): { vertices: number; spans: number } {
  let vertices = 0;
  let spans = 0;
  for (const m of mutations) {
    for (const c of carried(m)) {
      if (typeof c !== 'object' || c === null) continue;
      if (Array.isArray(c.shapes)) for (const s of c.shapes) vertices += s?.kind === 'polygon' && Array.isArray(s.points) ? s.points.length : 4;
      if (Array.isArray(c.spans)) spans += c.spans.length;
    }
  }
  return { vertices, spans };
}

/** A sentence saying which per-request limit the mutations exceed, or null. */
export function requestLimitProblem(mutations: readonly Countable[]): string | null {
  const { vertices, spans } = requestLoad(mutations);
  const n = (x: number) => x.toLocaleString('en-US');
  if (vertices > LIMITS.verticesPerRequest)
    return `This request carries ${n(vertices)} polygon vertices; at most ${n(LIMITS.verticesPerRequest)} are accepted per request. Send the work in smaller batches.`;
  if (spans > LIMITS.spansPerRequest)
    return `This request carries ${n(spans)} text spans; at most ${n(LIMITS.spansPerRequest)} are accepted per request. Send the work in smaller batches.`;
  return null;
}

/** The longest prefix of `entries` whose mutations stay within the per-request totals; never empty when entries are not. */
export function withinRequestLimits<T>(entries: readonly T[], mutationOf: (e: T) => Countable): T[] {
  let vertices = 0;
  let spans = 0;
  const out: T[] = [];
  for (const e of entries) {
    const load = requestLoad([mutationOf(e)]);
    vertices += load.vertices;
    spans += load.spans;
    if (out.length > 0 && (vertices > LIMITS.verticesPerRequest || spans > LIMITS.spansPerRequest)) break;
    out.push(e);
  }
  return out;
}
