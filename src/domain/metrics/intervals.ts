// Confidence intervals for a proportion: how sure are we of an annotator's gold accuracy?
//
// Fractional scores: a gold score is in [0, 1] (F1 of matched shapes, not just right/wrong). Every
// function here accepts the SUM of scores as `successes` and the number of scored items as `n`.
// The intervals are then those of a Bernoulli proportion with the same mean. For a score X in [0, 1]
// with mean p, Var(X) ≤ p(1 − p) (equality only for 0/1 scores), so the binomial variance these
// intervals assume is an upper bound: with fractional scores they are conservative (a little wide),
// never falsely narrow. That is the right side to err on when an interval decides a recalibration.
//
// Which one: Wilson is the default (closed form, good coverage, never outside [0, 1]). Jeffreys is the
// Bayesian equal-tailed interval under the Beta(½, ½) prior and has slightly better coverage for
// small n; Clopper–Pearson is the "exact" (conservative) one, offered for comparison with other tools.
import { inverseNormalCdf, inverseRegularizedIncompleteBeta } from './special.ts';

export type IntervalMethod = 'wilson' | 'jeffreys' | 'clopper-pearson';

export interface ProportionInterval {
  /** successes / n; null when n = 0 (no estimate; the interval is then all of [0, 1]). */
  readonly estimate: number | null;
  readonly lower: number;
  readonly upper: number;
  readonly successes: number;
  readonly n: number;
  readonly confidence: number;
  readonly method: IntervalMethod;
}

/** Two-sided critical value: z with P(|Z| ≤ z) = confidence, e.g. 1.959963984540054 for 0.95. */
export function zForConfidence(confidence = 0.95): number {
  checkConfidence(confidence);
  // Φ⁻¹ of the small tail, negated: the same value as scipy's norm.isf(α/2), without 1 − tiny rounding.
  return -inverseNormalCdf((1 - confidence) / 2);
}

/** Wilson score interval (Wilson 1927): the proportions p whose score test would not reject at this level. */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): ProportionInterval {
  const s = checkCounts(successes, n);
  checkConfidence(confidence);
  if (n === 0) return empty(confidence, 'wilson');
  const z = zForConfidence(confidence);
  const z2 = z * z;
  const p = s / n;
  // The algebra of statsmodels' proportion_confint(method='wilson'), so fixtures agree to ~1e-15.
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At s = 0 and s = n the bounds are exactly 0 and 1; rounding would leave them an ulp off.
  const lower = s === 0 ? 0 : clamp01(center - half);
  const upper = s === n ? 1 : clamp01(center + half);
  return { estimate: p, lower, upper, successes: s, n, confidence, method: 'wilson' };
}

/**
 * Jeffreys interval: the equal-tailed quantiles of Beta(s + ½, n − s + ½), widened where needed to
 * contain the point estimate s/n. At s = 0 and s = n that is exactly the boundary rule of Brown, Cai
 * & DasGupta (2001): lower = 0, upper = 1 (without it an annotator with every gold item right would
 * be told "accuracy < 1"). It also covers a small fractional s (0 < s ≲ ½, possible with fractional
 * scores), where the lower quantile can exceed s/n. statsmodels' 'jeffreys' applies neither; elsewhere
 * we agree with it to ~1e-12.
 */
export function jeffreysInterval(successes: number, n: number, confidence = 0.95): ProportionInterval {
  const s = checkCounts(successes, n);
  checkConfidence(confidence);
  if (n === 0) return empty(confidence, 'jeffreys');
  const tail = (1 - confidence) / 2;
  const p = s / n;
  const lower = Math.min(p, inverseRegularizedIncompleteBeta(tail, s + 0.5, n - s + 0.5));
  const upper = Math.max(p, inverseRegularizedIncompleteBeta(1 - tail, s + 0.5, n - s + 0.5));
  return { estimate: p, lower, upper, successes: s, n, confidence, method: 'jeffreys' };
}

/** Clopper–Pearson: lower = Beta(s, n − s + 1) quantile at α/2, upper = Beta(s + 1, n − s) at 1 − α/2. */
export function clopperPearsonInterval(successes: number, n: number, confidence = 0.95): ProportionInterval {
  const s = checkCounts(successes, n);
  checkConfidence(confidence);
  if (n === 0) return empty(confidence, 'clopper-pearson');
  const tail = (1 - confidence) / 2;
  const lower = s === 0 ? 0 : inverseRegularizedIncompleteBeta(tail, s, n - s + 1);
  const upper = s === n ? 1 : inverseRegularizedIncompleteBeta(1 - tail, s + 1, n - s);
  return { estimate: s / n, lower, upper, successes: s, n, confidence, method: 'clopper-pearson' };
}

/** One entry point for callers that let the lead pick the method. */
export function proportionInterval(
  successes: number,
  n: number,
  opts: { readonly method?: IntervalMethod; readonly confidence?: number } = {},
): ProportionInterval {
  const confidence = opts.confidence ?? 0.95;
  switch (opts.method ?? 'wilson') {
    case 'wilson':
      return wilsonInterval(successes, n, confidence);
    case 'jeffreys':
      return jeffreysInterval(successes, n, confidence);
    case 'clopper-pearson':
      return clopperPearsonInterval(successes, n, confidence);
  }
}

function empty(confidence: number, method: IntervalMethod): ProportionInterval {
  return { estimate: null, lower: 0, upper: 1, successes: 0, n: 0, confidence, method };
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Validates counts and returns the successes to use. A float sum of n scores can overshoot n by a
 * few ulps (0.1 + 0.2 + … rounding), so a tiny excess is clamped; anything larger is a caller bug.
 */
function checkCounts(successes: number, n: number): number {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`n must be a finite number ≥ 0, got ${n}`);
  if (!Number.isFinite(successes) || successes < 0) throw new RangeError(`successes must be finite and ≥ 0, got ${successes}`);
  if (successes > n) {
    if (successes - n > 1e-9 * Math.max(1, n)) throw new RangeError(`successes (${successes}) exceed n (${n})`);
    return n;
  }
  return successes;
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
}
