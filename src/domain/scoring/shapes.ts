// Gold scoring of boxes and polygons (DESIGN.md, "Quality model"): an optimal one-to-one matching
// of truth shapes to answer shapes by IoU, within each label, via the Hungarian method; a pair is a
// match only at IoU >= the project's threshold; the item's score is the F1 of the matches.
//
// What "optimal" means here: the matching with the MOST pairs at or above the threshold, and among
// those the largest total IoU. Maximising plain total IoU is not the same thing: with threshold
// 0.5, two pairs at 0.99 (total 1.98) would beat three pairs at 0.55 (total 1.65) and cost the
// annotator a match, hence F1. Both goals fit in one profit matrix: a counted pair is worth
// BONUS + IoU with BONUS larger than any possible IoU total, an uncounted pair 0.
//
// Ignore regions (a COCO crowd, a mask kept without an outline: shape.ignore) are not truth to
// find: they are taken out of the truth, and an answer shape left unmatched that lies mostly
// inside an ignore region of its label (the share of ITS area inside, at or above the threshold —
// COCO's crowd rule) is taken out of the answer: drawing a crowd neither scores nor costs.
//
// Determinism: shapes are put in id order before matching, so the result (including which of two
// equally good pairings is chosen) does not depend on the order the shapes arrived in. Which of
// equally good pairings that is follows from solving each group of overlapping shapes alone
// (bestPairs): F1 and mean IoU are the whole matrix's, the pairs named among equals may not be.
import { polygonIntersectionArea } from '../geometry/clip.ts';
import { prepareShape, preparedShapeIoU, shapeArea, shapeToPolygon, type GeometryShape, type PreparedShape } from '../geometry/iou.ts';
import { hungarian } from './hungarian.ts';
import { boundsOf, forEachOverlap, type Bounds } from '../geometry/overlapping-pairs.ts';

/** A shape as scoring sees it: geometry plus the wire fields matching needs (more are allowed). */
export type MatchableShape = GeometryShape & { readonly id: string; readonly label: string; readonly ignore?: boolean | undefined };

export interface ShapeMatchOptions {
  /** A pair counts as a match when its IoU is at least this, in (0, 1]. */
  readonly iouThreshold: number;
}

export interface ShapeMatch {
  readonly truthId: string;
  readonly answerId: string;
  readonly label: string;
  readonly iou: number;
}

/** An answer shape that sits on a truth shape (IoU >= threshold) but carries another label. */
export interface ShapeConfusion {
  readonly truthId: string;
  readonly answerId: string;
  readonly truthLabel: string;
  readonly answerLabel: string;
  readonly iou: number;
}

export interface ShapeMatchResult {
  /** Sorted by truth id. */
  readonly matches: ShapeMatch[];
  /** Ids of truth shapes with no match (missed), sorted. */
  readonly unmatchedTruth: string[];
  /** Ids of answer shapes with no match (spurious or mislabelled), sorted. */
  readonly unmatchedAnswer: string[];
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Mean IoU of the matches (1 when both sides are empty, 0 when nothing matched). */
  readonly meanIoU: number;
  /** Mislabellings among the unmatched shapes, found by a second matching across labels. */
  readonly confusions: ShapeConfusion[];
}

// IoU of the same geometry computed two ways (box formula, polygon clipping) can differ in the
// last bits; a pair exactly at the threshold must not fail on that noise.
const IOU_SLACK = 1e-9;

interface Entry {
  readonly shape: MatchableShape;
  readonly prepared: PreparedShape;
  readonly bounds: Bounds;
}

const byId = (a: Entry, b: Entry): number => (a.shape.id < b.shape.id ? -1 : a.shape.id > b.shape.id ? 1 : 0);

function entries(shapes: readonly MatchableShape[]): Entry[] {
  // Array.prototype.sort is stable, so duplicate ids keep their input order.
  return shapes.map((shape) => ({ shape, prepared: prepareShape(shape), bounds: boundsOf(shape) })).sort(byId);
}

interface Pair {
  readonly truth: Entry;
  readonly answer: Entry;
  readonly iou: number;
}

/**
 * The best one-to-one pairing of `truth` with `answer` among `eligible` pairs at or above the
 * threshold: most pairs first, then most total IoU (see the header).
 *
 * The Hungarian method is cubic in its matrix, and one matrix of every truth shape by every answer
 * shape made an answer of 1,000 boxes cost seconds to score. So:
 * - only pairs whose bounds overlap are looked at (any other pair has IoU 0);
 * - the counted pairs fall into groups that share no shape (connected components), and the best
 *   pairing of the whole is the best pairing of each group, so each is solved alone;
 * - in a group with r shapes on its smaller side, each of those keeps only its r best partners:
 *   if one were paired outside them, one of its r best is free (the other r − 1 take at most
 *   r − 1 of them) and at least as good, so some best pairing uses only those. A pile of 10,000
 *   answer boxes on 20 truth boxes is then a 20 × 400 matrix, not 20 × 10,000.
 */
