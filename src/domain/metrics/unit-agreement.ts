// Per-label agreement for SHAPES and SPANS. Class labels are one rating per item and
// annotator, so kappa and alpha apply directly; shapes and spans are sets, so first we need the
// "units" the annotators rated.
//
// Definition (chosen so every class-label statistic carries over unchanged):
// 1. Units. On each item answered by ≥ 2 annotators where anyone drew a shape (or marked a span),
//    the shapes of different annotators are clustered exactly as the consensus does (consensus.ts:
//    one shape per annotator per cluster, complete linkage at the project's IoU threshold, most
//    overlapping pairs first, across labels; spans: identical start and end). Each cluster is one
//    unit: one object that at least one annotator saw.
// 2. Ratings. Every annotator who answered the item rates every unit of it: the label of their
//    shape in the cluster, or NO_SHAPE (NO_SPAN) when they drew nothing there. So "missed it" is a
//    category, not a missing rating: an annotator who answered with an empty image disagrees with
//    one who drew a car.
// 3. Statistics. These unit ratings go through the class-label functions: per-label one-vs-rest
//    Krippendorff's alpha (nominal) and Fleiss' kappa, confused pairs (label A and label B on the
//    same object; or A against NO_SHAPE: drawn by one, not seen by another), and the disagreement
//    share per ITEM (rater pairs disagreeing, summed over the item's units, over all its unit pairs).
// Properties (tested): identical annotators give alpha 1 (or "no variation"); the result does not
// depend on the order in which annotators or their shapes are given.
// Alternative considered: pairwise per-label F1. It cannot be corrected for chance and does not say
// which label a shape was confused with; the matched-unit alpha does both and stays comparable with
// the class-label alpha on the same screen.
import { confusionPairs, perLabelAgreement, type ConfusionPair, type ItemDisagreement, type LabelAgreement } from './disagreement.ts';
import { shapeConsensus, spanConsensus, type AnnotatorShapes } from './consensus.ts';
import { encodeRatings, compareStrings, ItemCounts, type EncodedRatings, type Rating } from './ratings.ts';
import { topK } from './top.ts';
import type { MatchableShape } from '../scoring/shapes.ts';
import type { ScoredSpan } from '../text/span-scoring.ts';

/** Not valid label ids (those are lower-case slugs), so they never collide with a real label. */
export const NO_SHAPE = '(no shape)';
export const NO_SPAN = '(no span)';

/** A unit's item id: the real item id, a separator that ids never contain, the unit's index. */
const UNIT_SEP = '\u0001';
export const unitId = (item: string, unit: number): string => `${item}${UNIT_SEP}${unit}`;
export const itemOfUnit = (unit: string): string => unit.slice(0, unit.indexOf(UNIT_SEP));

export interface ItemAnswers<S> {
  readonly item: string;
  /** Every annotator who answered the item, with what they drew (possibly nothing). */
  readonly answers: readonly AnnotatorShapes<S>[];
}

/** One rating of one unit of an item: the unit's index on the item, who rated it, which label. */
export interface ItemUnitRating {
  readonly unit: number;
  readonly rater: string;
  readonly label: string;
}

type Clusterer<S> = (answers: readonly AnnotatorShapes<S>[]) => readonly { readonly members: readonly { readonly annotator: string; readonly shape: S }[] }[];

/** The unit ratings of ONE item (units in canonical order, raters sorted); none below 2 annotators or without shapes. */
function itemUnitRatings<S extends { readonly label: string }>(answers: readonly AnnotatorShapes<S>[], cluster: Clusterer<S>, none: string): ItemUnitRating[] {
  const annotators = [...new Set(answers.map((a) => a.annotator))].sort(compareStrings);
  if (annotators.length < 2 || !answers.some((a) => a.shapes.length > 0)) return [];
  // Units in a canonical order (by their members), so unit ids do not depend on input order.
  const keyed = cluster(answers).map((c) => ({
    c,
    key: c.members
      .map((m) => `${m.annotator}:${m.shape.label}`)
      .sort(compareStrings)
      .join('|'),
  }));
  keyed.sort((a, b) => compareStrings(a.key, b.key));
  const out: ItemUnitRating[] = [];
  keyed.forEach(({ c }, unit) => {
    const byAnnotator = new Map(c.members.map((m) => [m.annotator, m.shape.label]));
    for (const rater of annotators) out.push({ unit, rater, label: byAnnotator.get(rater) ?? none });
  });
  return out;
}

