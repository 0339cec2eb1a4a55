import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueItem } from '../../src/domain/api/index.ts';
import { cacheAssets, pruneAssets, useAssetUrl } from '../../src/client/local/assets.ts';
import { itemKey, TouchstoneDb } from '../../src/client/local/db.ts';
import { isQuotaError, requestPersistence } from '../../src/client/local/storage.ts';
import { SyncEngine } from '../../src/client/sync/engine.ts';
import { MemoryOutboxStore } from '../../src/client/sync/outbox-store.ts';
import { CLAIM_TTL_MS, claimNext, pickItem } from '../../src/client/work/claims.ts';
import { AlreadySubmittedError, submitWork } from '../../src/client/work/submit.ts';
import { peekNext, submitAndAdvance } from '../../src/client/work/advance.ts';
import { shownEntry } from '../../src/client/work/useHandoff.ts';

const U = 'user-1';
const P = '0190a000-0000-7000-8000-0000000000aa';
const itemId = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const queueItem = (n: number, image = false): QueueItem => ({
  id: itemId(n),
  projectId: P,
  kind: image ? 'image' : 'text',
  image: image ? { url: `/api/assets/asset-${n}`, width: 10, height: 10 } : null,
  text: image ? null : `text ${n}`,
  position: n,
  leaseExpiresAt: '2026-01-01T00:00:00.000Z',
});

