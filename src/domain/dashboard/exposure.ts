// Gold against collusion: annotators who compare notes can spot gold by how often an
// item recurs among them. A gold item served to far more people than any live item stands out; a
// capped pool that is nearly used up will soon leave queues without gold. Both become lead alerts.
import type { DashboardAlert } from '../api/dashboard-view.ts';

export interface ExposureInput {
  /** Distinct annotators each active gold item was served to. */
  gold: readonly number[];
  /** The most annotators any live (non-gold) item was served to: what "normal" recurrence looks like. */
  liveReach: number;
  /** The project's cap per gold item, or null. */
  cap: number | null;
}

/** A gold item stands out when served to more than this many times the live reach (and to at least MIN_NOTICEABLE people). */
export const STANDOUT_FACTOR = 2;
const MIN_NOTICEABLE = 5;
/** Share of the gold pool at its cap from which the lead is warned. */
export const POOL_WARNING = 0.8;

export function exposureAlerts({ gold, liveReach, cap }: ExposureInput): DashboardAlert[] {
  const alerts: DashboardAlert[] = [];
  const limit = Math.max(MIN_NOTICEABLE - 1, STANDOUT_FACTOR * Math.max(1, liveReach));
  const standing = gold.filter((n) => n > limit);
  if (standing.length > 0) {
    const most = Math.max(...standing);
    alerts.push({
      id: 'exposure:standout',
      kind: 'gold_exposure',
      severity: 'warning',
      title: `${standing.length} gold item${standing.length === 1 ? '' : 's'} recur${standing.length === 1 ? 's' : ''} far more than live work`,
      detail: `Served to up to ${most} annotators, while no live item went to more than ${liveReach}. Annotators who compare what they were served could tell these apart. ${cap === null ? 'Set a gold exposure cap in Settings' : 'Lower the gold exposure cap in Settings'}, or add gold items so each is served less.`,
      at: null,
      actions: [],
    });
  }
  if (cap !== null && gold.length > 0) {
    const full = gold.filter((n) => n >= cap).length;
    if (full / gold.length >= POOL_WARNING) {
      alerts.push({
        id: 'exposure:pool',
        kind: 'gold_exposure',
        severity: full === gold.length ? 'critical' : 'warning',
        title: full === gold.length ? 'The gold pool is used up' : 'The gold pool is running out',
        detail: `${full} of ${gold.length} gold items have reached the exposure cap of ${cap} annotators${full === gold.length ? ': queues get no more gold, so accuracy is no longer measured' : ''}. Add gold items or raise the cap.`,
        at: null,
        actions: [],
      });
    }
  }
  return alerts;
}
