// What the dashboard's charts draw, independent of how the monitoring endpoints spell it: the
// adapter (adapt.ts) maps the wire responses into these, so a chart never parses the wire.

export interface AnnotatorRef {
  id: string;
  name: string;
}

/** One time bucket of one annotator: mean gold score with its interval, and how many scores. */
export interface TimePoint {
  t: number;
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number;
}
export interface AccuracySeries {
  annotator: AnnotatorRef;
  points: TimePoint[];
}

export interface HeatCell {
  annotatorId: string;
  label: string;
  accuracy: number | null;
  low: number | null;
  high: number | null;
  n: number;
  /** Too few scores to say anything: drawn grey. */
  sufficient: boolean;
}

/** How often gold label `truth` was answered with `answer` (answer "∅" = missed, truth "∅" = extra). */
export interface ConfusionCell {
  truth: string;
  answer: string;
  count: number;
}

export interface ThroughputPoint {
  annotator: AnnotatorRef;
  itemsPerHour: number;
  secondsPerItem: number;
  accuracy: number | null;
  n: number;
}

export interface AlertAction {
  id: string;
  title: string;
}
export interface AlertView {
  id: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  detail: string;
  at: string | null;
  actions: AlertAction[];
}

/** Whole-item gold accuracy under one guideline version: the team's (annotatorId null) or one annotator's. */
export interface VersionCell {
  versionId: string;
  version: string;
  annotatorId: string | null;
  accuracy: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

export interface DashboardModel {
  annotators: AnnotatorRef[];
  labels: Array<{ id: string; name: string }>;
  threshold: number;
  accuracy: AccuracySeries[];
  heatmap: HeatCell[];
  confusion: ConfusionCell[];
  throughput: ThroughputPoint[];
  alerts: AlertView[];
  versions: VersionCell[];
  /** How many annotators have an accuracy line at all; \`accuracy\` holds the few drawn. */
  seriesTotal: number;
  /** Hidden repeats: per annotator with answered repeats, their self-consistency (mean null: too few). */
  selfConsistency: SelfConsistencyRow[];
}

export interface SelfConsistencyRow {
  annotator: AnnotatorRef;
  answered: number;
  mean: number | null;
  minN: number;
}

// Okabe–Ito first (safe for colour-blind readers), then Tableau 10 for larger teams.
const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#8C6D31',
  '#4E79A7',
  '#F28E2B',
  '#59A14F',
  '#B07AA1',
  '#76B7B2',
  '#EDC948',
  '#FF9DA7',
  '#9C755F',
  '#BAB0AC',
];

/** One colour per annotator, the same in every chart: assigned by position in the sorted list. */
export function annotatorColors(annotators: readonly AnnotatorRef[]): Map<string, string> {
  const sorted = [...annotators].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return new Map(sorted.map((a, i) => [a.id, PALETTE[i % PALETTE.length] as string]));
}

export const pct = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`);

/** Sequential red→amber→green for accuracy; below the threshold reads as "bad" at a glance. */
export function accuracyColor(v: number, threshold: number): string {
  const stops: Array<[number, [number, number, number]]> = [
    [0, [185, 28, 28]],
    [threshold, [245, 158, 11]],
    [1, [21, 128, 61]],
  ];
  const x = Math.min(1, Math.max(0, v));
  const [a, b] = x <= threshold ? [stops[0], stops[1]] : [stops[1], stops[2]];
  if (!a || !b) return '#9ca3af';
  const f = b[0] === a[0] ? 0 : (x - a[0]) / (b[0] - a[0]);
  const c = a[1].map((ch, i) => Math.round(ch + f * ((b[1][i] ?? ch) - ch)));
  return `rgb(${c.join(' ')})`;
}
