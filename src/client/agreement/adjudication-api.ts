// Adjudication reads and writes. Responses are parsed with their wire schemas.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { AdjudicationList, AgreementItem, type AnnotationPayload } from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

const base = (projectId: string) => `/api/projects/${projectId}`;

export function useAdjudications(projectId: string) {
  return useQuery({
    queryKey: ['adjudications', projectId],
    retry: retryTransient,
    queryFn: ({ signal }) => api(`${base(projectId)}/adjudications`, AdjudicationList, { signal }),
  });
}

/** The item with every annotator's answer (the agreement screen's side-by-side source). */
export function useAgreementItem(projectId: string, itemId: string) {
  return useQuery({
    queryKey: ['agreement-item', projectId, itemId],
    retry: retryTransient,
    queryFn: ({ signal }) => api(`${base(projectId)}/agreement/items/${itemId}`, AgreementItem, { signal }),
  });
}

export function useResolveAdjudication(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { itemId: string; payload: AnnotationPayload }) =>
      api(`${base(projectId)}/adjudications/${v.itemId}`, z.null(), { method: 'PUT', body: { payload: v.payload } }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['adjudications', projectId] }),
  });
}
