// What the entry starts at once, before the app's code has built its schemas or rendered: on every
// signed-in page, who is signed in; on the annotate page also the project, the queue, the screen's
// code and the local database, and, as their answers come, the editor for the project's kind and
// the queue's first image. Each answer is taken by the code that would otherwise have asked later
// (startup/early.ts), so a cold open waits for the longest of these instead of their sum.
import { startEarly } from './early.ts';
import { meKey, meRequest, projectKey, projectRequest, queueKey, queueRequest } from './pageRequests.ts';

const PUBLIC = /^\/(login|setup\/|account\/)/;
const ANNOTATE = /^\/projects\/([^/]+)\/annotate\/?$/;

/** A look at an answer's body for a hint, leaving the answer itself to be read by its taker. */
const peek = (res: Response): Promise<unknown> => (res.ok ? res.clone().json() : Promise.reject(new Error(String(res.status))));

export function openEarly(pathname: string): void {
  if (PUBLIC.test(pathname)) return;
  startEarly(meKey, meRequest);
  const projectId = ANNOTATE.exec(pathname)?.[1];
  if (!projectId) return;
  startEarly(queueKey(projectId), async () => {
    const res = await queueRequest(projectId);
    // The first image the screen will open, nearly always: on a fresh device exactly; on one that
    // holds unsent work on that item, one decode spent (refreshQueue then picks by local state).
    void peek(res)
      .then((body) => {
        const items = (body as { items: Array<{ position: number; image: { url: string } | null }> }).items.filter((i) => i.image);
        const first = items.sort((a, b) => a.position - b.position)[0];
        if (first) return import('../work/imagePreload.ts').then((m) => m.preloadImage(first.image!.url, null, true));
        return null;
      })
      .catch(() => undefined);
    return res;
  });
  startEarly(projectKey(projectId), async () => {
    const res = await projectRequest(projectId);
    void peek(res)
      .then((body) => import('../editor/ItemEditor.tsx').then((m) => m.preloadEditor((body as { kind: 'image' | 'text' }).kind)))
      .catch(() => undefined);
    return res;
  });
  // The screen's code, and the local database opened (on a first visit, created) meanwhile.
  void import('../screens/AnnotateScreen.tsx').catch(() => undefined);
  void import('../local/db.ts').then((m) => m.localDb.open()).catch(() => undefined);
}
