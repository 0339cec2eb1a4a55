// What an annotator may learn of their own gold scores, where the project enables it:
// an aggregate that can never be pinned on one item. Only scores at least `delayMs` old count, and
// they count in whole blocks of `block`, so the figure moves at most once per block, long after the
// items that moved it — submitting an item and watching the figure tells nothing about that item.
// The figure is the mean over the most recent `window` counted scores (whole blocks too).

export interface FeedbackScore {
  score: number;
  /** ms since the epoch. */
  scoredAt: number;
  /**
   * This score's share of the extra delay, in [0, 1): stable per score and unknowable to the
   * annotator (the server derives it from the score's own id). Without it the figure would move
   * exactly `delayMs` after every block-completing gold item, dating that item.
   */
  jitter?: number;
}
export interface FeedbackRules {
  block: number;
  delayMs: number;
  /** Each score waits delayMs plus up to this much more (its jitter's share). */
  jitterMs: number;
  window: number;
}
export const FEEDBACK_RULES: FeedbackRules = { block: 10, delayMs: 24 * 3_600_000, jitterMs: 24 * 3_600_000, window: 50 };

export interface OwnAccuracy {
  /** Mean gold score over `basedOn` items, or null before the first whole block is old enough. */
  accuracy: number | null;
  basedOn: number;
}

export function ownAccuracy(scores: readonly FeedbackScore[], now: number, rules: FeedbackRules = FEEDBACK_RULES): OwnAccuracy {
  const old = scores.filter((s) => s.scoredAt + rules.delayMs + (s.jitter ?? 0) * rules.jitterMs <= now).sort((a, b) => a.scoredAt - b.scoredAt);
  const counted = old.slice(0, Math.floor(old.length / rules.block) * rules.block);
  const windowSize = Math.floor(rules.window / rules.block) * rules.block;
  const recent = counted.slice(Math.max(0, counted.length - windowSize));
  if (recent.length === 0) return { accuracy: null, basedOn: 0 };
  return { accuracy: recent.reduce((s, x) => s + x.score, 0) / recent.length, basedOn: recent.length };
}