function bestPairs(truth: readonly Entry[], answer: readonly Entry[], threshold: number, eligible: (t: MatchableShape, a: MatchableShape) => boolean): Pair[] {
  if (truth.length === 0 || answer.length === 0) return [];
  // Counted pairs as parallel arrays (a pile of shapes has a pair for each two of them).
  const edgeT: number[] = [];
  const edgeA: number[] = [];
  const edgeIoU: number[] = [];
  forEachOverlap(
    truth.map((e) => e.bounds),
    answer.map((e) => e.bounds),
    (t, a) => {
      const te = truth[t]!;
      const ae = answer[a]!;
      if (!eligible(te.shape, ae.shape)) return;
      const iou = preparedShapeIoU(te.prepared, ae.prepared);
      if (!(iou > 0 && iou >= threshold - IOU_SLACK)) return;
      edgeT.push(t);
      edgeA.push(a);
      edgeIoU.push(iou);
    },
  );
  if (edgeT.length === 0) return [];
  // Groups: truth shape t is node t, answer shape a is node truth.length + a.
  const parent = Array.from({ length: truth.length + answer.length }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let e = 0; e < edgeT.length; e++) parent[root(edgeT[e]!)] = root(truth.length + edgeA[e]!);
  const groups = new Map<number, number[]>();
  for (let e = 0; e < edgeT.length; e++) {
    const r = root(edgeT[e]!);
    const g = groups.get(r);
    if (g) g.push(e);
    else groups.set(r, [e]);
  }
  return [...groups.values()].flatMap((edges) => bestPairsOfGroup(truth, answer, edges, edgeT, edgeA, edgeIoU));
}

/** The `keep` edges of `list` with the highest IoU; of equal ones, those to the lower index. */
function bestEdges(list: number[], keep: number, edgeIoU: number[], other: number[]): number[] {
  // The keep-th highest IoU by a numeric sort of the values alone (a pile has thousands per shape).
  const values = Float64Array.from(list, (e) => edgeIoU[e]!).sort();
  const cut = values[values.length - keep]!;
  const above = list.filter((e) => edgeIoU[e]! > cut);
  const at = list.filter((e) => edgeIoU[e] === cut).sort((x, y) => other[x]! - other[y]!);
  return [...above, ...at.slice(0, keep - above.length)];
}

/** The best pairing within one group of counted pairs (edge indices into the parallel arrays). */
function bestPairsOfGroup(truth: readonly Entry[], answer: readonly Entry[], edges: number[], edgeT: number[], edgeA: number[], edgeIoU: number[]): Pair[] {
  const nT = new Set(edges.map((e) => edgeT[e]!)).size;
  const nA = new Set(edges.map((e) => edgeA[e]!)).size;
  // Each shape of the smaller side keeps its `keep` best partners (ties: the lower index, so by id).
  const keep = Math.min(nT, nA);
  const side = nT <= nA ? edgeT : edgeA;
  const other = nT <= nA ? edgeA : edgeT;
  const bySide = new Map<number, number[]>();
  for (const e of edges) {
    const list = bySide.get(side[e]!);
    if (list) list.push(e);
    else bySide.set(side[e]!, [e]);
  }
  const kept = [...bySide.values()].flatMap((list) => (list.length <= keep ? list : bestEdges(list, keep, edgeIoU, other)));
  // Rows and columns in index order (so in id order: the pairing chosen among equals is deterministic).
  const rows = [...new Set(kept.map((e) => edgeT[e]!))].sort((x, y) => x - y);
  const cols = [...new Set(kept.map((e) => edgeA[e]!))].sort((x, y) => x - y);
  const row = new Map(rows.map((t, i) => [t, i]));
  const col = new Map(cols.map((a, j) => [a, j]));
  const ious = rows.map(() => new Array<number>(cols.length).fill(0));
  for (const e of kept) ious[row.get(edgeT[e]!)!]![col.get(edgeA[e]!)!] = edgeIoU[e]!;
  // A counted pair is worth more than any total of IoUs (most pairs first), an uncounted one 0.
  const bonus = Math.min(rows.length, cols.length) + 1;
  const profit = ious.map((r) => r.map((iou) => (iou > 0 ? bonus + iou : 0)));
  return hungarian(profit, { maximize: true }).flatMap(([i, j]) => {
    const iou = ious[i]?.[j] ?? 0;
    return iou > 0 ? [{ truth: truth[rows[i]!]!, answer: answer[cols[j]!]!, iou }] : [];
  });
}

