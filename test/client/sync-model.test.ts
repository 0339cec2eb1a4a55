// Model-based test of the outbox + SyncEngine (fast-check commands). A fake transport drops
// requests, drops responses, delivers a request twice, reorders results, answers partially and
// replays old responses; a fake server applies each mutation id at most once (its ledger) and
// rejects the invalid ones without writing. Invariants: nothing submitted ever leaves the
// outbox; "synced" means the server applied it; "rejected" means it was invalid and the server
// wrote nothing; once the network heals, every mutation ends synced or rejected, applied once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mutation, MutationResult, SubmitAnnotation, SyncRequest } from '../../src/domain/api/index.ts';
import { SyncEngine, type TransportOutcome } from '../../src/client/sync/engine.ts';
import { MemoryOutboxStore } from '../../src/client/sync/outbox-store.ts';

type Fault = 'ok' | 'drop-request' | 'drop-response' | 'twice' | 'reorder' | 'partial' | 'stale' | 'server-error';
const faultArb = fc.constantFrom<Fault>('ok', 'drop-request', 'drop-response', 'twice', 'reorder', 'partial', 'stale', 'server-error');

class FakeServer {
  readonly ledger = new Map<string, MutationResult>();
  readonly effects: string[] = [];
  readonly invalid = new Set<string>();
  apply(batch: Mutation[]): MutationResult[] {
    return batch.map((m) => {
      const prior = this.ledger.get(m.id);
      if (prior) return prior.status === 'applied' ? { ...prior, status: 'duplicate' as const } : prior;
      if (this.invalid.has(m.id)) return { id: m.id, status: 'rejected' as const, code: 'invalid' as const, message: 'label not in schema', problems: [] };
      this.effects.push(m.id);
      const result: MutationResult = { id: m.id, status: 'applied', result: { revisionId: m.id, revision: 1, appliedAt: '2026-01-01T00:00:00.000Z' } };
      this.ledger.set(m.id, result);
      return result;
    });
  }
}

interface Real {
  store: MemoryOutboxStore;
  server: FakeServer;
  engine: SyncEngine;
  faults: Fault[];
  timers: Array<() => void>;
  old: MutationResult[][];
}
interface Model {
  submitted: Map<string, boolean>; // id → valid
}

function transportFor(real: Omit<Real, 'engine'>) {
  return async (req: SyncRequest): Promise<TransportOutcome> => {
    const fault = real.faults.shift() ?? 'ok';
    const retry: TransportOutcome = { kind: 'retry', message: fault, offline: fault === 'drop-request' };
    if (fault === 'drop-request' || fault === 'server-error') return retry;
    let results = real.server.apply(req.mutations);
    if (fault === 'twice') results = real.server.apply(req.mutations);
    real.old.push(results);
    if (fault === 'drop-response') return retry;
    if (fault === 'reorder') results = [...results].reverse();
    if (fault === 'partial') results = results.filter((_, k) => k % 2 === 0);
    if (fault === 'stale') results = [...(real.old[Math.floor(real.old.length / 2)] ?? []), ...results.slice(1)];
    return { kind: 'results', results };
  };
}

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

let counter = 0;

async function checkInvariants(model: Model, real: Real) {
  for (const [id, valid] of model.submitted) {
    const entry = real.store.entries.get(id);
    expect(entry, `mutation ${id} lost from the outbox`).toBeDefined();
    if (entry?.status === 'synced') expect(real.server.effects).toContain(id);
    if (entry?.status === 'rejected') {
      expect(valid).toBe(false);
      expect(real.server.effects).not.toContain(id);
    }
  }
  expect(new Set(real.server.effects).size).toBe(real.server.effects.length);
}

class Submit implements fc.AsyncCommand<Model, Real> {
  constructor(readonly valid: boolean) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const m = mutation(++counter);
    if (!this.valid) real.server.invalid.add(m.id);
    real.store.add(m);
    model.submitted.set(m.id, this.valid);
    await checkInvariants(model, real);
  }
  toString = () => `submit(${this.valid ? 'valid' : 'invalid'})`;
}

class Kick implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly faults: Fault[],
    readonly viaTimer: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    real.faults.push(...this.faults);
    const timer = real.timers.pop();
    if (this.viaTimer && timer) timer();
    await real.engine.kick();
    real.faults.length = 0;
    await checkInvariants(model, real);
  }
  toString = () => `${this.viaTimer ? 'timer' : 'kick'}(${this.faults.join(',')})`;
}

describe('outbox + SyncEngine against a model, with a faulty network', () => {
  it('applies every submitted mutation exactly once and ends each synced or rejected, never lost', async () => {
    const commands = [
      fc.nat(3).map((n) => new Submit(n !== 0)), // three valid to one invalid
      fc.tuple(fc.array(faultArb, { maxLength: 4 }), fc.boolean()).map(([f, t]) => new Kick(f, t)),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), fc.integer({ min: 1, max: 7 }), async (cmds, batchSize) => {
        const base = {
          store: new MemoryOutboxStore(),
          server: new FakeServer(),
          faults: [] as Fault[],
          timers: [] as Array<() => void>,
          old: [] as MutationResult[][],
        };
        const engine = new SyncEngine({
          store: base.store,
          transport: transportFor(base),
          now: () => 0,
          random: () => 0.5,
          setTimer: (fn) => (base.timers.push(fn), () => undefined),
          batchSize,
        });
        const real: Real = { ...base, engine };
        const model: Model = { submitted: new Map() };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        // The network heals: a few clean passes drain everything.
        for (let k = 0; k < 3 && (await real.store.counts()).pending > 0; k++) await real.engine.kick();
        expect((await real.store.counts()).pending).toBe(0);
        for (const [id, valid] of model.submitted) {
          expect(real.store.entries.get(id)?.status).toBe(valid ? 'synced' : 'rejected');
          expect(real.server.effects.filter((e) => e === id)).toHaveLength(valid ? 1 : 0);
        }
      }),
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? 20260301), verbose: 1 },
    );
  });
});
