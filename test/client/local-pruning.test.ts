import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MutationResult, QueueItem, SubmitAnnotation } from '../../src/domain/api/index.ts';
import { itemKey, TouchstoneDb, type OutboxEntry } from '../../src/client/local/db.ts';
import { SyncEngine } from '../../src/client/sync/engine.ts';
import { DexieOutboxStore, SYNCED_RETENTION_MS } from '../../src/client/sync/outbox-store.ts';
import { FINISHED_RETENTION_MS, pruneFinished } from '../../src/client/work/queue.ts';

// The device's storage stays bounded: synced outbox entries and finished queue entries leave once
// the server has them and a day has passed; nothing unsent ever does.
const U = 'user-1';
const P = '0190a000-0000-7000-8000-0000000000aa';
const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const DAY = 24 * 3_600_000;
const NOW = 100 * DAY;

const queueItem = (n: number): QueueItem => ({
  id: id(n),
  projectId: P,
  kind: 'text',
  image: null,
  text: `text ${n}`,
  position: n,
  leaseExpiresAt: '2026-01-01T00:00:00.000Z',
  reannotation: null,
  returnedEscalation: null,
  preAnnotation: null,
});
const submit = (n: number, itemN: number): SubmitAnnotation => ({
  id: id(1000 + n),
  type: 'annotation.submit',
  projectId: P,
  itemId: id(itemN),
  guidelineVersionId: id(9002),
  payload: { shapes: [], spans: [], classes: [] },
  startedAt: '2026-01-01T00:00:00.000Z',
  submittedAt: '2026-01-01T00:00:01.000Z',
  durationMs: 1000,
});

let db: TouchstoneDb;
let dbCount = 0;
beforeEach(async () => {
  db = new TouchstoneDb(`test-pruning-${++dbCount}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('local pruning', () => {
  it('drops finished items a day old whose work the server has, with their drafts, and keeps the rest', async () => {
    const put = (n: number, state: 'todo' | 'submitted', fetchedAt: number, userId = U) =>
      db.queue.put({ key: itemKey(userId, id(n)), userId, projectId: P, itemId: id(n), position: n, item: queueItem(n), state, fetchedAt });
    await put(1, 'submitted', NOW - 2 * DAY); // synced long ago: goes
    await put(2, 'submitted', NOW - 2 * DAY); // its submission still pending: stays
    await put(3, 'submitted', NOW - 2 * DAY); // its submission rejected: stays (the annotator must fix it)
    await put(4, 'submitted', NOW - 1000); // fresh: stays
    await put(5, 'todo', NOW - 2 * DAY); // not finished: stays
    await put(6, 'submitted', NOW - 2 * DAY, 'someone else'); // another account's: stays
    const outbox = (n: number, itemN: number, status: OutboxEntry['status']): OutboxEntry => ({
      id: id(1000 + n),
      userId: U,
      mutation: submit(n, itemN),
      status,
      attempts: 0,
      createdAt: 0,
    });
    await db.outbox.bulkPut([outbox(1, 1, 'synced'), outbox(2, 2, 'pending'), outbox(3, 3, 'rejected')]);
    await db.drafts.put({ key: itemKey(U, id(1)), userId: U, itemId: id(1), payload: { shapes: [], spans: [], classes: [] }, startedAt: '', updatedAt: 0 });

    expect(await pruneFinished(db, U, NOW)).toBe(1);
    expect((await db.queue.toArray()).map((e) => `${e.userId}:${e.itemId.slice(-1)}`).sort()).toEqual(
      [`${U}:2`, `${U}:3`, `${U}:4`, `${U}:5`, 'someone else:6'].sort(),
    );
    expect(await db.drafts.count()).toBe(0);
    expect(FINISHED_RETENTION_MS).toBe(DAY);
  });

  it('the sync engine, once drained, forgets synced entries older than the retention', async () => {
    const store = new DexieOutboxStore(db, U);
    const entry = (n: number, patch: Partial<OutboxEntry>): OutboxEntry => ({
      id: submit(n, n).id,
      userId: U,
      mutation: submit(n, n),
      status: 'synced',
      attempts: 0,
      createdAt: 0,
      ...patch,
    });
    await db.outbox.bulkPut([entry(1, { settledAt: NOW - SYNCED_RETENTION_MS - 1 }), entry(2, { settledAt: NOW - 1000 }), entry(3, { status: 'pending' })]);
    const applied = (m: { id: string }): MutationResult => ({ id: m.id, status: 'applied', result: { revisionId: m.id, revision: 1, appliedAt: '' } });
    const engine = new SyncEngine({
      store,
      transport: async (req) => ({ kind: 'results', results: req.mutations.map(applied) }),
      now: () => NOW,
      random: () => 0.5,
      setTimer: () => () => undefined,
    });
    await engine.kick();
    expect((await db.outbox.toArray()).map((e) => [e.id, e.status])).toEqual([
      [submit(2, 2).id, 'synced'],
      [submit(3, 3).id, 'synced'],
    ]);
  });
});
