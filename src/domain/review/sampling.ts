// The review stage's sample: a set share of live labels goes to a reviewer, weighted
// towards annotators with lower gold accuracy. Weighting by the odds of being wrong relative to the
// project's target keeps the base rate for an annotator at the target, doubles it for one who is
// wrong twice as often, and never drops a proven annotator below a quarter of it — every
// annotator stays sampled, so a decline still shows.

/** What the sample knows of an annotator: their gold points scored and gold items counted. */
export interface GoldRecord {
  correct: number;
  n: number;
}

/** Pseudo-observations at the target accuracy: a newcomer with two golds is not judged yet. */
export const PRIOR_WEIGHT = 5;
export const MIN_WEIGHT = 0.25;
export const MAX_WEIGHT = 4;

/** The annotator's accuracy, pulled towards the target by PRIOR_WEIGHT pseudo-observations. */
export function smoothedAccuracy(record: GoldRecord | null, target: number): number {
  const correct = Math.max(0, Math.min(record?.correct ?? 0, record?.n ?? 0));
  const n = Math.max(0, record?.n ?? 0);
  return (correct + target * PRIOR_WEIGHT) / (n + PRIOR_WEIGHT);
}

/** How much more (or less) than the base rate this annotator is reviewed, in [MIN_WEIGHT, MAX_WEIGHT]. */
export function reviewWeight(record: GoldRecord | null, target: number): number {
  const t = Math.min(Math.max(target, 0), 0.99);
  const errorRate = 1 - smoothedAccuracy(record, t);
  return Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, errorRate / (1 - t)));
}

/** The probability that one live submission is sampled for review; 0 when the stage is off, 1 at rate 1 (review everything). */
export function reviewProbability(rate: number, record: GoldRecord | null, target: number): number {
  if (!(rate > 0)) return 0;
  if (rate >= 1) return 1;
  return Math.min(1, rate * reviewWeight(record, target));
}
