// The sync engine drains the outbox to POST /api/sync.
//
//            kick() / timer / online
//   idle ───────────────────────────▶ syncing ──batch ok, more pending──▶ syncing
//    ▲                                  │  │
//    │            outbox empty          │  │ network / 5xx
//    └──────────────────────────────────┘  ▼
//                                       waiting (backoff: base·2^n, full jitter, capped) ──timer──▶ syncing
//   signed-out (401): stops until the next kick after a new sign-in.
//   Many tabs: each pass runs under the `exclusive` lock; a tab that kicks while another sends
//   waits, then finds the outbox (shared in Dexie) already drained.
//
// Every mutation carries its own UUID, and the server answers a replay with the first result,
// so resending after a lost response is always safe.
import type { MutationResult, SyncRequest } from '../../domain/api/index.ts';
import { MutationResult as MutationResultZ, SYNC_SCHEMA_VERSION } from '../../domain/api/index.ts';
import { SYNCED_RETENTION_MS, type OutboxStore } from './outbox-store.ts';
import { withinRequestLimits } from '../../domain/validation/limits.ts';

export type SyncState = 'idle' | 'syncing' | 'waiting' | 'offline' | 'signed-out';
export interface SyncStatus {
  state: SyncState;
  pending: number;
  rejected: number;
  lastSyncedAt: number | null;
  lastError: string | null;
}

/** What the transport reports: the per-mutation results, or why there are none. */
export type TransportOutcome =
  { kind: 'results'; results: MutationResult[] } | { kind: 'retry'; message: string; offline?: boolean } | { kind: 'signed-out'; message: string };
export type Transport = (request: SyncRequest) => Promise<TransportOutcome>;

export interface SyncEngineOptions {
  store: OutboxStore;
  transport: Transport;
  now: () => number;
  random: () => number;
  setTimer: (fn: () => void, ms: number) => () => void;
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onStatus?: (status: SyncStatus) => void;
  /**
   * Runs one sync pass under a cross-tab lock (Web Locks in the browser), so one tab sends at a
   * time and two tabs never send the same pending batch at once. Absent: no lock.
   */
  exclusive?: (pass: () => Promise<void>) => Promise<void>;
  /** How long synced entries stay in the outbox (default SYNCED_RETENTION_MS). */
  syncedRetentionMs?: number;
}

export class SyncEngine {
  private status: SyncStatus = { state: 'idle', pending: 0, rejected: 0, lastSyncedAt: null, lastError: null };
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private cancelTimer: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly opts: SyncEngineOptions) {}

  get current(): SyncStatus {
    return this.status;
  }

  /** Sync as soon as possible; coalesces with a run in progress. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.cancelTimer?.();
    this.cancelTimer = null;
    const pass = () => this.run();
    this.running = (this.opts.exclusive ? this.opts.exclusive(pass) : pass()).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.kick();
      }
    });
    return this.running;
  }

  /** Undoes stop() (React StrictMode mounts, unmounts and mounts again). */
  start(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
  }

  private async run(): Promise<void> {
    const { store, transport } = this.opts;
    const batchSize = this.opts.batchSize ?? 50;
    for (;;) {
      // The longest prefix within the server's per-request totals (at least one mutation).
      const batch = withinRequestLimits(await store.pending(batchSize), (e) => e.mutation);
      if (batch.length === 0) {
        this.failures = 0;
        // Drained: what the server has confirmed long enough ago leaves the device.
        await store.prune(this.opts.now() - (this.opts.syncedRetentionMs ?? SYNCED_RETENTION_MS));
        await this.publish({ state: 'idle', lastError: null });
        return;
      }
      await this.publish({ state: 'syncing' });
      const outcome = await transport({ schemaVersion: SYNC_SCHEMA_VERSION, mutations: batch.map((e) => e.mutation) }).catch(
        (e: unknown): TransportOutcome => ({ kind: 'retry', message: e instanceof Error ? e.message : String(e) }),
      );
      if (outcome.kind === 'signed-out') {
        await this.publish({ state: 'signed-out', lastError: outcome.message });
        return;
      }
      if (outcome.kind === 'retry') {
        await store.attempted(batch.map((e) => e.id));
        this.failures++;
        this.schedule();
        await this.publish({ state: outcome.offline ? 'offline' : 'waiting', lastError: outcome.message });
        return;
      }
      // Only results for mutations we sent count; anything else is ignored.
      const sent = new Set(batch.map((e) => e.id));
      await store.settle(
        outcome.results.filter((r) => sent.has(r.id)),
        this.opts.now(),
      );
      this.failures = 0;
      await this.publish({ lastSyncedAt: this.opts.now(), lastError: null });
      if (outcome.results.filter((r) => sent.has(r.id)).length === 0) {
        this.failures++;
        this.schedule();
        return;
      }
    }
  }

  /** Exponential backoff with full jitter: spreads retries of many clients after an outage. */
  private schedule(): void {
    const base = this.opts.baseDelayMs ?? 1000;
    const cap = this.opts.maxDelayMs ?? 60_000;
    const delay = Math.round(this.opts.random() * Math.min(cap, base * 2 ** Math.min(this.failures - 1, 16)));
    this.cancelTimer?.();
    this.cancelTimer = this.opts.setTimer(() => void this.kick(), Math.max(delay, 100));
  }

  private async publish(patch: Partial<SyncStatus>): Promise<void> {
    const counts = await this.opts.store.counts();
    this.status = { ...this.status, ...patch, ...counts };
    this.opts.onStatus?.(this.status);
  }
}

/** The browser transport: POST /api/sync, reading per-mutation results from 200 and 4xx answers. */
export function httpTransport(fetchImpl: typeof fetch = fetch): Transport {
  return async (request) => {
    let res: Response;
    try {
      res = await fetchImpl('/api/sync', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'touchstone' },
        body: JSON.stringify(request),
      });
    } catch {
      return { kind: 'retry', message: 'The server cannot be reached; your work is kept on this device.', offline: true };
    }
    if (res.status === 401) return { kind: 'signed-out', message: 'Your session has ended. Sign in again to send your work.' };
    const body = (await res.json().catch(() => null)) as { results?: unknown; error?: { message?: string; details?: { results?: unknown } } } | null;
    const raw = res.ok ? body?.results : body?.error?.details?.results;
    const parsed = MutationResultZ.array().safeParse(raw);
    if (parsed.success) return { kind: 'results', results: parsed.data };
    return { kind: 'retry', message: body?.error?.message ?? `The server answered ${res.status}.` };
  };
}
