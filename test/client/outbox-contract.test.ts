import { describe, expect, it } from 'vitest';
import type { MutationResult, SubmitAnnotation } from '../../src/domain/api/index.ts';
import { TouchstoneDb, type OutboxEntry } from '../../src/client/local/db.ts';
import { DexieOutboxStore, MemoryOutboxStore, type OutboxStore } from '../../src/client/sync/outbox-store.ts';

// One contract, two stores: the sync engine's tests run on the in-memory twin, so the twin must do
// what the IndexedDB store does — for every operation, including other accounts on the device.
interface Subject {
  store: OutboxStore;
  add(entry: OutboxEntry): Promise<void>;
  all(): Promise<OutboxEntry[]>;
}

let dbs = 0;
const subjects: Array<[string, (userId: string) => Promise<Subject>]> = [
  [
    'IndexedDB (Dexie)',
    async (userId) => {
      const db = new TouchstoneDb(`outbox-contract-${++dbs}`);
      return { store: new DexieOutboxStore(db, userId), add: async (e) => void (await db.outbox.put(e)), all: () => db.outbox.toArray() };
    },
  ],
  [
    'in-memory twin',
    async (userId) => {
      const store = new MemoryOutboxStore(userId);
      return { store, add: async (e) => void store.entries.set(e.id, structuredClone(e)), all: async () => [...store.entries.values()] };
    },
  ],
];

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const mutation = (n: number): SubmitAnnotation => ({
  id: id(n),
  type: 'annotation.submit',
  projectId: id(9000),
  itemId: id(9001),
  guidelineVersionId: id(9002),
  payload: { shapes: [], spans: [], classes: [] },
  startedAt: '2026-01-01T00:00:00.000Z',
  submittedAt: '2026-01-01T00:00:01.000Z',
  durationMs: 1000,
});
const entry = (n: number, userId = 'me', patch: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: id(n),
  userId,
  mutation: mutation(n),
  status: 'pending',
  attempts: 0,
  createdAt: n,
  ...patch,
});
const applied = (n: number): MutationResult => ({
  id: id(n),
  status: 'applied',
  result: { revisionId: id(n), revision: 1, appliedAt: '2026-01-01T00:00:02.000Z' },
});
const rejected = (n: number): MutationResult => ({ id: id(n), status: 'rejected', code: 'invalid', message: 'box outside the image', problems: [] });
const byId = (xs: OutboxEntry[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));

describe.each(subjects)('the outbox store contract: %s', (_name, make) => {
  it('lists the account’s pending entries oldest first, up to the limit, and no other account’s', async () => {
    const s = await make('me');
    for (const n of [5, 2, 9, 1]) await s.add(entry(n));
    await s.add(entry(0, 'someone else'));
    await s.add(entry(3, 'me', { status: 'synced', settledAt: 1 }));
    expect((await s.store.pending(3)).map((e) => e.id)).toEqual([1, 2, 5].map(id));
    expect(await s.store.counts()).toEqual({ pending: 4, rejected: 0 });
  });

  it('settles applied and duplicate as synced, rejected with its reason, and leaves settled or unknown ids alone', async () => {
    const s = await make('me');
    for (const n of [1, 2, 3]) await s.add(entry(n));
    await s.store.settle(
      [applied(1), { ...(applied(2) as Extract<MutationResult, { status: 'applied' }>), status: 'duplicate' }, rejected(3), applied(77)],
      500,
    );
    await s.store.settle([rejected(1)], 600);
    const all = byId(await s.all());
    expect(all.map((e) => [e.status, e.settledAt])).toEqual([
      ['synced', 500],
      ['synced', 500],
      ['rejected', 500],
    ]);
    expect(all[2]!.result).toMatchObject({ message: 'box outside the image' });
    expect(await s.store.counts()).toEqual({ pending: 0, rejected: 1 });
  });

  it('counts failed attempts per entry', async () => {
    const s = await make('me');
    for (const n of [1, 2]) await s.add(entry(n));
    await s.store.attempted([id(1)]);
    await s.store.attempted([id(1), id(2)]);
    expect(byId(await s.all()).map((e) => e.attempts)).toEqual([2, 1]);
  });

  it('prunes only the account’s synced entries settled before the cut, never pending or rejected ones', async () => {
    const s = await make('me');
    await s.add(entry(1, 'me', { status: 'synced', settledAt: 100 }));
    await s.add(entry(2, 'me', { status: 'synced', settledAt: 1_000 }));
    await s.add(entry(3, 'me', { status: 'rejected', settledAt: 100 }));
    await s.add(entry(4, 'me'));
    await s.add(entry(5, 'someone else', { status: 'synced', settledAt: 100 }));
    expect(await s.store.prune(500)).toBe(1);
    expect(byId(await s.all()).map((e) => e.id)).toEqual([2, 3, 4, 5].map(id));
    expect(await s.store.prune(500)).toBe(0);
  });
});
