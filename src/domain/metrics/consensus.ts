// Consensus of an overlapped item: the final label by majority vote, and a tie sent to
// a lead as an adjudication task rather than broken silently (the lead's answer is what is exported).
//
// - Classification: the label with the most votes; two or more labels sharing the top count is a tie.
// - Shapes: shapes of different annotators are clustered by IoU (one shape per annotator per cluster,
//   most-overlapping pairs joined first, so the clustering does not depend on arrival order beyond
//   ids). A cluster drawn by more than half the annotators is kept, with its plurality label; a
//   cluster drawn by exactly half is a tie on whether the object exists; fewer is dropped.
// - Spans: as shapes, but the cluster is an exact (start, end) match.
// Also here: the inter-annotator F1 (mean over annotator pairs of the gold matching's F1), which is
// the agreement figure for shapes and spans where kappa does not apply.
import { prepareShape, preparedShapeIoU } from '../geometry/iou.ts';
import { matchShapes, type MatchableShape } from '../scoring/shapes.ts';
import { scoreSpans, type ScoredSpan } from '../text/span-scoring.ts';
import { compareStrings, type Rating } from './ratings.ts';

export type Vote = { readonly rater: string; readonly label: string };

export type LabelDecision =
  | { readonly kind: 'agreed'; readonly label: string; readonly votes: number; readonly of: number }
  | { readonly kind: 'tie'; readonly candidates: readonly string[]; readonly of: number };

/** Plurality vote; the LAST vote of a rater counts (revisions are append-only, latest is current). */
export function majorityLabel(votes: readonly Vote[]): LabelDecision {
  const byRater = new Map<string, string>();
  for (const v of votes) byRater.set(v.rater, v.label);
  const counts = new Map<string, number>();
  for (const label of byRater.values()) counts.set(label, (counts.get(label) ?? 0) + 1);
  let top = 0;
  for (const c of counts.values()) top = Math.max(top, c);
  const leaders = [...counts]
    .filter(([, c]) => c === top)
    .map(([l]) => l)
    .sort(compareStrings);
  if (leaders.length === 1) return { kind: 'agreed', label: leaders[0]!, votes: top, of: byRater.size };
  return { kind: 'tie', candidates: leaders, of: byRater.size };
}

export interface ItemConsensus {
  readonly item: string;
  readonly decision: LabelDecision;
}

/** Consensus per item for classification ratings; items rated by a single rater are not "overlapped" and are skipped. */
export function classificationConsensus(ratings: readonly Rating[]): ItemConsensus[] {
  const byItem = new Map<string, Vote[]>();
  for (const r of ratings) {
    let list = byItem.get(r.item);
    if (!list) byItem.set(r.item, (list = []));
    list.push(r);
  }
  const out: ItemConsensus[] = [];
  for (const [item, votes] of byItem) {
    const decision = majorityLabel(votes);
    if (decision.of >= 2) out.push({ item, decision });
  }
  return out.sort((a, b) => compareStrings(a.item, b.item));
}

export interface AnnotatorShapes<S> {
  readonly annotator: string;
  readonly shapes: readonly S[];
}

/** One object several annotators drew: its members, and what the vote made of it. */
export interface Cluster<S> {
  readonly members: readonly { readonly annotator: string; readonly shape: S }[];
  /** 'kept': in the consensus; 'dropped': drawn by fewer than half; 'tie': needs a lead. */
  readonly status: 'kept' | 'dropped' | 'tie';
  /** For a kept cluster, its label decision (a label tie makes the cluster status 'tie'). */
  readonly decision: LabelDecision;
  /** A kept cluster's representative: the member with the winning label that overlaps the others most. */
  readonly representative: S | null;
}

export interface ConsensusResult<S> {
  readonly clusters: readonly Cluster<S>[];
  /** True when any cluster is a tie: the item becomes an adjudication task. */
  readonly needsAdjudication: boolean;
}

type Member<S> = { annotator: string; shape: S; cluster: number };

/**
 * Clusters by a similarity in [0, 1] (`joinAt` or more joins), one member per annotator per cluster,
 * then votes. Generic so shapes (IoU) and spans (exact match = 1) share the rule.
 */
