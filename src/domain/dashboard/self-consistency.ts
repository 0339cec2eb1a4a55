// Self-consistency (hidden repeats): an annotator's answer to a hidden repeat of an item
// against their own earlier answer to it, with the gold matching rules (score-pair.ts: Hungarian
// IoU for shapes, exact span F1, classes Jaccard) — the original stands where the gold answer would.
import type { AnnotationPayload } from '../api/annotation.ts';
import { scorePair } from './score-pair.ts';

/** Fewest answered repeats before the dashboard shows a mean (fewer is noise, and it says so). */
export const SELF_CONSISTENCY_MIN_N = 3;

/** One repeat's score in [0, 1]: 1 when the annotator answered exactly as the first time. */
export function selfConsistencyScore(original: AnnotationPayload, repeat: AnnotationPayload, iouThreshold: number): number {
  const s = scorePair(original, repeat, iouThreshold).score;
  // Guards the stored figure against float noise at the ends.
  return Math.min(1, Math.max(0, s));
}

export interface SelfConsistencyFigure {
  /** Repeats answered (scored). */
  answered: number;
  /** Mean score, or null below `minN` answered repeats. */
  mean: number | null;
  minN: number;
}

/** An annotator's figure from the sum and count of their repeat scores. */
export function selfConsistencyFigure(n: number, sum: number, minN = SELF_CONSISTENCY_MIN_N): SelfConsistencyFigure {
  const answered = Math.max(0, Math.floor(n));
  const mean = answered >= minN && answered > 0 ? Math.min(1, Math.max(0, sum / answered)) : null;
  return { answered, mean, minN };
}
