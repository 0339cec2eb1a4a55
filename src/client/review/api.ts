// The review stage's reads and writes (leads). Responses are parsed with their wire schemas.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReviewList, ReviewSettings, ReviewTask, type DecideReview, type ReviewStatus } from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

const base = (projectId: string) => `/api/projects/${projectId}`;

export function useReviews(projectId: string, status: ReviewStatus) {
  return useQuery({
    queryKey: ['reviews', projectId, status],
    retry: retryTransient,
    queryFn: () => api(`${base(projectId)}/reviews?status=${status}&limit=100`, ReviewList),
  });
}

export function useDecideReview(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { reviewId: string; decision: DecideReview }) =>
      api(`${base(projectId)}/reviews/${v.reviewId}/decision`, ReviewTask, { method: 'POST', body: v.decision }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['reviews', projectId] }),
  });
}

export function useReviewSettings(projectId: string) {
  return useQuery({
    queryKey: ['review-settings', projectId],
    retry: retryTransient,
    queryFn: () => api(`${base(projectId)}/review-settings`, ReviewSettings),
  });
}

export function useSaveReviewSettings(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: ReviewSettings) => api(`${base(projectId)}/review-settings`, ReviewSettings, { method: 'PUT', body: v }),
    onSuccess: (saved) => qc.setQueryData(['review-settings', projectId], saved),
  });
}