function clusterAndVote<S extends { readonly label: string }>(
  input: readonly AnnotatorShapes<S>[],
  similarity: (a: S, b: S) => number,
  joinAt: number,
  idOf: (s: S) => string,
): ConsensusResult<S> {
  const annotators = new Set(input.map((a) => a.annotator)).size;
  const members: Member<S>[] = [];
  for (const a of [...input].sort((x, y) => compareStrings(x.annotator, y.annotator))) {
    for (const shape of [...a.shapes].sort((x, y) => compareStrings(idOf(x), idOf(y))))
      members.push({ annotator: a.annotator, shape, cluster: members.length });
  }
  const sim: number[][] = members.map(() => []);
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      if (members[i]!.annotator === members[j]!.annotator) continue;
      const s = similarity(members[i]!.shape, members[j]!.shape);
      sim[i]![j] = sim[j]![i] = s;
      if (s >= joinAt) pairs.push([s, i, j]);
    }
  }
  // Most similar first; ties by index so the result is deterministic.
  pairs.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
  const clusterOf = members.map((_, i) => i);
  const groups = new Map<number, number[]>(members.map((_, i) => [i, [i]]));
  for (const [, i, j] of pairs) {
    const ci = clusterOf[i]!;
    const cj = clusterOf[j]!;
    if (ci === cj) continue;
    const gi = groups.get(ci)!;
    const gj = groups.get(cj)!;
    const annotatorsI = new Set(gi.map((m) => members[m]!.annotator));
    if (gj.some((m) => annotatorsI.has(members[m]!.annotator))) continue; // one shape per annotator
    // Single linkage would chain drifting shapes; require every cross pair to meet the threshold.
    if (gi.some((a) => gj.some((b) => (sim[a]![b] ?? 0) < joinAt))) continue;
    for (const m of gj) clusterOf[m] = ci;
    gi.push(...gj);
    groups.delete(cj);
  }
  const clusters: Cluster<S>[] = [...groups.values()].map((idx) => {
    const ms = idx.map((m) => members[m]!);
    const decision = majorityLabel(ms.map((m) => ({ rater: m.annotator, label: m.shape.label })));
    const drawnBy = ms.length;
    const status: Cluster<S>['status'] = 2 * drawnBy < annotators ? 'dropped' : 2 * drawnBy === annotators || decision.kind === 'tie' ? 'tie' : 'kept';
    let representative: S | null = null;
    if (status === 'kept' && decision.kind === 'agreed') {
      let best = -1;
      for (const a of idx) {
        if (members[a]!.shape.label !== decision.label) continue;
        const total = idx.reduce((sum, b) => sum + (a === b ? 0 : (sim[a]![b] ?? 0)), 0);
        if (total > best) {
          best = total;
          representative = members[a]!.shape;
        }
      }
    }
    return { members: ms.map(({ annotator, shape }) => ({ annotator, shape })), status, decision, representative };
  });
  return { clusters, needsAdjudication: clusters.some((c) => c.status === 'tie') };
}

/** Shape consensus: clustered by IoU at the project's threshold. */
export function shapeConsensus<S extends MatchableShape>(input: readonly AnnotatorShapes<S>[], iouThreshold: number): ConsensusResult<S> {
  const prepared = new Map<S, ReturnType<typeof prepareShape>>();
  const prep = (s: S) => {
    let p = prepared.get(s);
    if (!p) prepared.set(s, (p = prepareShape(s)));
    return p;
  };
  return clusterAndVote(
    input,
    (a, b) => preparedShapeIoU(prep(a), prep(b)),
    iouThreshold - 1e-9,
    (s) => s.id,
  );
}

/** Span consensus: a cluster is spans with exactly the same start and end. */
export function spanConsensus<S extends ScoredSpan>(input: readonly AnnotatorShapes<S>[]): ConsensusResult<S> {
  return clusterAndVote(
    input,
    (a, b) => (a.start === b.start && a.end === b.end ? 1 : 0),
    1,
    (s) => `${String(s.start).padStart(12, '0')}:${String(s.end).padStart(12, '0')}:${s.label}`,
  );
}

/** Mean over annotator pairs of `f1(a, b)`; null with fewer than two annotators. */
function meanPairF1<S>(input: readonly AnnotatorShapes<S>[], f1: (a: readonly S[], b: readonly S[]) => number): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    for (let j = i + 1; j < input.length; j++) {
      sum += f1(input[i]!.shapes, input[j]!.shapes);
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}

/** Inter-annotator F1 of one item's shapes: IoU-matched within label, as gold scoring does. */
export function shapePairF1<S extends MatchableShape>(input: readonly AnnotatorShapes<S>[], iouThreshold: number): number | null {
  return meanPairF1(input, (a, b) => matchShapes(a, b, { iouThreshold }).f1);
}

/** Inter-annotator F1 of one item's spans: exact span match with the same label. */
export function spanPairF1<S extends ScoredSpan>(input: readonly AnnotatorShapes<S>[]): number | null {
  return meanPairF1(input, (a, b) => scoreSpans(a, b).exact.f1);
}