/** The share of `shape`'s area inside `region`, in [0, 1]. */
function shareInside(shape: MatchableShape, region: MatchableShape): number {
  const area = shapeArea(shape);
  return area > 0 ? polygonIntersectionArea(shapeToPolygon(shape), shapeToPolygon(region)) / area : 0;
}

export function matchShapes(allTruth: readonly MatchableShape[], allAnswer: readonly MatchableShape[], options: ShapeMatchOptions): ShapeMatchResult {
  const threshold = options.iouThreshold;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`iouThreshold must be in (0, 1], got ${threshold}`);
  const ignored = allTruth.filter((s) => s.ignore);
  const truth = ignored.length ? allTruth.filter((s) => !s.ignore) : allTruth;
  const answer = allAnswer.filter((s) => !s.ignore);
  if (ignored.length) {
    // Answers only an ignore region explains: matched first against the real truth, so an
    // answer that finds a real object inside a crowd still counts.
    const first = matchShapes(truth, answer, options);
    const unmatched = new Set(first.unmatchedAnswer);
    const dropped = new Set(
      answer.filter((a) => unmatched.has(a.id) && ignored.some((r) => r.label === a.label && shareInside(a, r) >= threshold - IOU_SLACK)),
    );
    if (dropped.size === 0) return first;
    return matchShapes(
      truth,
      answer.filter((a) => !dropped.has(a)),
      options,
    );
  }
  const truthEntries = entries(truth);
  const answerEntries = entries(answer);

  // Pass 1: within each label.
  const labels = [...new Set([...truthEntries, ...answerEntries].map((e) => e.shape.label))].sort();
  const matched = labels.flatMap((label) =>
    bestPairs(
      truthEntries.filter((e) => e.shape.label === label),
      answerEntries.filter((e) => e.shape.label === label),
      threshold,
      () => true,
    ),
  );
  const matchedTruth = new Set(matched.map((p) => p.truth));
  const matchedAnswer = new Set(matched.map((p) => p.answer));
  const leftTruth = truthEntries.filter((e) => !matchedTruth.has(e));
  const leftAnswer = answerEntries.filter((e) => !matchedAnswer.has(e));

  // Pass 2: what is left, across labels only — an answer on top of a truth shape but labelled
  // differently is a confusion (truthLabel -> answerLabel), worth reporting per label to leads.
  const confused = bestPairs(leftTruth, leftAnswer, threshold, (t, a) => t.label !== a.label);

  const nTruth = truth.length;
  const nAnswer = answer.length;
  const n = matched.length;
  const bothEmpty = nTruth === 0 && nAnswer === 0;
  // Conventions: nothing to find and nothing found is perfect; one side empty is a total miss.
  const precision = bothEmpty ? 1 : nAnswer === 0 ? 0 : n / nAnswer;
  const recall = bothEmpty ? 1 : nTruth === 0 ? 0 : n / nTruth;
  const f1 = bothEmpty ? 1 : (2 * n) / (nTruth + nAnswer);
  const meanIoU = n > 0 ? matched.reduce((s, p) => s + p.iou, 0) / n : bothEmpty ? 1 : 0;

  const byTruth = (a: Pair, b: Pair): number => byId(a.truth, b.truth) || byId(a.answer, b.answer);
  return {
    matches: matched.sort(byTruth).map((p) => ({ truthId: p.truth.shape.id, answerId: p.answer.shape.id, label: p.truth.shape.label, iou: p.iou })),
    unmatchedTruth: leftTruth.map((e) => e.shape.id),
    unmatchedAnswer: leftAnswer.map((e) => e.shape.id),
    precision,
    recall,
    f1,
    meanIoU,
    confusions: confused.sort(byTruth).map((p) => ({
      truthId: p.truth.shape.id,
      answerId: p.answer.shape.id,
      truthLabel: p.truth.shape.label,
      answerLabel: p.answer.shape.label,
      iou: p.iou,
    })),
  };
}

/** The gold score of one image item in [0, 1]: the F1 of the IoU matching. */
export function scoreShapes(truth: readonly MatchableShape[], answer: readonly MatchableShape[], options: ShapeMatchOptions): number {
  return matchShapes(truth, answer, options).f1;
}
