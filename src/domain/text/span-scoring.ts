// Gold scoring of text spans (DESIGN.md, "Quality model"): the item's score is the F1 of exact
// (start, end, label) matches; overlap credit is reported beside it so a lead can tell "missed
// the entity" from "took one word too many".
//
// Exact: truth and answer are multisets of (start, end, label); a match pairs one truth span with
// one identical answer span, so a span tagged twice matches once and the copy counts against
// precision.
//
// Overlap (our choice, documented here because several exist): character-level F1 per label,
// pooled over labels (micro). For each label, take the code points covered by its truth spans and
// those covered by its answer spans (as sets: a code point covered twice counts once); true
// positives are code points in both, precision = shared / answer-covered, recall = shared /
// truth-covered. It gives partial credit in proportion to how much text agrees, needs no
// tokenizer (so it means the same for Japanese as for English), and an answer on the right text
// with the wrong label earns nothing. Long spans weigh more than short ones, by design: they hold
// more text. Computed from merged intervals, O(n log n), independent of the text's length.
//
// Conventions, as for shapes (scoring/shapes.ts): both sides empty is perfect (1, 1, 1); one side
// empty is a total miss (0). Empty spans (start ≥ end) cover no characters.

export type ScoredSpan = { readonly label: string; readonly start: number; readonly end: number };

export interface PRF {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface SpanScores {
  readonly exact: PRF;
  readonly overlap: PRF;
}

/** P/R/F1 from counts with the conventions above. */
function prf(shared: number, truthTotal: number, answerTotal: number): PRF {
  if (truthTotal === 0 && answerTotal === 0) return { precision: 1, recall: 1, f1: 1 };
  return {
    precision: answerTotal === 0 ? 0 : shared / answerTotal,
    recall: truthTotal === 0 ? 0 : shared / truthTotal,
    f1: (2 * shared) / (truthTotal + answerTotal),
  };
}

function exactScores(truth: readonly ScoredSpan[], answer: readonly ScoredSpan[]): PRF {
  // JSON keys are unambiguous whatever characters a label holds.
  const key = (s: ScoredSpan): string => JSON.stringify([s.start, s.end, s.label]);
  const left = new Map<string, number>();
  for (const t of truth) left.set(key(t), (left.get(key(t)) ?? 0) + 1);
  let shared = 0;
  for (const a of answer) {
    const k = key(a);
    const n = left.get(k) ?? 0;
    if (n > 0) {
      shared++;
      left.set(k, n - 1);
    }
  }
  return prf(shared, truth.length, answer.length);
}

type Interval = readonly [number, number];

/** Per label, the union of the spans as disjoint ascending intervals. */
function coverage(spans: readonly ScoredSpan[]): Map<string, Interval[]> {
  const byLabel = new Map<string, Interval[]>();
  for (const s of spans) {
    if (!(s.end > s.start)) continue;
    const list = byLabel.get(s.label) ?? [];
    list.push([s.start, s.end]);
    byLabel.set(s.label, list);
  }
  for (const [label, list] of byLabel) {
    list.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const [start, end] of list) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    byLabel.set(label, merged);
  }
  return byLabel;
}

const total = (list: readonly Interval[]): number => list.reduce((sum, [a, b]) => sum + (b - a), 0);

/** Length of the intersection of two disjoint ascending interval lists (two-pointer merge). */
function sharedLength(a: readonly Interval[], b: readonly Interval[]): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const [a0, a1] = a[i]!;
    const [b0, b1] = b[j]!;
    shared += Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
    if (a1 <= b1) i++;
    else j++;
  }
  return shared;
}

function overlapScores(truth: readonly ScoredSpan[], answer: readonly ScoredSpan[]): PRF {
  const t = coverage(truth);
  const a = coverage(answer);
  let truthTotal = 0;
  let answerTotal = 0;
  let shared = 0;
  for (const list of t.values()) truthTotal += total(list);
  for (const [label, list] of a) {
    answerTotal += total(list);
    shared += sharedLength(t.get(label) ?? [], list);
  }
  return prf(shared, truthTotal, answerTotal);
}

/** Exact-match and character-overlap precision, recall and F1 of `answer` against `truth`. */
export function scoreSpans(truth: readonly ScoredSpan[], answer: readonly ScoredSpan[]): SpanScores {
  return { exact: exactScores(truth, answer), overlap: overlapScores(truth, answer) };
}

/** The gold score of one text item in [0, 1]: the exact-match F1 (DESIGN.md). */
export function spanGoldScore(truth: readonly ScoredSpan[], answer: readonly ScoredSpan[]): number {
  return exactScores(truth, answer).f1;
}
