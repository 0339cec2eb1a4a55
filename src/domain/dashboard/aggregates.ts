// The dashboard from incremental aggregates: the server keeps per (annotator, label, hour,
// guideline version) sums of gold scores as they arrive (n, sum) and label-confusion counts, and
// this turns those sums into the DashboardView. Pure: no scanning, no scoring at read time.
import type { DashboardAlert, DashboardAlertAction, DashboardView } from '../api/dashboard-view.ts';
import { systemicAlerts } from '../metrics/drift.ts';
import { proportionInterval } from '../metrics/intervals.ts';
import type { AnnotationPayload } from '../api/annotation.ts';
import { scorePair, type PairScore } from './score-pair.ts';

/** The label of an aggregate row that counts the whole item's score. */
export const WHOLE_ITEM = '';

/** What one scored gold submission adds to the aggregates: a whole-item row, one per label, and confusion counts. */
export function goldDeltas(pair: PairScore): {
  scores: Array<{ label: string; score: number }>;
  confusion: Map<string, { truth: string; answer: string; count: number }>;
} {
  const scores = [{ label: WHOLE_ITEM, score: pair.score }, ...[...pair.byLabel].map(([label, score]) => ({ label, score }))];
  const confusion = new Map<string, { truth: string; answer: string; count: number }>();
  for (const [truth, answer] of pair.confusion) {
    const k = `${truth}\u0000${answer}`;
    const c = confusion.get(k);
    if (c) c.count++;
    else confusion.set(k, { truth, answer, count: 1 });
  }
  return { scores, confusion };
}

/** One gold submission's score as stored and folded: plain data (it crosses from a worker thread). */
export interface GoldScoreDetails {
  score: number;
  scores: Array<{ label: string; score: number }>;
  confusion: Array<{ truth: string; answer: string; count: number }>;
  byLabel: Record<string, number>;
  meanIoU: number | null;
  spanOverlapF1: number | null;
}

/** Scores an answer against its gold answer: the CPU part of gold scoring, in one call. */
export function goldScoreDetails(truth: AnnotationPayload, answer: AnnotationPayload, iouThreshold: number): GoldScoreDetails {
  const pair = scorePair(truth, answer, iouThreshold);
  const deltas = goldDeltas(pair);
  return {
    score: pair.score,
    scores: deltas.scores,
    confusion: [...deltas.confusion.values()],
    byLabel: Object.fromEntries(pair.byLabel),
    meanIoU: pair.meanIoU,
    spanOverlapF1: pair.spanOverlapF1,
  };
}

/** Whole-item sums of one annotator in one chart bucket (start ms), summed by the database. */
export interface SeriesRow {
  userId: string;
  t: number;
  n: number;
  sum: number;
}

/** Sums of one annotator on one label ('' = whole item), split at the drift window's start. */
export interface WindowRow {
  userId: string;
  label: string;
  recent: boolean;
  n: number;
  sum: number;
}

export interface AggregateDashboardInput {
  projectId: string;
  threshold: number;
  bucketMs: number;
  minN: number;
  policy: 'alert' | 'pause' | 'recalibrate' | 'flag';
  annotators: Array<{ id: string; name: string }>;
  labels: Array<{ id: string; name: string }>;
  series: SeriesRow[];
  windows: WindowRow[];
  confusion: Array<{ truth: string; answer: string; count: number }>;
  work: Array<{ annotatorId: string; items: number; totalMs: number }>;
  /** Annotators currently held by the policy (their alert offers "resume"). */
  held: Map<string, 'pause' | 'recalibrate'>;
  /** Accuracy per guideline version (rollups.ts builds it), passed through. */
  versions?: DashboardView['versions'];
}

interface Sum {
  n: number;
  sum: number;
}
const bump = <K>(m: Map<K, Sum>, k: K, r: Sum) => {
  const s = m.get(k);
  if (s) {
    s.n += r.n;
    s.sum += r.sum;
  } else m.set(k, { n: r.n, sum: r.sum });
};
// Interval with the sum of scores as successes (intervals.ts explains why that is conservative).
const summary = (s: Sum) => {
  const ci = proportionInterval(Math.min(s.sum, s.n), s.n);
  return { mean: s.n > 0 ? s.sum / s.n : null, low: s.n > 0 ? ci.lower : null, high: s.n > 0 ? ci.upper : null, lower: ci.lower, upper: ci.upper };
};

export function policyActions(projectId: string, userId: string, held: 'pause' | 'recalibrate' | undefined): DashboardAlertAction[] {
  const path = `/api/projects/${projectId}/gold-policy/actions`;
  const act = (action: string, title: string): DashboardAlertAction => ({ id: action, title, method: 'POST', path, body: { action, userId } });
  if (held) return [act('resume', held === 'pause' ? 'Resume live work' : 'Lift recalibration')];
  return [act('pause', 'Pause live work'), act('recalibrate', 'Require recalibration'), act('flag', 'Flag labels for review')];
}

