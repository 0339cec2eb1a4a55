// One item's part in the agreement report: everything the report needs from the item's
// current answers, worked out once when the answers change instead of on every report. The costly
// part of a report is per item — reading the answers, clustering shapes into units by IoU, pairwise
// F1 — while the statistics over all items are linear scans over integers (ratings.ts). So the
// server keeps one summary per item (agreement/agreement-items.ts) and the report only sums them.
//
// The summary is a function of the item's answers and the IoU threshold alone: it holds raters and
// guideline versions as ids, units in canonical order (unit-agreement.ts), and no statistic that
// depends on other items. `agreementReport(answers)` is exactly `agreementReportOf` over the
// summaries of its items (agreement-report.ts), so both paths give one report.
import type { AnnotationPayload } from '../api/annotation.ts';
import { shapePairF1, spanPairF1 } from './consensus.ts';
import { compareStrings } from './ratings.ts';
import { itemShapeUnits, itemSpanUnits, type ItemUnitRating } from './unit-agreement.ts';

/** A unit rating within the item: the unit's index, the rating answer's index in `answers`, the label. */
export interface UnitRating {
  readonly unit: number;
  readonly answer: number;
  readonly label: string;
}

/** One annotator's current answer on the item. */
export interface ItemAnswer {
  readonly annotatorId: string;
  readonly versionId: string;
  readonly payload: AnnotationPayload;
}

export interface ItemAgreement {
  readonly item: string;
  /** Each answer: who, under which guideline version, and the class set as one label ("a+b"; null: no classes). */
  readonly answers: readonly { readonly rater: string; readonly version: string; readonly classes: string | null }[];
  /** Unit ratings of the item's shapes and spans (unit-agreement.ts); empty when there are none to match. */
  readonly shapes: readonly UnitRating[];
  readonly spans: readonly UnitRating[];
  /** Mean pairwise F1 of shapes and spans; null when the item does not count (one annotator, or nothing drawn). */
  readonly f1: number | null;
}

/** A class set as one rating label; one class (single-choice projects: nearly every answer) needs no sorting. */
const classLabel = (c: readonly string[]): string | null => (c.length === 0 ? null : c.length === 1 ? c[0]! : [...new Set(c)].sort(compareStrings).join('+'));

export function itemAgreement(item: string, answers: readonly ItemAnswer[], iouThreshold: number): ItemAgreement {
  const out = { item, answers: answers.map((a) => ({ rater: a.annotatorId, version: a.versionId, classes: classLabel(a.payload.classes) })) };
  const hasShapes = answers.some((a) => a.payload.shapes.length > 0);
  const hasSpans = answers.some((a) => a.payload.spans.length > 0);
  if (answers.length < 2 || !(hasShapes || hasSpans)) return { ...out, shapes: [], spans: [], f1: null };
  const shapes = answers.map((a) => ({ annotator: a.annotatorId, shapes: a.payload.shapes }));
  const spans = answers.map((a) => ({ annotator: a.annotatorId, shapes: a.payload.spans }));
  const answerOf = new Map(answers.map((a, i) => [a.annotatorId, i]));
  const byAnswer = (units: readonly ItemUnitRating[]) => units.map((u) => ({ unit: u.unit, answer: answerOf.get(u.rater)!, label: u.label }));
  const shapeF1 = hasShapes ? shapePairF1(shapes, iouThreshold)! : 0;
  const spanF1 = hasSpans ? spanPairF1(spans)! : 0;
  return {
    ...out,
    shapes: hasShapes ? byAnswer(itemShapeUnits(shapes, iouThreshold)) : [],
    spans: hasSpans ? byAnswer(itemSpanUnits(spans)) : [],
    f1: hasShapes && hasSpans ? (shapeF1 + spanF1) / 2 : hasShapes ? shapeF1 : spanF1,
  };
}

// Stored form: one JSON array per item, positional to keep 100,000 of them small to read:
// [item, f1, [[rater, version, classes], …], [[unit, answer, label], …] (shapes), (spans)].
type Stored = [string, number | null, [string, string, string | null][], [number, number, string][], [number, number, string][]];

export function encodeItemAgreement(x: ItemAgreement): string {
  const units = (us: readonly UnitRating[]) => us.map((u): [number, number, string] => [u.unit, u.answer, u.label]);
  const stored: Stored = [x.item, x.f1, x.answers.map((a) => [a.rater, a.version, a.classes]), units(x.shapes), units(x.spans)];
  return JSON.stringify(stored);
}

/** Decodes encoded summaries joined with commas (what the server reads in one string per chunk of items). */
export function decodeItemAgreements(joined: string): ItemAgreement[] {
  const units = (us: Stored[3]) => us.map(([unit, answer, label]) => ({ unit, answer, label }));
  return (JSON.parse(`[${joined}]`) as Stored[]).map(([item, f1, answers, shapes, spans]) => ({
    item,
    f1,
    answers: answers.map(([rater, version, classes]) => ({ rater, version, classes })),
    shapes: units(shapes),
    spans: units(spans),
  }));
}
