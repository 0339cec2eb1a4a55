// Personal access tokens: the secret comes back once, in the create answer.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { AccessTokenCreated, AccessTokenList, type CreateAccessTokenRequest } from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

export function useTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: () => api('/api/tokens', AccessTokenList), retry: retryTransient });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAccessTokenRequest) => api('/api/tokens', AccessTokenCreated, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/api/tokens/${id}`, z.unknown(), { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tokens'] }),
  });
}
