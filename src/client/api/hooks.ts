import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Me, ProjectDetail, ProjectList } from '../../domain/api/index.ts';
import { api, ApiError, read, retryTransient } from './http.ts';
import { meKey, meRequest, projectKey, projectRequest } from '../startup/pageRequests.ts';
import { forgetEarly, takeEarlyOr } from '../startup/early.ts';

const retry = retryTransient;

/**
 * Who is signed in. The last answer is kept on this device so a reload while offline still opens
 * the annotator's work (the server checks the session again when the outbox is sent).
 */
export function useMe() {
  const query = useQuery({
    queryKey: ['me'],
    retry,
    staleTime: 60_000,
    queryFn: async () => {
      try {
        // The request the app's entry started on a cold open, if any.
        return await read((await takeEarlyOr(meKey, meRequest)).response, Me);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) localStorage.removeItem(ME_KEY);
        const cached = e instanceof ApiError && e.isNetwork ? Me.safeParse(JSON.parse(localStorage.getItem(ME_KEY) ?? 'null')) : undefined;
        if (cached?.success) return cached.data;
        throw e;
      }
    },
  });
  // Kept however the answer arrived (the sign-in screen puts it straight into the cache).
  useEffect(() => {
    if (query.data) localStorage.setItem(ME_KEY, JSON.stringify(query.data));
  }, [query.data]);
  return query;
}
const ME_KEY = 'touchstone.me';

/** Forgets the remembered account (on sign-out), so an offline reload does not open it again. */
export function forgetMe(): void {
  forgetEarly();
  localStorage.removeItem(ME_KEY);
}

export function useProjects() {
  return useQuery({ queryKey: ['projects'], queryFn: () => api('/api/projects', ProjectList), retry });
}

/** The local database, loaded on first use: Dexie stays out of the first screen's JavaScript. */
const loadLocalDb = () => import('../local/db.ts').then((m) => m.localDb);

/** The project (schema + current guideline); cached in Dexie so the editor opens offline. */
export function useProject(projectId: string) {
  return useQuery({
    queryKey: ['project', projectId],
    retry,
    // The page inside the project mounts right after the layout has fetched it (its code loads in
    // between): an answer this fresh is not asked for again.
    staleTime: 5_000,
    queryFn: async () => {
      try {
        // The request the app's entry started on a cold open of a project page, if any.
        const project = await read((await takeEarlyOr(projectKey(projectId), () => projectRequest(projectId))).response, ProjectDetail);
        // Kept for offline use, not waited for: the screen needs the project now, and Dexie's code
        // and database may still be opening. A copy that could not be kept costs only that.
        void loadLocalDb()
          .then((db) => db.projects.put(project))
          .catch(() => undefined);
        return project;
      } catch (e) {
        const cached = e instanceof ApiError && e.isNetwork ? await (await loadLocalDb()).projects.get(projectId) : undefined;
        if (cached) return cached;
        throw e;
      }
    },
  });
}
