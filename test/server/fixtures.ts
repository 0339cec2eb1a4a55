import { randomBytes } from 'node:crypto';
import type { AnnotationPayload, CreateEscalation, SubmitAnnotation } from '../../src/domain/api/index.ts';
import { uuidv7 } from '../../src/domain/ids.ts';
import type { Db } from '../../src/server/db/client.ts';
import { annotations } from '../../src/server/db/schema.ts';
import { queueAgreementItem } from '../../src/server/agreement/agreement-items.ts';
import { scoringRunner } from '../../src/server/gold/gold-scoring.ts';
import { annotatorHandles } from '../../src/server/queue/annotator-handles.ts';
import type { Caller } from './harness.ts';

export const mutationId = () => uuidv7(Date.now(), randomBytes(10));

/** An escalation as the outbox sends it ('not covered by the guideline' unless `extra` says otherwise). */
export const escalationOf = (projectId: string, itemId: string, guidelineVersionId: string, extra: Partial<CreateEscalation> = {}): CreateEscalation => ({
  id: mutationId(),
  type: 'escalation.create',
  projectId,
  itemId,
  guidelineVersionId,
  reason: 'not_covered',
  note: 'The guideline says nothing about this.',
  guidelineRef: '',
  createdAt: new Date().toISOString(),
  ...extra,
});

export function submission(projectId: string, itemId: string, guidelineVersionId: string, payload: Partial<AnnotationPayload>): SubmitAnnotation {
  const now = new Date();
  return {
    id: mutationId(),
    type: 'annotation.submit',
    projectId,
    itemId,
    guidelineVersionId,
    payload: { shapes: [], spans: [], classes: [], ...payload },
    startedAt: new Date(now.getTime() - 5000).toISOString(),
    submittedAt: now.toISOString(),
    durationMs: 5000,
  };
}

/** POST /api/sync, then wait for the gold scoring that runs after the commit, so tests read settled figures. */
export async function sync(caller: Caller, ...mutations: unknown[]) {
  const res = await caller.post('/api/sync', { schemaVersion: 1, mutations });
  await scoringRunner(caller.server.ctx).flush();
  return res;
}

/** The annotator's queue and the project's current guideline version. */
export async function queueOf(caller: Caller, projectId: string) {
  const project = await caller.get(`/api/projects/${projectId}`);
  const queue = await caller.post(`/api/projects/${projectId}/queue?limit=20`);
  if (queue.status !== 200) throw new Error(`queue: ${queue.status} ${JSON.stringify(queue.body)}`);
  return {
    items: queue.body.items as Array<{ id: string; kind: string; image: { url: string; width: number; height: number } | null; text: string | null }>,
    guidelineVersionId: project.body.guideline.id as string,
  };
}

/**
 * POST /api/sync with items named by their real ids, each sent as the caller's own handle of it
 * (what their client would hold): for tests that follow one item across several annotators.
 */
export async function syncReal(caller: Caller, ...mutations: Array<{ projectId: string; itemId: string }>) {
  const me = await caller.get('/api/auth/me');
  const userId = me.body.user.id as string;
  return sync(caller, ...mutations.map((m) => ({ ...m, itemId: annotatorHandles(caller.server.ctx, m.projectId, userId).item(m.itemId) })));
}

/**
 * The caller's handles in a project, both ways: an annotator is sent their own handle for every
 * item (queue/annotator-handles.ts), while the database and the leads' routes use real ids.
 */
export async function handlesOf(caller: Caller, projectId: string) {
  const me = await caller.get('/api/auth/me');
  if (me.status !== 200) throw new Error(`me: ${me.status}`);
  const h = annotatorHandles(caller.server.ctx, projectId, me.body.user.id as string);
  return { real: (handle: string) => h.itemId(handle), handle: (itemId: string) => h.item(itemId) };
}

export const box = (label: string, x: number, y: number, w: number, h: number, id = `b${x}-${y}`) => ({
  id,
  kind: 'box' as const,
  label,
  x,
  y,
  w,
  h,
  attributes: {},
});

/**
 * Stores revisions straight in the database, as the sync's transaction stores them (the rows, and
 * their items queued for agreement), for cases the queue would not serve as set up.
 */
export async function storeRevisions(db: Db, rows: Array<typeof annotations.$inferInsert & { id: string }>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(annotations).values(rows);
    for (const r of rows) await queueAgreementItem(tx, { revisionId: r.id, projectId: r.projectId, itemId: r.itemId });
  });
}
