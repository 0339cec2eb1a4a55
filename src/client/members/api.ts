// A project's members: every route answers the whole list after its change.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ProjectMemberList, type AddMemberRequest, type Role } from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

export function useMembers(projectId: string) {
  return useQuery({ queryKey: ['members', projectId], queryFn: () => api(`/api/projects/${projectId}/members`, ProjectMemberList), retry: retryTransient });
}

function useMembersMutation<A>(projectId: string, fn: (arg: A) => Promise<ProjectMemberList>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (list) => qc.setQueryData(['members', projectId], list) });
}

export const useAddMember = (projectId: string) =>
  useMembersMutation(projectId, (body: AddMemberRequest) => api(`/api/projects/${projectId}/members`, ProjectMemberList, { method: 'POST', body }));
/** The member's whole set of roles; an empty set removes them (their leased items go back to the pool). */
export const useSetRoles = (projectId: string) =>
  useMembersMutation(projectId, ({ userId, roles }: { userId: string; roles: Role[] }) =>
    api(`/api/projects/${projectId}/members/${userId}`, ProjectMemberList, { method: 'PUT', body: { roles } }),
  );
