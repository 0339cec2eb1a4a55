// The administrator's reads and writes: people, invitations, reset links.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AdminUser,
  AdminUserList,
  Invitation,
  InvitationCreated,
  InvitationList,
  PasswordResetCreated,
  type CreateInvitationRequest,
} from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

const retry = retryTransient;

export function useAdminUsers() {
  return useQuery({ queryKey: ['admin', 'users'], queryFn: () => api('/api/admin/users', AdminUserList), retry });
}

export function useInvitations() {
  return useQuery({ queryKey: ['admin', 'invitations'], queryFn: () => api('/api/admin/invitations', InvitationList), retry });
}

function useAdminMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['admin'] }) });
}

export const useInvite = () => useAdminMutation((body: CreateInvitationRequest) => api('/api/admin/invitations', InvitationCreated, { method: 'POST', body }));
export const useRevokeInvitation = () => useAdminMutation((id: string) => api(`/api/admin/invitations/${id}`, Invitation, { method: 'DELETE' }));
export const useResetPassword = () =>
  useAdminMutation((userId: string) => api(`/api/admin/users/${userId}/password-reset`, PasswordResetCreated, { method: 'POST' }));
export const useSetAdmin = () =>
  useAdminMutation(({ userId, isAdmin }: { userId: string; isAdmin: boolean }) =>
    api(`/api/admin/users/${userId}`, AdminUser, { method: 'PUT', body: { isAdmin } }),
  );
/** Deactivating ends the person's sessions at once; their labels stay. */
export const useSetActive = () =>
  useAdminMutation(({ userId, active }: { userId: string; active: boolean }) =>
    api(`/api/admin/users/${userId}/${active ? 'reactivate' : 'deactivate'}`, AdminUser, { method: 'POST' }),
  );

/** A link as someone outside can open it (the server may answer a path). */
export function absoluteLink(url: string): string {
  return new URL(url, window.location.origin).href;
}
