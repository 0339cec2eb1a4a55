// The data manager's reads and writes (leads). Responses are parsed with their wire schemas.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ItemDetail, ItemList, ReviewFromItemsResult, type ItemListQuery } from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

const base = (projectId: string) => `/api/projects/${projectId}`;

/** The query string of a list request: only the filters that are set. */
export function itemListPath(projectId: string, q: Partial<ItemListQuery>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  return `${base(projectId)}/items?${params}`;
}

export function useItemList(projectId: string, q: Partial<ItemListQuery>) {
  return useQuery({
    queryKey: ['items', projectId, q],
    retry: retryTransient,
    placeholderData: keepPreviousData,
    queryFn: () => api(itemListPath(projectId, q), ItemList),
  });
}

export function useItemDetail(projectId: string, itemId: string | null) {
  return useQuery({
    queryKey: ['item', projectId, itemId],
    enabled: !!itemId,
    retry: retryTransient,
    queryFn: () => api(`${base(projectId)}/items/${itemId}`, ItemDetail),
  });
}

export function useSendToReview(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (itemIds: string[]) => api(`${base(projectId)}/reviews/from-items`, ReviewFromItemsResult, { method: 'POST', body: { itemIds } }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['items', projectId] });
      void qc.invalidateQueries({ queryKey: ['reviews', projectId] });
    },
  });
}
