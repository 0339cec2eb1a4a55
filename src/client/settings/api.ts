// A project's settings (leads): the queue (gold interleaving, overlap, qualification) and the
// gold policy. Responses parsed with their wire schemas.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { GoldPolicySettings, QueueSettingsResponse, type QueueSettingsPatch } from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

export function useQueueSettings(projectId: string) {
  return useQuery({
    queryKey: ['queue-settings', projectId],
    retry: retryTransient,
    queryFn: () => api(`/api/projects/${projectId}/queue-settings`, QueueSettingsResponse),
  });
}

export function useSaveQueueSettings(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: QueueSettingsPatch) => api(`/api/projects/${projectId}/queue-settings`, QueueSettingsResponse, { method: 'PUT', body: patch }),
    onSuccess: (saved) => qc.setQueryData(['queue-settings', projectId], saved),
  });
}

export function useGoldPolicy(projectId: string) {
  return useQuery({
    queryKey: ['gold-policy', projectId],
    retry: retryTransient,
    queryFn: () => api(`/api/projects/${projectId}/gold-policy`, GoldPolicySettings),
  });
}

export function useSaveGoldPolicy(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<GoldPolicySettings>) => api(`/api/projects/${projectId}/gold-policy`, GoldPolicySettings, { method: 'PUT', body: patch }),
    onSuccess: (saved) => qc.setQueryData(['gold-policy', projectId], saved),
  });
}
