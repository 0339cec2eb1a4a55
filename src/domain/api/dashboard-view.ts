import { z } from 'zod';
import { Id, IsoDateTime } from './common.ts';

// The lead's dashboard in one read: everything its charts draw, already aggregated. Leads only.
// An alert's actions name the endpoint that carries them out, so the client never hard-codes
// which policy routes exist.

const Fraction = z.number().min(0).max(1);
export const DashboardAnnotator = z.object({ id: Id, name: z.string() });

export const DashboardTimePoint = z.object({
  t: z.number(),
  mean: Fraction.nullable(),
  low: Fraction.nullable(),
  high: Fraction.nullable(),
  n: z.number().int().nonnegative(),
});
export const DashboardSeries = z.object({ annotatorId: Id, points: z.array(DashboardTimePoint) });

export const DashboardHeatCell = z.object({
  annotatorId: Id,
  label: z.string(),
  accuracy: Fraction.nullable(),
  low: Fraction.nullable(),
  high: Fraction.nullable(),
  n: z.number().int().nonnegative(),
  sufficient: z.boolean(),
});

/** truth "∅": an answer with no gold counterpart; answer "∅": a gold label nobody answered. */
export const DashboardConfusionCell = z.object({ truth: z.string(), answer: z.string(), count: z.number().int().nonnegative() });

export const DashboardThroughput = z.object({
  annotatorId: Id,
  itemsPerHour: z.number().nonnegative(),
  secondsPerItem: z.number().nonnegative(),
  accuracy: Fraction.nullable(),
  n: z.number().int().nonnegative(),
});

export const DashboardAlertAction = z.object({
  id: z.string(),
  title: z.string(),
  method: z.enum(['POST', 'PUT', 'DELETE']),
  path: z.string().startsWith('/api/'),
  body: z.record(z.string(), z.unknown()).optional(),
});
export type DashboardAlertAction = z.infer<typeof DashboardAlertAction>;

export const DashboardAlert = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string(),
  detail: z.string(),
  at: IsoDateTime.nullable(),
  actions: z.array(DashboardAlertAction),
});
export type DashboardAlert = z.infer<typeof DashboardAlert>;

/** Gold accuracy under one guideline version: the whole team (annotatorId null) or one annotator. */
export const DashboardVersionCell = z.object({
  versionId: Id,
  version: z.string(),
  annotatorId: Id.nullable(),
  accuracy: Fraction.nullable(),
  low: Fraction.nullable(),
  high: Fraction.nullable(),
  n: z.number().int().nonnegative(),
});

/**
 * Hidden repeats: per annotator, repeats answered and the mean self-consistency (their
 * repeat answer against their own first answer, gold matching rules); null below `minN` answers.
 */
export const DashboardSelfConsistency = z.object({
  annotatorId: Id,
  answered: z.number().int().nonnegative(),
  mean: Fraction.nullable(),
  minN: z.number().int().positive(),
});
export type DashboardSelfConsistency = z.infer<typeof DashboardSelfConsistency>;

export const DashboardView = z.object({
  projectId: Id,
  threshold: Fraction,
  bucketMs: z.number().int().positive(),
  annotators: z.array(DashboardAnnotator),
  labels: z.array(z.object({ id: z.string(), name: z.string() })),
  accuracy: z.array(DashboardSeries),
  heatmap: z.array(DashboardHeatCell),
  confusion: z.array(DashboardConfusionCell),
  throughput: z.array(DashboardThroughput),
  alerts: z.array(DashboardAlert),
  /**
   * The series above are drawn for a few annotators only (1,000 lines are unreadable and heavy):
   * those asked for with ?annotators=, else those with alerts, then the lowest accuracy.
   * seriesTotal says how many annotators have a series at all.
   */
  seriesTotal: z.number().int().nonnegative().default(0),
  versions: z.array(DashboardVersionCell).default([]),
  /** Only annotators with at least one answered repeat; absent from older servers. */
  selfConsistency: z.array(DashboardSelfConsistency).optional(),
});
export type DashboardView = z.infer<typeof DashboardView>;

export const DashboardQuery = z.strictObject({
  bucket: z.enum(['hour', 'day', 'week']).default('day'),
  /** Comma-separated annotator ids whose accuracy series to draw (at most 50); default: a chosen few. */
  annotators: z
    .string()
    .max(50 * 37)
    .optional(),
});
