import { QueueResponse, type QueueItem } from '../../domain/api/index.ts';
import { read } from '../api/http.ts';
import { takeEarlyOr } from '../startup/early.ts';
import { cacheAssets, pruneAssets } from '../local/assets.ts';
import { preloadImage } from './imagePreload.ts';
import { itemKey, type LocalQueueEntry, type TouchstoneDb } from '../local/db.ts';
import { queueKey, queueRequest } from '../startup/pageRequests.ts';

export { PREFETCH } from '../startup/pageRequests.ts';

/**
 * Pulls the annotator's leased items into Dexie. Local state wins: an item already submitted
 * on this device stays submitted even if the server has not heard of it yet.
 */
export async function refreshQueue(db: TouchstoneDb, userId: string, projectId: string): Promise<{ quotaFull: boolean; paused: boolean }> {
  // Read beside the request, so the first image can be chosen the moment the answer arrives.
  const localBefore = db.queue
    .where('[userId+projectId]')
    .equals([userId, projectId])
    .toArray()
    .catch(() => []);
  // The request the app's entry started on a cold open of this page, if any. Work this device sent
  // after it was asked for is not in its `done` count.
  const { response, askedAt: asked } = await takeEarlyOr(queueKey(projectId), () => queueRequest(projectId));
  const { items, paused, done } = await read(response, QueueResponse);
  const now = Date.now();
  // The first image to do starts downloading and decoding now, beside the writes below and the
  // opening of the editor, not after them: on a cold open it is the last thing the screen waits for.
  // "To do" as the writes below will leave it: an item this device already finished is not opened
  // next, and preloading it would take a decoded slot from one that is.
  const before = new Map((await localBefore).map((e) => [e.key, e]));
  const first = firstToDo(items.map((item) => mergeQueueEntry(item, before.get(itemKey(userId, item.id)), userId, now)));
  if (first?.item.image) void preloadImage(first.item.image.url, db).catch(() => null);
  await db.transaction('rw', db.queue, db.progress, async () => {
    await db.progress.put({ key: `${userId}:${projectId}`, done, at: asked });
    for (const item of items) await db.queue.put(mergeQueueEntry(item, await db.queue.get(itemKey(userId, item.id)), userId, now));
  });
  // Images come after the queue is stored: the work list is what matters most offline.
  const assets = await cacheAssets(
    db,
    items.filter((i) => i.image),
  );
  await pruneFinished(db, userId, now).catch(() => 0);
  await pruneAssets(db).catch(() => 0);
  return { quotaFull: assets.quotaFull, paused };
}

/**
 * The local entry a fetched item becomes, given the one this device already has. Local state wins:
 * an item finished here stays finished, unless the server reopened it — sent back for
 * re-annotation (a new task) or an escalation a lead returned (once per return). A skipped item
 * keeps its place at the end of the queue, and its reason, across refreshes.
 */
export function mergeQueueEntry(item: QueueItem, existing: LocalQueueEntry | undefined, userId: string, now: number): LocalQueueEntry {
  const reopened =
    (!!item.reannotation && existing?.item.reannotation?.taskId !== item.reannotation.taskId) ||
    (!!item.returnedEscalation && existing?.item.returnedEscalation?.escalationId !== item.returnedEscalation.escalationId);
  const keepSkip = !!existing?.skipped && !reopened;
  return {
    key: itemKey(userId, item.id),
    userId,
    projectId: item.projectId,
    itemId: item.id,
    position: keepSkip ? existing!.position : item.position,
    item,
    state: reopened ? 'todo' : (existing?.state ?? 'todo'),
    fetchedAt: now,
    ...(keepSkip ? { skipped: existing!.skipped } : {}),
  };
}

/** The entry to do with the lowest position: the one the annotate screen opens first. */
export function firstToDo(entries: LocalQueueEntry[]): LocalQueueEntry | undefined {
  return entries.filter((e) => e.state === 'todo').sort((a, b) => a.position - b.position)[0];
}

/** How long a finished item stays in the local queue after it was last fetched. */
export const FINISHED_RETENTION_MS = 24 * 3_600_000;

/**
 * Drops the account's finished queue entries (and their drafts) not fetched for a day, once the
 * server has their work: an entry whose outbox entry is still pending or rejected stays, or a
 * refresh that still finds the item leased would offer it again as to do. Returns how many went.
 */
export async function pruneFinished(db: TouchstoneDb, userId: string, now: number, retentionMs = FINISHED_RETENTION_MS): Promise<number> {
  return db.transaction('rw', db.queue, db.drafts, db.outbox, async () => {
    const unsent = new Set<string>();
    for (const status of ['pending', 'rejected'] as const) {
      await db.outbox
        .where('[userId+status]')
        .equals([userId, status])
        .each((e) => void unsent.add(e.mutation.itemId));
    }
    const stale = await db.queue
      .filter((e) => e.userId === userId && e.state === 'submitted' && e.fetchedAt < now - retentionMs && !unsent.has(e.itemId))
      .primaryKeys();
    await db.queue.bulkDelete(stale);
    await db.drafts.bulkDelete(stale);
    return stale.length;
  });
}

export function nextTodo(db: TouchstoneDb, userId: string, projectId: string) {
  return db.queue.where('[userId+projectId+state+position]').between([userId, projectId, 'todo', -Infinity], [userId, projectId, 'todo', Infinity]).first();
}

/**
 * The local queue's to-do and submitted entries, and `done`: the items finished on every device.
 * That is the server's count as of the last fetch, plus what this device finished that the count
 * cannot hold: work sent since that fetch started, and work still waiting to be sent (a refused
 * submission finished nothing). This device's own submitted entries alone would miss work done
 * elsewhere, and shrink as finished entries are pruned. Before any fetch has answered, they are
 * all there is.
 */
export async function queueCounts(db: TouchstoneDb, userId: string, projectId: string) {
  const all = await db.queue.where('[userId+projectId]').equals([userId, projectId]).toArray();
  const submitted = all.filter((e) => e.state === 'submitted').length;
  const progress = await db.progress.get(`${userId}:${projectId}`);
  if (!progress) return { todo: all.filter((e) => e.state === 'todo').length, submitted, done: submitted };
  const since = new Set<string>();
  await db.outbox
    .filter(
      (e) => e.userId === userId && e.mutation.projectId === projectId && (e.status === 'pending' || (e.status === 'synced' && e.createdAt >= progress.at)),
    )
    .each((e) => void since.add(e.mutation.itemId));
  return { todo: all.filter((e) => e.state === 'todo').length, submitted, done: progress.done + since.size };
}
