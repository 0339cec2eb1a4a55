// Drift: has an annotator's gold accuracy in a recent window moved away from their own baseline?
// And when many annotators drop on the same label at once, it is the guideline (or the gold), not
// the people: report that once, as a systemic alert, instead of blaming each annotator.
//
// The test is the pooled two-proportion z-test (statsmodels `proportions_ztest`), with the sums of
// gold scores as counts. For fractional scores (in [0, 1]) the true variance is at most the binomial
// p(1 − p) the test assumes, so the test is conservative there (see intervals.ts).
//
// The caller chooses the windows. The test assumes two independent samples, so the baseline must not
// contain the recent window (e.g. baseline = everything before the last 7 days, recent = those days).
// Many annotator × label tests run at once; with α = 0.05 about one in twenty stable pairs will flag
// by chance. That is why alerts need a minimum sample and why callers may lower `alpha`.
import { normalCdf, normalSf } from './special.ts';

/** A tally of gold scores: count and sum (the accuracy accumulator of accuracy.ts fits). */
export interface Tally {
  readonly n: number;
  readonly sum: number;
}

export interface DriftOptions {
  /** Fewest baseline items to report anything; default 30. */
  readonly minBaseline?: number;
  /** Fewest recent items to report anything; default 20. */
  readonly minRecent?: number;
  /** Significance level; default 0.05. */
  readonly alpha?: number;
  /** 'two-sided' (default) flags rises too; 'drop' tests only recent < baseline (more power for drops). */
  readonly alternative?: 'two-sided' | 'drop';
}

export interface DriftInsufficient {
  readonly insufficient: true;
  readonly reason: string;
  /** Mean score, or null when that side is below its minimum: no figure on too few items. */
  readonly baseline: number | null;
  readonly recent: number | null;
  readonly baselineN: number;
  readonly recentN: number;
  readonly delta: null;
  readonly pValue: null;
  readonly significant: false;
}

export interface DriftSufficient {
  readonly insufficient: false;
  readonly baseline: number;
  readonly recent: number;
  readonly baselineN: number;
  readonly recentN: number;
  /** recent − baseline: negative is a drop. */
  readonly delta: number;
  /** z statistic of recent − baseline; 0 when pooled accuracy is exactly 0 or 1 (no variance, no evidence). */
  readonly z: number;
  readonly pValue: number;
  readonly significant: boolean;
}

export type DriftResult = DriftInsufficient | DriftSufficient;

/** z and p-value of the pooled two-proportion test of `recent` against `baseline`. */
export function twoProportionZTest(baseline: Tally, recent: Tally, alternative: 'two-sided' | 'drop' = 'two-sided'): { z: number; pValue: number } {
  if (!(baseline.n > 0 && recent.n > 0)) throw new RangeError('both samples need n > 0');
  const pooled = (baseline.sum + recent.sum) / (baseline.n + recent.n);
  const variance = pooled * (1 - pooled) * (1 / baseline.n + 1 / recent.n);
  // All right (or all wrong) on both sides: the difference is exactly 0 and there is no evidence of
  // change. statsmodels would return nan here; "no change, p = 1" is what a dashboard should show.
  if (!(variance > 0)) return { z: 0, pValue: 1 };
  const z = (recent.sum / recent.n - baseline.sum / baseline.n) / Math.sqrt(variance);
  // 2·Φ(−|z|) rather than 1 − …: keeps small p-values exact.
  const pValue = alternative === 'drop' ? normalCdf(z) : 2 * normalSf(Math.abs(z));
  return { z, pValue: Math.min(1, pValue) };
}

