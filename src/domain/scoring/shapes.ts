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
// equally good pairings is chosen) does not depend on the order the shapes arrived in.
import { polygonIntersectionArea } from '../geometry/clip.ts';
import { prepareShape, preparedShapeIoU, shapeArea, shapeToPolygon, type GeometryShape, type PreparedShape } from '../geometry/iou.ts';
import { hungarian } from './hungarian.ts';

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
}

const byId = (a: Entry, b: Entry): number => (a.shape.id < b.shape.id ? -1 : a.shape.id > b.shape.id ? 1 : 0);

function entries(shapes: readonly MatchableShape[]): Entry[] {
  // Array.prototype.sort is stable, so duplicate ids keep their input order.
  return shapes.map((shape) => ({ shape, prepared: prepareShape(shape) })).sort(byId);
}

interface Pair {
  readonly truth: Entry;
  readonly answer: Entry;
  readonly iou: number;
}

/**
 * The best one-to-one pairing of `truth` with `answer` among `eligible` pairs at or above the
 * threshold: most pairs first, then most total IoU (see the header).
 */
function bestPairs(truth: readonly Entry[], answer: readonly Entry[], threshold: number, eligible: (t: MatchableShape, a: MatchableShape) => boolean): Pair[] {
  if (truth.length === 0 || answer.length === 0) return [];
  const bonus = Math.min(truth.length, answer.length) + 1;
  const ious = truth.map((t) => answer.map((a) => (eligible(t.shape, a.shape) ? preparedShapeIoU(t.prepared, a.prepared) : 0)));
  const counts = (iou: number): boolean => iou > 0 && iou >= threshold - IOU_SLACK;
  const profit = ious.map((row) => row.map((iou) => (counts(iou) ? bonus + iou : 0)));
  return hungarian(profit, { maximize: true }).flatMap(([i, j]) => {
    const iou = ious[i]?.[j] ?? 0;
    const t = truth[i];
    const a = answer[j];
    return t && a && counts(iou) ? [{ truth: t, answer: a, iou }] : [];
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
