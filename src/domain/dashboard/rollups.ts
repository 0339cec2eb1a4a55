// The dashboard from the pre-rolled sums the sync hook keeps (gold_totals: all-time per annotator,
// label and guideline version; gold_daily: per UTC day). The server reads the totals whole (a few
// rows per annotator) and the daily rows of the recent drift window only; this turns them into the
// drift windows buildDashboardFromAggregates expects, the per-version breakdown, and the choice of
// which annotators get an accuracy-over-time line.
import type { DashboardView } from '../api/dashboard-view.ts';
import { proportionInterval } from '../metrics/intervals.ts';
import { WHOLE_ITEM, type WindowRow } from './aggregates.ts';

export interface TotalRow {
  userId: string;
  label: string;
  versionId: string;
  n: number;
  sum: number;
}
export interface RecentRow {
  userId: string;
  label: string;
  n: number;
  sum: number;
}

const key = (userId: string, label: string) => `${userId}\u0000${label}`;

/**
 * Drift windows: the recent window as summed from the daily rows, and the baseline as the all-time
 * total minus it — so the two together are exactly the total, with no scan of the older days.
 */
export function windowsFromRollups(totals: readonly TotalRow[], recent: readonly RecentRow[]): WindowRow[] {
  const all = new Map<string, WindowRow>();
  for (const t of totals) {
    const k = key(t.userId, t.label);
    const w = all.get(k);
    if (w) {
      w.n += t.n;
      w.sum += t.sum;
    } else all.set(k, { userId: t.userId, label: t.label, recent: false, n: t.n, sum: t.sum });
  }
  const out: WindowRow[] = [];
  const late = new Map(recent.map((r) => [key(r.userId, r.label), r]));
  for (const [k, w] of all) {
    const r = late.get(k);
    if (r && r.n > 0) out.push({ userId: w.userId, label: w.label, recent: true, n: r.n, sum: r.sum });
    const n = w.n - (r?.n ?? 0);
    // Floating sums: a baseline of zero items carries no sum, whatever rounding left behind.
    if (n > 0) out.push({ userId: w.userId, label: w.label, recent: false, n, sum: Math.max(0, w.sum - (r?.sum ?? 0)) });
  }
  return out;
}

/** Whole-item accuracy per guideline version: the team's (annotatorId null), then each annotator's. */
export function versionBreakdown(totals: readonly TotalRow[], versions: ReadonlyArray<{ id: string; name: string }>): DashboardView['versions'] {
  const team = new Map<string, { n: number; sum: number }>();
  const each = new Map<string, { userId: string; versionId: string; n: number; sum: number }>();
  for (const t of totals) {
    if (t.label !== WHOLE_ITEM || t.n <= 0) continue;
    const s = team.get(t.versionId) ?? { n: 0, sum: 0 };
    s.n += t.n;
    s.sum += t.sum;
    team.set(t.versionId, s);
    const k = key(t.userId, t.versionId);
    const e = each.get(k) ?? { userId: t.userId, versionId: t.versionId, n: 0, sum: 0 };
    e.n += t.n;
    e.sum += t.sum;
    each.set(k, e);
  }
  const name = new Map(versions.map((v) => [v.id, v.name]));
  const order = new Map(versions.map((v, i) => [v.id, i]));
  const cell = (versionId: string, annotatorId: string | null, s: { n: number; sum: number }) => {
    const ci = proportionInterval(Math.min(Math.max(s.sum, 0), s.n), s.n);
    return {
      versionId,
      version: name.get(versionId) ?? 'unknown version',
      annotatorId,
      accuracy: Math.min(1, Math.max(0, s.sum / s.n)),
      low: ci.lower,
      high: ci.upper,
      n: s.n,
    };
  };
  const byOrder = (a: { versionId: string }, b: { versionId: string }) => (order.get(a.versionId) ?? 1e9) - (order.get(b.versionId) ?? 1e9);
  return [...[...team].map(([v, s]) => cell(v, null, s)).sort(byOrder), ...[...each.values()].map((e) => cell(e.versionId, e.userId, e)).sort(byOrder)];
}

/** Most lines the accuracy-over-time chart gets unless the lead asks for others. */
export const SERIES_LIMIT = 12;

/**
 * Whose accuracy line to draw: the ids asked for (members only), else annotators named by an alert,
 * then the lowest whole-item accuracy — the people a lead opens the dashboard to look at.
 */
export function pickSeriesAnnotators(
  view: Pick<DashboardView, 'alerts' | 'throughput' | 'heatmap'>,
  members: ReadonlySet<string>,
  requested: readonly string[] | undefined,
  limit = SERIES_LIMIT,
): string[] {
  if (requested && requested.length > 0) return [...new Set(requested.filter((id) => members.has(id)))].slice(0, 50);
  const picked = new Set<string>();
  for (const a of view.alerts) {
    const id = a.id.split(':')[1];
    if (id && members.has(id) && picked.size < limit) picked.add(id);
  }
  const ranked = view.throughput.filter((t) => t.accuracy !== null).sort((a, b) => (a.accuracy ?? 0) - (b.accuracy ?? 0));
  for (const t of ranked) if (picked.size < limit) picked.add(t.annotatorId);
  // Gold scored but no throughput row (older data): fall back to the heatmap's annotators.
  for (const c of view.heatmap) if (picked.size < limit) picked.add(c.annotatorId);
  return [...picked];
}
