// Gold accuracy: aggregate scored gold results per annotator, per annotator × label, per time bucket
// and per guideline version, each with a confidence interval.
//
// Everything reduces to one accumulator, { n, sum, sumSq }. It is a commutative monoid (`merge` is
// associative with `emptyAccumulator()` as identity), so the server can keep accumulators per
// (annotator, label, day, version) in the database, add each new score as it is made, and merge rows
// for any coarser view without rescanning scores. The batch functions below are that, in memory.
// Scores are fractional (F1 for shapes and spans): intervals use the sum of scores as successes,
// which is conservative for fractional scores (see intervals.ts).
import { z } from 'zod';
import { proportionInterval, type IntervalMethod } from './intervals.ts';

export const goldResultSchema = z.object({
  annotator: z.string().min(1),
  /** The label the gold item is about; null for a score over a whole item with several labels. */
  label: z.string().nullable(),
  score: z.number().min(0).max(1),
  /** When the gold item was submitted, in ms since the epoch. */
  at: z.number(),
  guidelineVersion: z.string().min(1),
});
export type GoldResult = z.infer<typeof goldResultSchema>;

export interface ScoreAccumulator {
  readonly n: number;
  readonly sum: number;
  readonly sumSq: number;
}

export const emptyAccumulator = (): ScoreAccumulator => ({ n: 0, sum: 0, sumSq: 0 });

/** The accumulator with one more score. Throws on a score outside [0, 1]: that is a scoring bug upstream. */
export function add(acc: ScoreAccumulator, score: number): ScoreAccumulator {
  if (!(score >= 0 && score <= 1)) throw new RangeError(`gold score must be in [0, 1], got ${score}`);
  return { n: acc.n + 1, sum: acc.sum + score, sumSq: acc.sumSq + score * score };
}

export function merge(a: ScoreAccumulator, b: ScoreAccumulator): ScoreAccumulator {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumSq: a.sumSq + b.sumSq };
}

export interface SummaryOptions {
  readonly confidence?: number;
  readonly method?: IntervalMethod;
}

export interface AccuracySummary {
  readonly n: number;
  /** Mean score; null when n = 0. */
  readonly mean: number | null;
  /** Sample standard deviation of the scores; null when n < 2. */
  readonly sd: number | null;
  /** Interval for the mean score (default Wilson 95%), with the sum of scores as successes. */
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly method: IntervalMethod;
}

export function toSummary(acc: ScoreAccumulator, opts: SummaryOptions = {}): AccuracySummary {
  const ci = proportionInterval(acc.sum, acc.n, opts);
  // sumSq − sum²/n can dip a few ulps below 0 when all scores are equal: clamp before the root.
  const sd = acc.n >= 2 ? Math.sqrt(Math.max(0, (acc.sumSq - (acc.sum * acc.sum) / acc.n) / (acc.n - 1))) : null;
  return { n: acc.n, mean: ci.estimate, sd, lower: ci.lower, upper: ci.upper, confidence: ci.confidence, method: ci.method };
}

/** Group results by a key, accumulating scores; the key object is kept from the first row of the group. */
function groupBy<K extends object>(results: readonly GoldResult[], key: (r: GoldResult) => K): Array<{ key: K; acc: ScoreAccumulator }> {
  const groups = new Map<string, { key: K; acc: ScoreAccumulator }>();
  for (const r of results) {
    const k = key(r);
    // JSON of the key's values: distinct values (including null vs "null") give distinct strings.
    const id = JSON.stringify(Object.values(k));
    const g = groups.get(id);
    if (g) g.acc = add(g.acc, r.score);
    else groups.set(id, { key: k, acc: add(emptyAccumulator(), r.score) });
  }
  return [...groups.values()];
}

const cmpStr = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

/**
 * Orders guideline versions "major.minor" numerically (1.10 after 1.9); anything that is not
 * dot-separated integers sorts after the numeric ones, by string.
 */
