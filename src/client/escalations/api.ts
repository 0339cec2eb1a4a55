// The lead's escalation queue: reads and decisions. Responses are parsed with their wire schemas.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  BulkDecisionResult,
  EscalationDetail,
  LeadEscalation,
  LeadEscalationList,
  type DecideEscalation,
  type EscalationQuery,
} from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

const base = (projectId: string) => `/api/projects/${projectId}/escalations`;

export type Filters = Omit<EscalationQuery, 'sort'>;

/** The query string of the filters: only values set, each URL-encoded. */
export function filterQuery(f: Filters): string {
  const params = new URLSearchParams({ status: f.status });
  if (f.reason) params.set('reason', f.reason);
  if (f.label) params.set('label', f.label);
  if (f.annotatorId) params.set('annotatorId', f.annotatorId);
  if (f.olderThanHours) params.set('olderThanHours', String(f.olderThanHours));
  return params.toString();
}

export function useLeadEscalations(projectId: string, f: Filters) {
  return useQuery({
    queryKey: ['lead-escalations', projectId, f],
    retry: retryTransient,
    // Changing a filter keeps the old rows on screen until the new ones arrive (no flash of "none").
    placeholderData: keepPreviousData,
    queryFn: () => api(`${base(projectId)}?${filterQuery(f)}`, LeadEscalationList),
  });
}

export function useEscalationDetail(projectId: string, escalationId: string | undefined) {
  return useQuery({
    queryKey: ['escalation', projectId, escalationId],
    enabled: !!escalationId,
    retry: retryTransient,
    queryFn: () => api(`${base(projectId)}/${escalationId}`, EscalationDetail),
  });
}

/** One escalation (`ids` of length 1, the single endpoint) or several look-alikes (the bulk endpoint, all or nothing). */
export function useDecideEscalations(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { ids: string[]; decision: DecideEscalation; bulk: boolean }) =>
      v.bulk
        ? (await api(`${base(projectId)}/bulk-decision`, BulkDecisionResult, { method: 'POST', body: { escalationIds: v.ids, decision: v.decision } }))
            .escalations
        : [await api(`${base(projectId)}/${v.ids[0]}/decision`, LeadEscalation, { method: 'POST', body: v.decision })],
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['lead-escalations', projectId] });
      void qc.invalidateQueries({ queryKey: ['escalation', projectId] });
    },
  });
}