function bucketed(rows: readonly SeriesRow[]): Map<string, Map<number, Sum>> {
  const overTime = new Map<string, Map<number, Sum>>();
  for (const r of rows) {
    const series = overTime.get(r.userId) ?? new Map<number, Sum>();
    overTime.set(r.userId, series);
    bump(series, r.t, r);
  }
  return overTime;
}
const seriesOf = (overTime: Map<string, Map<number, Sum>>) =>
  [...overTime].map(([annotatorId, m]) => ({
    annotatorId,
    points: [...m]
      .sort((a, b) => a[0] - b[0])
      .map(([t, s]) => {
        const x = summary(s);
        return { t, mean: x.mean, low: x.low, high: x.high, n: s.n };
      }),
  }));

/** The accuracy-over-time series from chart-bucket sums (the server reads them only for the annotators shown). */
export const accuracySeries = (rows: readonly SeriesRow[]): DashboardView['accuracy'] => seriesOf(bucketed(rows));

export function buildDashboardFromAggregates(input: AggregateDashboardInput): DashboardView {
  const whole = new Map<string, Sum>();
  const overTime = bucketed(input.series);
  const perLabel = new Map<string, Sum>();
  const baseline = new Map<string, Sum>();
  const recent = new Map<string, Sum>();
  for (const r of input.windows) {
    const key = `${r.userId}\u0000${r.label}`;
    bump(r.recent ? recent : baseline, key, r);
    if (r.label === WHOLE_ITEM) bump(whole, r.userId, r);
    else bump(perLabel, key, r);
  }

  const accuracy = seriesOf(overTime);
  const heatmap = [...perLabel].map(([k, s]) => {
    const [annotatorId = '', label = ''] = k.split('\u0000');
    const x = summary(s);
    return { annotatorId, label, accuracy: x.mean, low: x.low, high: x.high, n: s.n, sufficient: s.n >= input.minN };
  });
  const throughput = input.work
    .filter((w) => w.items > 0 && w.totalMs > 0)
    .map((w) => {
      const seconds = w.totalMs / w.items / 1000;
      const acc = whole.get(w.annotatorId);
      return {
        annotatorId: w.annotatorId,
        itemsPerHour: 3600 / seconds,
        secondsPerItem: seconds,
        accuracy: acc && acc.n > 0 ? acc.sum / acc.n : null,
        n: acc?.n ?? 0,
      };
    });

  const names = new Map(input.annotators.map((a) => [a.id, a.name]));
  const who = (id: string) => names.get(id) ?? 'An annotator';
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const alerts: DashboardAlert[] = [];
  for (const [userId, s] of whole) {
    const x = summary(s);
    if (x.mean === null || s.n < input.minN || x.mean >= input.threshold) continue;
    // The whole interval below the threshold is a finding; a mean below it is a warning.
    alerts.push({
      id: `below:${userId}`,
      kind: 'below_threshold',
      severity: x.upper < input.threshold ? 'critical' : 'warning',
      title: `${who(userId)} is below the threshold`,
      detail: `gold accuracy ${pct(x.mean)} (95% interval ${pct(x.lower)}–${pct(x.upper)}, n=${s.n}) against ${pct(input.threshold)}`,
      at: null,
      actions: policyActions(input.projectId, userId, input.held.get(userId)),
    });
  }
  // Drift per annotator × label (whole item included): recent window against their own earlier work.
  const windows = [...new Set([...baseline.keys(), ...recent.keys()])].map((k) => {
    const [annotator = '', label = ''] = k.split('\u0000');
    return { annotator, label, baseline: baseline.get(k) ?? { n: 0, sum: 0 }, recent: recent.get(k) ?? { n: 0, sum: 0 } };
  });
  const drift = systemicAlerts(windows, { alternative: 'drop' });
  for (const d of drift.individual) {
    alerts.push({
      id: `drift:${d.annotator}:${d.label}`,
      kind: 'drift',
      severity: 'warning',
      title: `${who(d.annotator)} dropped${d.label === WHOLE_ITEM ? '' : ` on ${d.label}`}`,
      detail: `recent ${pct(d.drift.recent)} (n=${d.drift.recentN}) against their baseline ${pct(d.drift.baseline)} (n=${d.drift.baselineN}), p=${d.drift.pValue.toPrecision(2)}`,
      at: null,
      actions: policyActions(input.projectId, d.annotator, input.held.get(d.annotator)),
    });
  }
  for (const s of drift.systemic) {
    alerts.push({
      id: `systemic:${s.label}`,
      kind: 'systemic',
      severity: 'critical',
      title: s.label === WHOLE_ITEM ? `${s.annotators.length} annotators dropped at once` : `${s.annotators.length} annotators dropped on ${s.label} at once`,
      detail: `${pct(s.share)} of the ${s.eligible} annotators with enough gold dropped (mean ${pct(s.meanDelta)}): check the guideline and the gold for this label before blaming people`,
      at: null,
      actions: [],
    });
  }

  return {
    projectId: input.projectId,
    threshold: input.threshold,
    bucketMs: input.bucketMs,
    annotators: input.annotators,
    labels: input.labels,
    accuracy,
    heatmap,
    confusion: input.confusion.filter((c) => c.count > 0),
    throughput,
    alerts,
    seriesTotal: accuracy.length,
    versions: input.versions ?? [],
  };
}