/** Recent window against the annotator's own baseline. */
export function detectDrift(baseline: Tally, recent: Tally, opts: DriftOptions = {}): DriftResult {
  const minBaseline = opts.minBaseline ?? 30;
  const minRecent = opts.minRecent ?? 20;
  const alpha = opts.alpha ?? 0.05;
  checkTally(baseline, 'baseline');
  checkTally(recent, 'recent');
  const baseOk = baseline.n >= minBaseline && baseline.n > 0;
  const recentOk = recent.n >= minRecent && recent.n > 0;
  if (!baseOk || !recentOk) {
    const parts = [
      baseOk ? null : `baseline has ${baseline.n} items (needs ${minBaseline})`,
      recentOk ? null : `recent window has ${recent.n} items (needs ${minRecent})`,
    ].filter((x): x is string => x !== null);
    return {
      insufficient: true,
      reason: parts.join('; '),
      baseline: baseOk ? baseline.sum / baseline.n : null,
      recent: recentOk ? recent.sum / recent.n : null,
      baselineN: baseline.n,
      recentN: recent.n,
      delta: null,
      pValue: null,
      significant: false,
    };
  }
  const { z, pValue } = twoProportionZTest(baseline, recent, opts.alternative ?? 'two-sided');
  const b = baseline.sum / baseline.n;
  const r = recent.sum / recent.n;
  return { insufficient: false, baseline: b, recent: r, baselineN: baseline.n, recentN: recent.n, delta: r - b, z, pValue, significant: pValue < alpha };
}

export interface AnnotatorLabelWindow {
  readonly annotator: string;
  readonly label: string;
  readonly baseline: Tally;
  readonly recent: Tally;
}

export interface SystemicOptions extends DriftOptions {
  /** This many annotators dropping on one label is systemic; default 3. */
  readonly minAnnotators?: number;
  /**
   * Or this share of the label's annotators with enough data (default 0.5), provided at least two
   * drop: one annotator alone is never "systemic", however few annotators the label has.
   */
  readonly minShare?: number;
}

export interface SystemicAlert {
  readonly kind: 'systemic';
  readonly label: string;
  /** The annotators who dropped significantly, sorted. */
  readonly annotators: readonly string[];
  /** Annotators on this label with enough data to be tested. */
  readonly eligible: number;
  readonly share: number;
  /** Mean of their deltas (negative). */
  readonly meanDelta: number;
}

export interface IndividualAlert {
  readonly kind: 'individual';
  readonly annotator: string;
  readonly label: string;
  readonly drift: DriftSufficient;
}

/**
 * Drift alerts for one window. Only significant drops alert (a significant rise is good news).
 * A label where enough annotators drop becomes one systemic alert, and those annotators' drops on
 * that label are NOT repeated among the individual alerts; both lists come back separately.
 * Output is sorted (label, then annotator) so the result does not depend on input order.
 */
export function systemicAlerts(
  perAnnotatorPerLabel: readonly AnnotatorLabelWindow[],
  opts: SystemicOptions = {},
): { systemic: SystemicAlert[]; individual: IndividualAlert[] } {
  const minAnnotators = opts.minAnnotators ?? 3;
  const minShare = opts.minShare ?? 0.5;
  const byLabel = new Map<string, { eligible: number; drops: Array<{ annotator: string; drift: DriftSufficient }> }>();
  for (const row of perAnnotatorPerLabel) {
    const drift = detectDrift(row.baseline, row.recent, opts);
    let entry = byLabel.get(row.label);
    if (!entry) byLabel.set(row.label, (entry = { eligible: 0, drops: [] }));
    if (drift.insufficient) continue;
    entry.eligible++;
    if (drift.significant && drift.delta < 0) entry.drops.push({ annotator: row.annotator, drift });
  }
  const systemic: SystemicAlert[] = [];
  const individual: IndividualAlert[] = [];
  for (const label of [...byLabel.keys()].sort(cmp)) {
    const { eligible, drops } = byLabel.get(label)!;
    drops.sort((a, b) => cmp(a.annotator, b.annotator));
    const share = eligible > 0 ? drops.length / eligible : 0;
    if (drops.length >= minAnnotators || (drops.length >= 2 && share >= minShare)) {
      const meanDelta = drops.reduce((s, d) => s + d.drift.delta, 0) / drops.length;
      systemic.push({ kind: 'systemic', label, annotators: drops.map((d) => d.annotator), eligible, share, meanDelta });
    } else {
      for (const d of drops) individual.push({ kind: 'individual', annotator: d.annotator, label, drift: d.drift });
    }
  }
  return { systemic, individual };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function checkTally(t: Tally, name: string): void {
  if (!Number.isFinite(t.n) || t.n < 0) throw new RangeError(`${name}.n must be finite and ≥ 0, got ${t.n}`);
  if (!Number.isFinite(t.sum) || t.sum < 0 || t.sum > t.n + 1e-9 * Math.max(1, t.n)) {
    throw new RangeError(`${name}.sum must be in [0, n], got ${t.sum} (n = ${t.n})`);
  }
}
