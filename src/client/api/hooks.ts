import { useQuery } from '@tanstack/react-query';
import { Me, ProjectDetail, ProjectList } from '../../domain/api/index.ts';
import { localDb } from '../local/db.ts';
import { api, ApiError } from './http.ts';

const retry = (count: number, error: Error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2;

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => api('/api/auth/me', Me), retry, staleTime: 60_000 });
}

export function useProjects() {
  return useQuery({ queryKey: ['projects'], queryFn: () => api('/api/projects', ProjectList), retry });
}

/** The project (schema + current guideline); cached in Dexie so the editor opens offline. */
export function useProject(projectId: string) {
  return useQuery({
    queryKey: ['project', projectId],
    retry,
    queryFn: async () => {
      try {
        const project = await api(`/api/projects/${projectId}`, ProjectDetail);
        await localDb.projects.put(project);
        return project;
      } catch (e) {
        const cached = e instanceof ApiError && e.isNetwork ? await localDb.projects.get(projectId) : undefined;
        if (cached) return cached;
        throw e;
      }
    },
  });
}
