// Server reads and writes of gold sets (leads and authors). Every response is parsed with the
// wire schema it was sent with.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { GoldItemDetail, GoldModeItemList, GoldSetList, QueueSettingsResponse, SaveGoldResponse, type AnnotationPayload } from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

const retry = retryTransient;
const base = (projectId: string) => `/api/projects/${projectId}/gold-set`;

export function useGoldSet(projectId: string) {
  return useQuery({ queryKey: ['gold-set', projectId], retry, queryFn: () => api(base(projectId), GoldSetList) });
}

export type GoldFilter = 'all' | 'gold' | 'not_gold';
export function useGoldModeItems(projectId: string, filter: GoldFilter) {
  return useQuery({
    queryKey: ['gold-items', projectId, filter],
    retry,
    // One page of 200 is enough to pick from; the list says when there are more.
    queryFn: () => api(`${base(projectId)}/items?filter=${filter}&limit=200`, GoldModeItemList),
  });
}

export function useGoldItem(projectId: string, itemId: string | null) {
  return useQuery({
    queryKey: ['gold-item', projectId, itemId],
    retry,
    enabled: itemId !== null,
    queryFn: () => api(`${base(projectId)}/items/${itemId}`, GoldItemDetail),
  });
}

export function useSaveGold(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { itemId: string; answer: AnnotationPayload; justification: string }) =>
      api(`${base(projectId)}/items/${v.itemId}`, SaveGoldResponse, { method: 'PUT', body: { answer: v.answer, justification: v.justification } }),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: ['gold-items', projectId] });
      void qc.invalidateQueries({ queryKey: ['gold-set', projectId] });
      qc.setQueryData(['gold-item', projectId, saved.itemId], (old: GoldItemDetail | undefined) => (old ? { ...old, gold: saved.gold } : old));
    },
  });
}

/** Puts a gold item in the declared qualification quiz or takes it out (leads; queue settings). */
export function useToggleQuiz(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { itemId: string; quiz: boolean }) =>
      api(`/api/projects/${projectId}/queue-settings`, QueueSettingsResponse, {
        method: 'PUT',
        body: v.quiz ? { quizAdd: [v.itemId] } : { quizRemove: [v.itemId] },
      }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['gold-set', projectId] });
      void qc.invalidateQueries({ queryKey: ['queue-settings', projectId] });
    },
  });
}
