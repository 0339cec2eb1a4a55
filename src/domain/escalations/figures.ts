// Escalation figures: how often each annotator (and each label) escalates, how long a
// ruling takes, and how old the open backlog is. The server aggregates counts in SQL; the
// definitions — what a rate is, when it is unusual, which age bucket an escalation is in, what a
// median and p90 mean — live here so the figures mean the same everywhere and are tested once.
import type { AnnotationPayload } from '../api/annotation.ts';
import { wilsonInterval } from '../metrics/intervals.ts';

/** The distinct label ids a submission uses (shapes, spans and classes), sorted: what "worked on label L" means. */
export function payloadLabels(p: Pick<AnnotationPayload, 'shapes' | 'spans' | 'classes'>): string[] {
  return [...new Set([...p.shapes.map((s) => s.label), ...p.spans.map((s) => s.label), ...p.classes])].sort();
}

/** Per-label count changes when an annotator's current revision of an item goes from `before` to `after`. */
export function labelDeltas(before: readonly string[] | null, after: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const old = new Set(before ?? []);
  const now = new Set(after);
  for (const l of now) if (!old.has(l)) out.set(l, 1);
  for (const l of old) if (!now.has(l)) out.set(l, -1);
  return out;
}

/** Counts for one annotator or one label: escalations, and items submitted without escalating. */
export interface RateCounts {
  readonly key: string;
  readonly escalations: number;
  readonly submitted: number;
}

/** 'low': possibly guessing instead of asking; 'high': the guideline may be unclear for them/it. */
export type RateFlag = 'low' | 'high' | null;

export interface RateFigure {
  readonly key: string;
  readonly escalations: number;
  /** Items worked: submitted + escalated (an escalated item is worked, just not labelled). */
  readonly worked: number;
  /** escalations ÷ worked; null when nothing was worked. */
  readonly rate: number | null;
  /** Wilson interval of the rate. */
  readonly lower: number;
  readonly upper: number;
  /** The rate of everyone else (all rows but this one) — what this row is compared with. */
  readonly othersRate: number | null;
  readonly flag: RateFlag;
}

export interface RateOptions {
  /** Fewest items worked (by the row, and by everyone else) before a rate may be flagged. */
  readonly minWorked?: number;
  readonly confidence?: number;
}

export const DEFAULT_MIN_WORKED = 30;

/**
 * Rates with their Wilson intervals, and flags. A row is flagged only on a finding, not a hunch:
 * with at least `minWorked` items, 'high' when the whole interval lies above the rate of everyone
 * else, 'low' when it lies below. Comparing with the others (leave-one-out) rather than the team
 * total keeps one prolific annotator from dragging the yardstick towards themselves.
 */
export function rateFigures(rows: readonly RateCounts[], opts: RateOptions = {}): RateFigure[] {
  const minWorked = opts.minWorked ?? DEFAULT_MIN_WORKED;
  for (const r of rows) checkCounts(r);
  const totalEsc = rows.reduce((s, r) => s + r.escalations, 0);
  const totalWorked = rows.reduce((s, r) => s + r.escalations + r.submitted, 0);
  return rows.map((r) => {
    const worked = r.escalations + r.submitted;
    const ci = wilsonInterval(r.escalations, worked, opts.confidence ?? 0.95);
    const othersWorked = totalWorked - worked;
    const othersRate = othersWorked > 0 ? (totalEsc - r.escalations) / othersWorked : null;
    let flag: RateFlag = null;
    if (othersRate !== null && worked >= minWorked && othersWorked >= minWorked) {
      if (ci.lower > othersRate) flag = 'high';
      else if (ci.upper < othersRate) flag = 'low';
    }
    return { key: r.key, escalations: r.escalations, worked, rate: ci.estimate, lower: ci.lower, upper: ci.upper, othersRate, flag };
  });
}

/** The team's overall rate: all escalations ÷ all items worked. */
export function teamRate(rows: readonly RateCounts[]): { escalations: number; worked: number; rate: number | null } {
  const escalations = rows.reduce((s, r) => s + r.escalations, 0);
  const worked = escalations + rows.reduce((s, r) => s + r.submitted, 0);
  return { escalations, worked, rate: worked > 0 ? escalations / worked : null };
}

function checkCounts(r: RateCounts): void {
  for (const v of [r.escalations, r.submitted]) {
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`counts must be whole numbers ≥ 0 (row ${r.key}: ${r.escalations} escalations, ${r.submitted} submitted)`);
  }
}

/**
 * The p-quantile of a sample, interpolating linearly between order statistics (Hyndman–Fan type 7:
 * numpy's default, and PostgreSQL's percentile_cont, which the server uses at scale).
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/**
 * quantile() of the multiset in which each `value` occurs `count` times, without expanding it:
 * the server keeps resolution times as counts per whole minute, not one row per escalation.
 */
export function quantileOfCounts(entries: ReadonlyArray<{ readonly value: number; readonly count: number }>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  const sorted = entries.filter((e) => e.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, e) => s + e.count, 0);
  if (total === 0) return null;
  const h = (total - 1) * p;
  const lo = Math.floor(h);
  // The value at 0-based rank r of the expanded, sorted multiset.
  const at = (r: number): number => {
    let seen = 0;
    for (const e of sorted) {
      seen += e.count;
      if (r < seen) return e.value;
    }
    return (sorted[sorted.length - 1] as { value: number }).value;
  };
  const a = at(lo);
  const b = at(Math.min(lo + 1, total - 1));
  return a + (h - lo) * (b - a);
}

/** Time to resolution: median and 90th percentile of (ruled − received), in the unit given. */
export function resolutionSummary(durations: readonly number[]): { n: number; median: number | null; p90: number | null } {
  return { n: durations.length, median: quantile(durations, 0.5), p90: quantile(durations, 0.9) };
}

/** Age buckets for the open backlog, upper bounds in hours (exclusive); the last is open-ended. */
export const AGE_BUCKETS: ReadonlyArray<{ readonly label: string; readonly upToHours: number | null }> = [
  { label: 'Under 4 h', upToHours: 4 },
  { label: '4–24 h', upToHours: 24 },
  { label: '1–2 days', upToHours: 48 },
  { label: '2–7 days', upToHours: 168 },
  { label: 'Over 7 days', upToHours: null },
];

const HOUR_MS = 3_600_000;

/** Which AGE_BUCKETS entry an age (ms) falls in; a negative age (client clock ahead) is the first. */
export function ageBucketIndex(ageMs: number): number {
  const hours = ageMs / HOUR_MS;
  const i = AGE_BUCKETS.findIndex((b) => b.upToHours !== null && hours < b.upToHours);
  return i === -1 ? AGE_BUCKETS.length - 1 : i;
}

/** How many open escalations are in each bucket. */
export function ageBucketCounts(agesMs: readonly number[]): number[] {
  const counts = AGE_BUCKETS.map(() => 0);
  for (const a of agesMs) {
    const i = ageBucketIndex(a);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Bounds for the project's alert age: at least an hour, at most 30 days. */
export const ALERT_HOURS_MIN = 1;
export const ALERT_HOURS_MAX = 720;
export const DEFAULT_ALERT_HOURS = 48;

/** An open escalation is on the alert list once it is older than the project's alert age. */
export function isOverdue(ageMs: number, alertHours: number): boolean {
  return ageMs > alertHours * HOUR_MS;
}
