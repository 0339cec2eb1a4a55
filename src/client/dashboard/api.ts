import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { DashboardView, type DashboardAlertAction } from '../../domain/api/index.ts';
import { api, ApiError } from '../api/http.ts';
import type { DashboardModel } from './model.ts';

const retry = (count: number, error: Error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2;

export type Bucket = 'hour' | 'day' | 'week';

/**
 * The dashboard, refreshed every 30 s while open so the lead sees accuracy move. `annotators`
 * names whose accuracy lines to draw; without it the server picks the few worth looking at.
 */
export function useDashboard(projectId: string, bucket: Bucket, annotators: readonly string[] = []) {
  const query = new URLSearchParams({ bucket });
  if (annotators.length > 0) query.set('annotators', annotators.join(','));
  return useQuery({
    queryKey: ['dashboard', projectId, bucket, annotators.join(',')],
    retry,
    refetchInterval: 30_000,
    placeholderData: (previous) => previous,
    queryFn: async () => toModel(await api(`/api/projects/${projectId}/dashboard?${query.toString()}`, DashboardView)),
  });
}

/** Runs an alert's action on the endpoint the server named for it, then reloads the dashboard. */
export function useAlertAction(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: DashboardAlertAction) => api(action.path, z.unknown(), { method: action.method, body: action.body ?? {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['dashboard', projectId] }),
  });
}

export interface LoadedDashboard {
  model: DashboardModel;
  actions: Map<string, DashboardAlertAction>;
}

function toModel(v: DashboardView): LoadedDashboard {
  const who = new Map(v.annotators.map((a) => [a.id, a]));
  const ref = (id: string) => who.get(id) ?? { id, name: 'former member' };
  const actions = new Map<string, DashboardAlertAction>();
  for (const a of v.alerts) for (const act of a.actions) actions.set(`${a.id}:${act.id}`, act);
  return {
    actions,
    model: {
      annotators: v.annotators,
      labels: v.labels,
      threshold: v.threshold,
      accuracy: v.accuracy.map((s) => ({ annotator: ref(s.annotatorId), points: s.points })),
      heatmap: v.heatmap,
      confusion: v.confusion,
      throughput: v.throughput.map((t) => ({ ...t, annotator: ref(t.annotatorId) })),
      alerts: v.alerts.map((a) => ({ ...a, actions: a.actions.map((x) => ({ id: x.id, title: x.title })) })),
      versions: v.versions,
      seriesTotal: v.seriesTotal,
      selfConsistency: (v.selfConsistency ?? [])
        .map((r) => ({ ...r, annotator: ref(r.annotatorId) }))
        .sort((a, b) => a.annotator.name.localeCompare(b.annotator.name)),
    },
  };
}
