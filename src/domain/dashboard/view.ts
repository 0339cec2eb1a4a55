// Builds the lead's dashboard (wire: DashboardView) from scored gold pairs and work totals:
// accuracy over time with Wilson intervals, per-label accuracy, label confusions, throughput
// beside accuracy, and threshold alerts. Pure: the server loads the rows, this does the sums.
import type { AnnotationPayload } from '../api/annotation.ts';
import type { DashboardAlert, DashboardView } from '../api/dashboard-view.ts';
import { accuracyByAnnotator, accuracyByAnnotatorLabel, accuracyOverTime, type GoldResult } from '../metrics/accuracy.ts';
import { scorePair } from './score-pair.ts';

export interface DashboardInput {
  projectId: string;
  threshold: number;
  iouThreshold: number;
  bucketMs: number;
  /** Fewer scores than this in a heatmap cell: greyed as "too few". */
  minN: number;
  annotators: Array<{ id: string; name: string }>;
  labels: Array<{ id: string; name: string }>;
  /** Each annotator's current answer on each gold item they submitted. */
  gold: Array<{ annotatorId: string; truth: AnnotationPayload; answer: AnnotationPayload; at: number; guidelineVersion: string }>;
  /** All submitted work per annotator (live and gold alike: speed is speed). */
  work: Array<{ annotatorId: string; items: number; totalMs: number }>;
}

export function buildDashboard(input: DashboardInput): DashboardView {
  const overall: GoldResult[] = [];
  const perLabel: GoldResult[] = [];
  const confusion = new Map<string, number>();
  for (const g of input.gold) {
    const s = scorePair(g.truth, g.answer, input.iouThreshold);
    overall.push({ annotator: g.annotatorId, label: null, score: s.score, at: g.at, guidelineVersion: g.guidelineVersion });
    for (const [label, score] of s.byLabel) perLabel.push({ annotator: g.annotatorId, label, score, at: g.at, guidelineVersion: g.guidelineVersion });
    for (const [t, a] of s.confusion) confusion.set(`${t}\u0000${a}`, (confusion.get(`${t}\u0000${a}`) ?? 0) + 1);
  }

  const series = new Map<string, DashboardView['accuracy'][number]>();
  for (const b of accuracyOverTime(overall, input.bucketMs)) {
    if (b.annotator === null) continue;
    const s = series.get(b.annotator) ?? { annotatorId: b.annotator, points: [] };
    s.points.push({ t: b.bucketStart, mean: b.mean, low: b.lower, high: b.upper, n: b.n });
    series.set(b.annotator, s);
  }
  const totals = new Map(accuracyByAnnotator(overall).map((a) => [a.annotator, a]));
  const heatmap = accuracyByAnnotatorLabel(perLabel).flatMap((c) =>
    c.label === null ? [] : [{ annotatorId: c.annotator, label: c.label, accuracy: c.mean, low: c.n > 0 ? c.lower : null, high: c.n > 0 ? c.upper : null, n: c.n, sufficient: c.n >= input.minN }],
  );
  const throughput = input.work
    .filter((w) => w.items > 0 && w.totalMs > 0)
    .map((w) => {
      const seconds = w.totalMs / w.items / 1000;
      const acc = totals.get(w.annotatorId);
      return { annotatorId: w.annotatorId, itemsPerHour: 3600 / seconds, secondsPerItem: seconds, accuracy: acc?.mean ?? null, n: acc?.n ?? 0 };
    });

  const names = new Map(input.annotators.map((a) => [a.id, a.name]));
  const alerts: DashboardAlert[] = [];
  for (const a of totals.values()) {
    if (a.mean === null || a.n < input.minN || a.mean >= input.threshold) continue;
    // The whole interval below the threshold is a finding; a mean below it is a warning.
    const sure = a.upper < input.threshold;
    alerts.push({
      id: `below:${a.annotator}`,
      kind: 'below_threshold',
      severity: sure ? 'critical' : 'warning',
      title: `${names.get(a.annotator) ?? 'An annotator'} is below the threshold`,
      detail: `gold accuracy ${(a.mean * 100).toFixed(0)}% (95% interval ${(a.lower * 100).toFixed(0)}–${(a.upper * 100).toFixed(0)}%, n=${a.n}) against ${(input.threshold * 100).toFixed(0)}%`,
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
    accuracy: [...series.values()],
    heatmap,
    confusion: [...confusion].map(([k, count]) => {
      const [truth = '', answer = ''] = k.split('\u0000');
      return { truth, answer, count };
    }),
    throughput,
    alerts,
  };
}
