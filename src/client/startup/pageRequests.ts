// The requests a page opens with, as bare requests (answers not yet read), so the app's entry can
// start them before the wire schemas are built (startup/openEarly.ts). Whoever reads an answer
// takes the early one if there is one (takeEarlyOr) and reads it with its schema (api/http.ts).
import { send } from '../api/send.ts';

/** Who is signed in. */
export const meKey = 'me';
export const meRequest = () => send('/api/auth/me');

/** A project's detail: schema, guideline, the member's roles. */
export const projectKey = (projectId: string) => `project:${projectId}`;
export const projectRequest = (projectId: string) => send(`/api/projects/${projectId}`);

/** Items asked for per queue fetch: a day's start offline, and the next images decoded ahead. */
export const PREFETCH = 20;

/** Leases up to PREFETCH items to the signed-in annotator (a POST: leasing changes state). */
export const queueKey = (projectId: string) => `queue:${projectId}`;
export const queueRequest = (projectId: string) => send(`/api/projects/${projectId}/queue?limit=${PREFETCH}`, { method: 'POST' });
