// How much hidden gold one annotator gets. Gold is the only way we learn how well someone labels,
// and it costs their time, so spend it where the estimate is weakest: on new annotators (no
// estimate yet), on those whose Wilson interval is wide, and on those whose interval straddles the
// project's target accuracy (we cannot yet tell which side they are on). Proven annotators, whose
// whole interval sits clear of the target, get the minimum.
import { wilsonInterval } from '../metrics/intervals.ts';

export interface GoldRateSettings {
  /** The rate when adaptation is off, and the anchor for a well-measured annotator near the target. */
  readonly rate: number;
  readonly adaptive: boolean;
  readonly min: number;
  readonly max: number;
  /** Target accuracy in [0, 1]. */
  readonly target: number;
}

export interface GoldRecord {
  /** Number of scored gold submissions. */
  readonly n: number;
  /** Sum of their scores (each in [0, 1]). */
  readonly scoreSum: number;
}

/** Below this many scored gold items an annotator counts as new and gets the maximum rate. */
export const NEW_ANNOTATOR_GOLD = 10;
/** An interval at least this wide is "we know little": maximum rate. */
export const WIDE_INTERVAL = 0.3;

export function goldRateFor(settings: GoldRateSettings, record: GoldRecord): number {
  const lo = Math.min(settings.min, settings.max);
  const hi = Math.max(settings.min, settings.max);
  if (!settings.adaptive) return clamp(settings.rate, 0, 1);
  if (record.n < NEW_ANNOTATOR_GOLD) return hi;
  const interval = wilsonInterval(record.scoreSum, record.n);
  // Straddling the target: the next gold items decide which side they are on.
  if (interval.lower <= settings.target && settings.target <= interval.upper) return hi;
  // Clear of the target: scale by how wide the interval still is (0 → min, WIDE_INTERVAL → max).
  // Clearly below target also lands here; the policy (pause, recalibration) deals with that,
  // and a narrow interval means more gold would not tell us more.
  const width = interval.upper - interval.lower;
  const t = clamp(width / WIDE_INTERVAL, 0, 1);
  return lo + (hi - lo) * t;
}

const clamp = (x: number, a: number, b: number): number => (x < a ? a : x > b ? b : x);