/** One item's shape units, matched by IoU at `iouThreshold` (see the header). */
export function itemShapeUnits<S extends MatchableShape>(answers: readonly AnnotatorShapes<S>[], iouThreshold: number): ItemUnitRating[] {
  return itemUnitRatings(answers, (a) => shapeConsensus(a, iouThreshold).clusters, NO_SHAPE);
}

/** One item's span units, matched on identical offsets (see the header). */
export function itemSpanUnits<S extends ScoredSpan>(answers: readonly AnnotatorShapes<S>[]): ItemUnitRating[] {
  return itemUnitRatings(answers, (a) => spanConsensus(a).clusters, NO_SPAN);
}

const unitRatings = (item: string, units: readonly ItemUnitRating[]): Rating[] =>
  units.map((u) => ({ item: unitId(item, u.unit), rater: u.rater, label: u.label }));

/** Unit ratings of shapes, matched by IoU at `iouThreshold` (see the header). */
export function shapeUnitRatings<S extends MatchableShape>(items: Iterable<ItemAnswers<S>>, iouThreshold: number): Rating[] {
  return [...items].flatMap(({ item, answers }) => unitRatings(item, itemShapeUnits(answers, iouThreshold)));
}

/** Unit ratings of spans, matched on identical offsets (see the header). */
export function spanUnitRatings<S extends ScoredSpan>(items: Iterable<ItemAnswers<S>>): Rating[] {
  return [...items].flatMap(({ item, answers }) => unitRatings(item, itemSpanUnits(answers)));
}

export interface UnitAgreement {
  /** Per real label (the "no shape" category is not a guideline label and has no row). */
  readonly perLabel: LabelAgreement[];
  /** Label pairs confused on the same object, NO_SHAPE / NO_SPAN included; counts are rater pairs. */
  readonly confused: ConfusionPair[];
  /** Per real item, most disagreement first. */
  readonly items: ItemDisagreement[];
}

/** Agreement views over unit ratings; `minItems` counts units. */
export function unitAgreement(
  ratings: readonly Rating[] | EncodedRatings,
  none: string,
  opts: { readonly minItems?: number; readonly limit?: number } = {},
): UnitAgreement {
  const enc = 'kind' in ratings ? ratings : encodeRatings(ratings);
  return {
    perLabel: perLabelAgreement(enc, { minItems: opts.minItems ?? 10 }).filter((p) => p.label !== none),
    confused: confusionPairs(enc, opts.limit === undefined ? {} : { limit: opts.limit }),
    items: itemDisagreementByItem(enc, opts.limit),
  };
}

/** Disagreement per real item: disagreeing rater pairs over all rater pairs, summed over its units. */
function itemDisagreementByItem(enc: EncodedRatings, limit: number | undefined): ItemDisagreement[] {
  const acc = new Map<string, { item: string; raters: number; pairs: number; dis: number; units: number[] }>();
  const counts = new ItemCounts(enc);
  for (let u = 0; u < enc.items.length; u++) {
    counts.load(u);
    const m = counts.m;
    if (m < 2) continue;
    const item = itemOfUnit(enc.items[u]!);
    let e = acc.get(item);
    if (!e) acc.set(item, (e = { item, raters: 0, pairs: 0, dis: 0, units: [] }));
    const agreeing = counts.agreeingPairs();
    const pairs = (m * (m - 1)) / 2;
    e.raters = Math.max(e.raters, m);
    e.pairs += pairs;
    e.dis += pairs - agreeing;
    e.units.push(u);
  }
  const order = (a: { item: string; raters: number; pairs: number; dis: number }, b: typeof a) =>
    b.dis / b.pairs - a.dis / a.pairs || b.raters - a.raters || compareStrings(a.item, b.item);
  const rows = limit === undefined ? [...acc.values()].sort(order) : topK(acc.values(), limit, order);
  // Label counts only for the items listed.
  return rows.map((e) => {
    const labels = new Map<string, number>();
    for (const u of e.units) {
      counts.load(u);
      for (let t = 0; t < counts.distinct; t++) {
        const l = counts.touched[t]!;
        labels.set(enc.labels[l]!, (labels.get(enc.labels[l]!) ?? 0) + counts.count[l]!);
      }
    }
    return {
      item: e.item,
      raters: e.raters,
      pairs: e.pairs,
      disagreeingPairs: e.dis,
      share: e.dis / e.pairs,
      labels: [...labels].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || compareStrings(a.label, b.label)),
    };
  });
}
