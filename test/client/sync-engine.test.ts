import { describe, expect, it } from 'vitest';
import type { MutationResult, SubmitAnnotation, SyncRequest } from '../../src/domain/api/index.ts';
import { SyncEngine, type TransportOutcome } from '../../src/client/sync/engine.ts';
import { MemoryOutboxStore } from '../../src/client/sync/outbox-store.ts';

const mutation = (n: number): SubmitAnnotation => ({
  id: `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  type: 'annotation.submit',
  projectId: '0190a000-0000-7000-8000-000000000000',
  itemId: '0190a000-0000-7000-8000-000000000001',
  guidelineVersionId: '0190a000-0000-7000-8000-000000000002',
  payload: { shapes: [], spans: [], classes: [] },
  startedAt: '2026-01-01T00:00:00.000Z',
  submittedAt: '2026-01-01T00:00:01.000Z',
  durationMs: 1000,
});
const applied = (id: string): MutationResult => ({ id, status: 'applied', result: { revisionId: id, revision: 1, appliedAt: '2026-01-01T00:00:02.000Z' } });

function harness(transport: (req: SyncRequest) => Promise<TransportOutcome>, batchSize = 2) {
  const store = new MemoryOutboxStore();
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const engine = new SyncEngine({
    store,
    transport,
    now: () => 1000,
    random: () => 0.5,
    setTimer: (fn, ms) => (timers.push({ fn, ms }), () => undefined),
    batchSize,
  });
  return { store, timers, engine };
}

describe('SyncEngine', () => {
  it('drains the outbox in bounded batches, oldest first', async () => {
    const sent: string[][] = [];
    const { store, engine } = harness(async (req) => {
      sent.push(req.mutations.map((m) => m.id));
      return { kind: 'results', results: req.mutations.map((m) => applied(m.id)) };
    });
    for (const n of [3, 1, 2]) store.add(mutation(n));
    await engine.kick();
    expect(sent.map((b) => b.length)).toEqual([2, 1]);
    expect(sent.flat()).toEqual([1, 2, 3].map((n) => mutation(n).id));
    expect(await store.counts()).toEqual({ pending: 0, rejected: 0 });
    expect(engine.current.state).toBe('idle');
  });

  it('keeps rejected mutations visible with their reason', async () => {
    const { store, engine } = harness(async (req) => ({
      kind: 'results',
      results: req.mutations.map((m) => ({ id: m.id, status: 'rejected' as const, code: 'invalid' as const, message: 'box outside the image', problems: [] })),
    }));
    store.add(mutation(1));
    await engine.kick();
    expect(await store.counts()).toEqual({ pending: 0, rejected: 1 });
    expect(store.entries.get(mutation(1).id)?.result).toMatchObject({ message: 'box outside the image' });
  });

  it('backs off with growing, jittered delays while the server is unreachable, then delivers', async () => {
    let up = false;
    const { store, timers, engine } = harness(async (req) =>
      up ? { kind: 'results', results: req.mutations.map((m) => applied(m.id)) } : { kind: 'retry', message: 'offline', offline: true },
    );
    store.add(mutation(1));
    await engine.kick();
    await timers.at(-1)!.fn();
    await new Promise((r) => setTimeout(r, 0));
    await timers.at(-1)!.fn();
    await new Promise((r) => setTimeout(r, 0));
    expect(timers.map((t) => t.ms)).toEqual([500, 1000, 2000]);
    expect(engine.current.state).toBe('offline');
    expect(store.entries.get(mutation(1).id)?.attempts).toBe(3);
    up = true;
    await engine.kick();
    expect(await store.counts()).toEqual({ pending: 0, rejected: 0 });
  });

  it('stops on a signed-out answer and keeps the work', async () => {
    const { store, engine } = harness(async () => ({ kind: 'signed-out', message: 'sign in again' }));
    store.add(mutation(1));
    await engine.kick();
    expect(engine.current.state).toBe('signed-out');
    expect(await store.counts()).toEqual({ pending: 1, rejected: 0 });
  });
});
