// One annotator's answer against one gold answer, as the dashboard needs it: the item's score,
// a score per label (for the heatmap) and (truth label, answered label) pairs (for the confusion
// matrix). Shapes use the Hungarian IoU matching, spans exact (start, end, label) F1, classes
// Jaccard — the scoring rules of DESIGN.md "Quality model".
import type { AnnotationPayload } from '../api/annotation.ts';
import { matchShapes } from '../scoring/shapes.ts';
import { scoreSpans, spanGoldScore } from '../text/span-scoring.ts';

/** The empty side of a confusion pair: a missed gold label, or an answer with no gold counterpart. */
export const NONE = '∅';

export interface PairScore {
  score: number;
  byLabel: Map<string, number>;
  confusion: Array<[truth: string, answer: string]>;
  /** Mean IoU of the matched shapes; null when the item has no shapes on either side. */
  meanIoU: number | null;
  /** Span F1 with overlap credit (same label, any overlap), kept beside the exact score; null without spans. */
  spanOverlapF1: number | null;
}

export function scorePair(truth: AnnotationPayload, answer: AnnotationPayload, iouThreshold: number): PairScore {
  const parts: number[] = [];
  const byLabel = new Map<string, number>();
  const confusion: Array<[string, string]> = [];
  let meanIoU: number | null = null;
  let spanOverlapF1: number | null = null;

  if (truth.shapes.length + answer.shapes.length > 0) {
    const m = matchShapes(truth.shapes, answer.shapes, { iouThreshold });
    parts.push(m.f1);
    meanIoU = m.meanIoU;
    for (const label of new Set([...truth.shapes, ...answer.shapes].map((s) => s.label))) {
      byLabel.set(
        label,
        matchShapes(
          truth.shapes.filter((s) => s.label === label),
          answer.shapes.filter((s) => s.label === label),
          { iouThreshold },
        ).f1,
      );
    }
    for (const x of m.matches) confusion.push([x.label, x.label]);
    const confusedT = new Set(m.confusions.map((c) => c.truthId));
    const confusedA = new Set(m.confusions.map((c) => c.answerId));
    for (const c of m.confusions) confusion.push([c.truthLabel, c.answerLabel]);
    const truthLabel = new Map(truth.shapes.map((s) => [s.id, s.label]));
    const answerLabel = new Map(answer.shapes.map((s) => [s.id, s.label]));
    for (const id of m.unmatchedTruth) if (!confusedT.has(id)) confusion.push([truthLabel.get(id) ?? NONE, NONE]);
    for (const id of m.unmatchedAnswer) if (!confusedA.has(id)) confusion.push([NONE, answerLabel.get(id) ?? NONE]);
  }

  if (truth.spans.length + answer.spans.length > 0) {
    parts.push(spanGoldScore(truth.spans, answer.spans));
    spanOverlapF1 = scoreSpans(truth.spans, answer.spans).overlap.f1;
    for (const label of new Set([...truth.spans, ...answer.spans].map((s) => s.label))) {
      byLabel.set(
        label,
        spanGoldScore(
          truth.spans.filter((s) => s.label === label),
          answer.spans.filter((s) => s.label === label),
        ),
      );
    }
    confusion.push(...spanConfusions(truth.spans, answer.spans));
  }

  if (truth.classes.length + answer.classes.length > 0) {
    const t = new Set(truth.classes);
    const a = new Set(answer.classes);
    const both = [...t].filter((c) => a.has(c));
    parts.push(both.length / new Set([...t, ...a]).size);
    for (const c of new Set([...t, ...a])) byLabel.set(c, t.has(c) && a.has(c) ? 1 : 0);
    const onlyT = [...t].filter((c) => !a.has(c));
    const onlyA = [...a].filter((c) => !t.has(c));
    for (const c of both) confusion.push([c, c]);
    // One wrong class for one right one reads as a confusion; anything else as missed / extra.
    if (onlyT.length === 1 && onlyA.length === 1) confusion.push([onlyT[0] as string, onlyA[0] as string]);
    else {
      for (const c of onlyT) confusion.push([c, NONE]);
      for (const c of onlyA) confusion.push([NONE, c]);
    }
  }

  // Both empty: "nothing to label here", answered as nothing: right.
  const score = parts.length === 0 ? 1 : parts.reduce((s, x) => s + x, 0) / parts.length;
  return { score, byLabel, confusion, meanIoU, spanOverlapF1 };
}

type LabelledSpan = { label: string; start: number; end: number };
/**
 * Exact hits first (same extent and label), then the left-overs of one extent paired as
 * confusions, the rest missed or extra. Pairing hits first matters when a project allows two
 * labels on one extent: otherwise a right answer could be paired with the wrong gold span.
 */
function spanConfusions(truth: readonly LabelledSpan[], answer: readonly LabelledSpan[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const extent = (s: LabelledSpan) => `${s.start}:${s.end}`;
  const open = new Map<string, LabelledSpan[]>();
  for (const a of answer) open.set(`${extent(a)}:${a.label}`, [...(open.get(`${extent(a)}:${a.label}`) ?? []), a]);
  const missed: LabelledSpan[] = [];
  for (const t of truth) {
    const hit = open.get(`${extent(t)}:${t.label}`)?.pop();
    if (hit) out.push([t.label, t.label]);
    else missed.push(t);
  }
  const extra = new Map<string, LabelledSpan[]>();
  for (const list of open.values()) for (const a of list) extra.set(extent(a), [...(extra.get(extent(a)) ?? []), a]);
  for (const t of missed) {
    const a = extra.get(extent(t))?.pop();
    out.push([t.label, a ? a.label : NONE]);
  }
  for (const list of extra.values()) for (const a of list) out.push([NONE, a.label]);
  return out;
}