let db: TouchstoneDb;
let dbCount = 0;
beforeEach(async () => {
  db = new TouchstoneDb(`test-offline-${++dbCount}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});
const enqueue = (items: QueueItem[]) =>
  db.queue.bulkPut(
    items.map((item) => ({
      key: itemKey(U, item.id),
      userId: U,
      projectId: P,
      itemId: item.id,
      position: item.position,
      item,
      state: 'todo' as const,
      fetchedAt: 0,
    })),
  );

describe('tabs of one account never work on the same item', () => {
  it('gives two tabs claiming at the same moment two different items', async () => {
    await enqueue([1, 2, 3].map((n) => queueItem(n)));
    const [a, b] = await Promise.all([claimNext(db, U, P, 'tab-a', 0), claimNext(db, U, P, 'tab-b', 0)]);
    expect(a?.itemId).toBeDefined();
    expect(b?.itemId).toBeDefined();
    expect(a?.itemId).not.toBe(b?.itemId);
    expect(await pickItem(db, U, P, 'tab-a', 1000)).toMatchObject({ mine: true, entry: { itemId: a?.itemId }, heldElsewhere: 1 });
  });

  it('hands a closed tab’s item over only after its claim went stale, and a tab keeps its own stale claim', async () => {
    await enqueue([1, 2].map((n) => queueItem(n)));
    expect((await claimNext(db, U, P, 'tab-a', 0))?.itemId).toBe(itemId(1));
    expect((await claimNext(db, U, P, 'tab-b', CLAIM_TTL_MS))?.itemId).toBe(itemId(2));
    expect((await pickItem(db, U, P, 'tab-a', CLAIM_TTL_MS * 3)).entry?.itemId).toBe(itemId(1)); // nobody took it: still mine
    await db.claims.delete(itemKey(U, itemId(2))); // tab b moved on
    expect((await claimNext(db, U, P, 'tab-c', CLAIM_TTL_MS + 1))?.itemId).toBe(itemId(1)); // a's claim is stale now
  });

  it('refuses to submit an item a second time (another tab already did)', async () => {
    await enqueue([queueItem(1)]);
    const input = {
      userId: U,
      projectId: P,
      itemId: itemId(1),
      guidelineVersionId: itemId(99),
      payload: { shapes: [], spans: [], classes: ['sports'] },
      startedAt: '2026-01-01T00:00:00.000Z',
    };
    await submitWork(db, input, Date.parse('2026-01-01T00:00:05.000Z'));
    await expect(submitWork(db, input, Date.parse('2026-01-01T00:00:06.000Z'))).rejects.toBeInstanceOf(AlreadySubmittedError);
    expect(await db.outbox.count()).toBe(1);
  });

  const submitInput = (n: number) => ({
    userId: U,
    projectId: P,
    itemId: itemId(n),
    guidelineVersionId: itemId(99),
    payload: { shapes: [], spans: [], classes: ['sports'] },
    startedAt: '2026-01-01T00:00:00.000Z',
  });

  it('submits and claims the next item for the tab in one step, with the next item’s draft', async () => {
    await enqueue([1, 2, 3].map((n) => queueItem(n)));
    await claimNext(db, U, P, 'tab-a', 0);
    const draft = {
      key: itemKey(U, itemId(2)),
      userId: U,
      itemId: itemId(2),
      payload: { shapes: [], spans: [], classes: ['news'] },
      startedAt: 'x',
      updatedAt: 1,
    };
    await db.drafts.put(draft);
    const { mutationId, next } = await submitAndAdvance(db, submitInput(1), 'tab-a', 1000);
    expect(next).toEqual({ entry: expect.objectContaining({ itemId: itemId(2) }), draft });
    expect(await db.outbox.get(mutationId)).toMatchObject({ status: 'pending' });
    // What the screen's live query reads afterwards agrees with what the screen was handed.
    expect(await pickItem(db, U, P, 'tab-a', 1000)).toMatchObject({ mine: true, entry: { itemId: itemId(2) } });
    // The next one without a draft says so, and past the last item there is none.
    expect((await submitAndAdvance(db, submitInput(2), 'tab-a', 2000)).next).toMatchObject({ entry: { itemId: itemId(3) }, draft: null });
    expect((await submitAndAdvance(db, submitInput(3), 'tab-a', 3000)).next).toBeNull();
  });

  it('reads ahead the item and draft the submission will go on to, without claiming anything', async () => {
    await enqueue([1, 2, 3, 4].map((n) => queueItem(n)));
    await claimNext(db, U, P, 'tab-a', 0);
    await claimNext(db, U, P, 'tab-b', 0);
    const draft = {
      key: itemKey(U, itemId(3)),
      userId: U,
      itemId: itemId(3),
      payload: { shapes: [], spans: [], classes: ['news'] },
      startedAt: 'x',
      updatedAt: 1,
    };
    await db.drafts.put(draft);
    const claims = await db.claims.toArray();
    // Tab A works on item 1; tab B holds item 2: A goes on to item 3, with its draft.
    const ahead = await peekNext(db, U, P, 'tab-a', itemId(1), 1000);
    expect(ahead).toEqual({ entry: expect.objectContaining({ itemId: itemId(3) }), draft });
    expect(await db.claims.toArray()).toEqual(claims);
    expect((await submitAndAdvance(db, submitInput(1), 'tab-a', 1000)).next).toEqual(ahead);
    // Past the last free item there is nothing ahead.
    await db.queue.update(itemKey(U, itemId(4)), { state: 'submitted' });
    expect(await peekNext(db, U, P, 'tab-a', itemId(3), 2000)).toBeNull();
  });

  it('skips the item another tab works on, and claims nothing when the submission fails', async () => {
    await enqueue([1, 2, 3].map((n) => queueItem(n)));
    await claimNext(db, U, P, 'tab-a', 0);
    await claimNext(db, U, P, 'tab-b', 0);
    expect((await submitAndAdvance(db, submitInput(1), 'tab-a', 1000)).next?.entry.itemId).toBe(itemId(3));
    await db.queue.update(itemKey(U, itemId(3)), { state: 'submitted' });
    await expect(submitAndAdvance(db, submitInput(3), 'tab-a', 2000)).rejects.toBeInstanceOf(AlreadySubmittedError);
    // Tab A still holds item 3 (the failed step changed nothing), and tab B item 2.
    expect(await db.claims.toArray()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: itemKey(U, itemId(3)), tabId: 'tab-a' }),
        expect.objectContaining({ key: itemKey(U, itemId(2)), tabId: 'tab-b' }),
      ]),
    );
    expect(await db.claims.count()).toBe(2);
  });
});

describe('the item the screen shows after Submit', () => {
  const entry = (n: number) => ({
    key: itemKey(U, itemId(n)),
    userId: U,
    projectId: P,
    itemId: itemId(n),
    position: n,
    item: queueItem(n),
    state: 'todo' as const,
    fetchedAt: 0,
  });
  const pick = (n: number) => ({ entry: entry(n), mine: true, heldElsewhere: 0 });
  const next = (n: number) => ({ entry: entry(n), draft: null });

  it('is the handed-over item until the live query answers anew, then the live query’s', () => {
    const showingA = pick(1);
    const handoff = { seen: showingA, next: next(2), pending: false };
    expect(shownEntry(showingA, handoff)?.itemId).toBe(itemId(2));
    expect(shownEntry(pick(2), handoff)?.itemId).toBe(itemId(2));
    expect(shownEntry(undefined, null)).toBeNull();
    expect(shownEntry({ entry: entry(3), mine: false, heldElsewhere: 0 }, null)).toBeNull();
  });

  it('goes on to the third item after two quick submissions, never back to the first', () => {
    // The second Submit hands over item 3 while the live query still shows item 1.
    const showingA = pick(1);
    expect(shownEntry(showingA, { seen: showingA, next: next(3), pending: false })?.itemId).toBe(itemId(3));
  });

  it('is the item read ahead while its submission is pending, whatever the live query answers meanwhile', () => {
    const handoff = { seen: pick(1), next: next(2), pending: true };
    // A top-up or another tab changes what the live query reads before the commit.
    expect(shownEntry(pick(1), handoff)?.itemId).toBe(itemId(2));
    expect(shownEntry(pick(3), handoff)?.itemId).toBe(itemId(2));
    // A submission that left nothing to show shows nothing, not the submitted item.
    expect(shownEntry(pick(1), { seen: pick(1), next: null, pending: true })).toBeNull();
  });

  it('follows the annotator back to the item just submitted (Previous item) before the live query had caught up', () => {
    const showingA = pick(1);
    const handoff = { seen: showingA, next: next(2), pending: false };
    // The live query's next answer is item 1 again (reopened): that is what shows.
    expect(shownEntry(pick(1), handoff)?.itemId).toBe(itemId(1));
  });
});

describe('assets cached for offline work', () => {
  // A minimal Response: jsdom's Blob and Node's Response do not mix.
  const fetchBlob = vi.fn(async (url: string) => ({ ok: true, blob: async () => new Blob([`bytes of ${url}`], { type: 'image/jpeg' }) }));

  it('caches each image once and drops those no item to do needs', async () => {
    const items = [queueItem(1, true), queueItem(2, true), queueItem(3)];
    await enqueue(items);
    expect(await cacheAssets(db, items, fetchBlob as unknown as typeof fetch)).toEqual({ cached: 2, quotaFull: false });
    expect(await cacheAssets(db, items, fetchBlob as unknown as typeof fetch)).toEqual({ cached: 0, quotaFull: false });
    expect(fetchBlob).toHaveBeenCalledTimes(2);
    await db.queue.update(itemKey(U, itemId(1)), { state: 'submitted' });
    expect(await pruneAssets(db)).toBe(1);
    expect(await db.assets.toCollection().primaryKeys()).toEqual(['/api/assets/asset-2']);
  });

  it('stops caching on a full disk and says so, without failing', async () => {
    vi.spyOn(db.assets, 'put').mockRejectedValue(Object.assign(new Error('full'), { name: 'QuotaExceededError' }));
    expect(await cacheAssets(db, [queueItem(1, true)], fetchBlob as unknown as typeof fetch)).toEqual({ cached: 0, quotaFull: true });
  });

  it('resolves an asset URL to the cached blob, else to the network URL', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (created.push(b), `blob:cached-${created.length}`));
    URL.revokeObjectURL = vi.fn();
    await db.assets.put({ url: '/api/assets/a', blob: new Blob(['x']), fetchedAt: 0 });
    const cached = renderHook(() => useAssetUrl('/api/assets/a', db));
    expect(cached.result.current).toBeNull(); // never the network while the cache is asked
    await waitFor(() => expect(cached.result.current).toBe('blob:cached-1'));
    const missing = renderHook(() => useAssetUrl('/api/assets/b', db));
    await waitFor(() => expect(missing.result.current).toBe('/api/assets/b'));
    cached.unmount();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:cached-1');
  });
});

describe('storage', () => {
  it('recognises a quota error however Dexie wraps it', () => {
    expect(isQuotaError(Object.assign(new Error('x'), { name: 'QuotaExceededError' }))).toBe(true);
    expect(isQuotaError(Object.assign(new Error('x'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } }))).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
  });

  it('asks for persistent storage unless already granted', async () => {
    const persist = vi.fn(async () => true);
    expect(await requestPersistence({ persist, persisted: async () => false } as unknown as StorageManager)).toBe(true);
    expect(persist).toHaveBeenCalledOnce();
    expect(await requestPersistence(undefined)).toBe(false);
  });
});

describe('one tab syncs at a time', () => {
  it('never has two sync passes of two tabs in flight together under the shared lock', async () => {
    let tail: Promise<void> = Promise.resolve();
    const lock = (pass: () => Promise<void>) => {
      const run = tail.then(pass);
      tail = run.catch(() => undefined);
      return run;
    };
    const store = new MemoryOutboxStore();
    let inFlight = 0;
    let most = 0;
    const transport = async (req: { mutations: Array<{ id: string }> }) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return {
        kind: 'results' as const,
        results: req.mutations.map((m) => ({
          id: m.id,
          status: 'applied' as const,
          result: { revisionId: m.id, revision: 1, appliedAt: '2026-01-01T00:00:00.000Z' },
        })),
      };
    };
    const tab = () => new SyncEngine({ store, transport, now: () => 0, random: () => 0.5, setTimer: () => () => undefined, batchSize: 2, exclusive: lock });
    for (let n = 1; n <= 9; n++) {
      store.add({
        id: itemId(n),
        type: 'annotation.submit',
        projectId: P,
        itemId: itemId(50),
        guidelineVersionId: itemId(99),
        payload: { shapes: [], spans: [], classes: [] },
        startedAt: '2026-01-01T00:00:00.000Z',
        submittedAt: '2026-01-01T00:00:01.000Z',
        durationMs: 1000,
      });
    }
    await Promise.all([tab().kick(), tab().kick(), tab().kick()]);
    expect(most).toBe(1);
    expect(await store.counts()).toEqual({ pending: 0, rejected: 0 });
  });
});