export function compareGuidelineVersions(a: string, b: string): number {
  const pa = /^\d+(\.\d+)*$/.test(a) ? a.split('.').map(Number) : null;
  const pb = /^\d+(\.\d+)*$/.test(b) ? b.split('.').map(Number) : null;
  if (!pa || !pb) return pa ? -1 : pb ? 1 : cmpStr(a, b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export type AnnotatorAccuracy = { readonly annotator: string } & AccuracySummary;

export function accuracyByAnnotator(results: readonly GoldResult[], opts: SummaryOptions = {}): AnnotatorAccuracy[] {
  return groupBy(results, (r) => ({ annotator: r.annotator }))
    .sort((x, y) => cmpStr(x.key.annotator, y.key.annotator))
    .map(({ key, acc }) => ({ ...key, ...toSummary(acc, opts) }));
}

export type AnnotatorLabelAccuracy = { readonly annotator: string; readonly label: string | null } & AccuracySummary;

/** Per annotator × label; results without a label form their own group (label null, sorted last). */
export function accuracyByAnnotatorLabel(results: readonly GoldResult[], opts: SummaryOptions = {}): AnnotatorLabelAccuracy[] {
  return groupBy(results, (r) => ({ annotator: r.annotator, label: r.label }))
    .sort((x, y) => cmpStr(x.key.annotator, y.key.annotator) || cmpStr(x.key.label, y.key.label))
    .map(({ key, acc }) => ({ ...key, ...toSummary(acc, opts) }));
}

export type BucketAccuracy = { readonly annotator: string | null; readonly bucketStart: number; readonly bucketEnd: number } & AccuracySummary;

/**
 * Accuracy over time in buckets of `bucketMs` aligned to `origin` (default 0, the epoch: pass the
 * project's local midnight offset for calendar days). Per annotator by default; `perAnnotator: false`
 * pools everyone (annotator null). Empty buckets are not returned. Sorted by annotator, then time.
 */
export function accuracyOverTime(
  results: readonly GoldResult[],
  bucketMs: number,
  opts: SummaryOptions & { readonly origin?: number; readonly perAnnotator?: boolean } = {},
): BucketAccuracy[] {
  if (!(bucketMs > 0 && Number.isFinite(bucketMs))) throw new RangeError(`bucketMs must be a positive number, got ${bucketMs}`);
  const origin = opts.origin ?? 0;
  const perAnnotator = opts.perAnnotator ?? true;
  return groupBy(results, (r) => ({
    annotator: perAnnotator ? r.annotator : null,
    bucketStart: origin + Math.floor((r.at - origin) / bucketMs) * bucketMs,
  }))
    .sort((x, y) => cmpStr(x.key.annotator, y.key.annotator) || x.key.bucketStart - y.key.bucketStart)
    .map(({ key, acc }) => ({ ...key, bucketEnd: key.bucketStart + bucketMs, ...toSummary(acc, opts) }));
}

export type VersionAccuracy = { readonly guidelineVersion: string; readonly annotator: string | null } & AccuracySummary;

/** Per guideline version, pooled over annotators unless `perAnnotator`. Sorted by version (numeric), then annotator. */
export function accuracyByGuidelineVersion(results: readonly GoldResult[], opts: SummaryOptions & { readonly perAnnotator?: boolean } = {}): VersionAccuracy[] {
  const perAnnotator = opts.perAnnotator ?? false;
  return groupBy(results, (r) => ({ guidelineVersion: r.guidelineVersion, annotator: perAnnotator ? r.annotator : null }))
    .sort((x, y) => compareGuidelineVersions(x.key.guidelineVersion, y.key.guidelineVersion) || cmpStr(x.key.annotator, y.key.annotator))
    .map(({ key, acc }) => ({ ...key, ...toSummary(acc, opts) }));
}

/** All four views at once, as a lead's dashboard wants them. */
export function summarizeAccuracy(
  results: readonly GoldResult[],
  opts: SummaryOptions & { readonly bucketMs: number; readonly origin?: number },
): {
  byAnnotator: AnnotatorAccuracy[];
  byAnnotatorLabel: AnnotatorLabelAccuracy[];
  overTime: BucketAccuracy[];
  byGuidelineVersion: VersionAccuracy[];
} {
  return {
    byAnnotator: accuracyByAnnotator(results, opts),
    byAnnotatorLabel: accuracyByAnnotatorLabel(results, opts),
    overTime: accuracyOverTime(results, opts.bucketMs, opts),
    byGuidelineVersion: accuracyByGuidelineVersion(results, opts),
  };
}
