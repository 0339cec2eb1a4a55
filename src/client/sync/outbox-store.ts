// The outbox behind a narrow interface with an in-memory twin (as Replicache's kv stores do),
// so the sync engine is tested without a browser.
import type { Mutation, MutationResult } from '../../domain/api/index.ts';
import type { OutboxEntry, TouchstoneDb } from '../local/db.ts';

export interface OutboxStore {
  /** Oldest pending mutations first (ids are UUIDv7, so id order is creation order). */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** Records the server's answers: applied/duplicate → synced; rejected → kept with its reason. */
  settle(results: MutationResult[], at: number): Promise<void>;
  /** Counts a failed attempt (network or server error) on these entries. */
  attempted(ids: string[]): Promise<void>;
  counts(): Promise<{ pending: number; rejected: number }>;
  /**
   * Forgets synced entries settled before `before` (the server holds them now), so the outbox does
   * not grow for ever. Pending and rejected entries are never dropped: the first are not on the
   * server yet, the second wait for the annotator to read why. Returns how many were dropped.
   */
  prune(before: number): Promise<number>;
}

/** How long a synced entry stays on the device (a day's work, for the annotator's own look back). */
export const SYNCED_RETENTION_MS = 24 * 3_600_000;

const prunable = (e: OutboxEntry, before: number) => e.status === 'synced' && (e.settledAt ?? 0) < before;

function settled(entry: OutboxEntry, result: MutationResult, at: number): OutboxEntry {
  return { ...entry, status: result.status === 'rejected' ? 'rejected' : 'synced', result, settledAt: at };
}

export class DexieOutboxStore implements OutboxStore {
  constructor(
    private readonly db: TouchstoneDb,
    private readonly userId: string,
  ) {}
  pending(limit: number) {
    return this.db.outbox.where('[userId+status]').equals([this.userId, 'pending']).limit(limit).sortBy('id');
  }
  async settle(results: MutationResult[], at: number) {
    await this.db.transaction('rw', this.db.outbox, async () => {
      for (const r of results) {
        const entry = await this.db.outbox.get(r.id);
        if (entry && entry.status === 'pending') await this.db.outbox.put(settled(entry, r, at));
      }
    });
  }
  async attempted(ids: string[]) {
    await this.db.outbox
      .where('id')
      .anyOf(ids)
      .modify((e) => {
        e.attempts += 1;
      });
  }
  async counts() {
    const [pending, rejected] = await Promise.all([
      this.db.outbox.where('[userId+status]').equals([this.userId, 'pending']).count(),
      this.db.outbox.where('[userId+status]').equals([this.userId, 'rejected']).count(),
    ]);
    return { pending, rejected };
  }
  async prune(before: number) {
    return this.db.outbox
      .where('[userId+status]')
      .equals([this.userId, 'synced'])
      .filter((e) => prunable(e, before))
      .delete();
  }
}

export class MemoryOutboxStore implements OutboxStore {
  readonly entries = new Map<string, OutboxEntry>();
  /** One account's view, like DexieOutboxStore: entries of other accounts sharing the device are not its own. */
  constructor(private readonly userId = 'u') {}
  add(mutation: Mutation, userId = this.userId, at = 0) {
    this.entries.set(mutation.id, { id: mutation.id, userId, mutation, status: 'pending', attempts: 0, createdAt: at });
  }
  private mine() {
    return [...this.entries.values()].filter((e) => e.userId === this.userId);
  }
  async pending(limit: number) {
    return this.mine()
      .filter((e) => e.status === 'pending')
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }
  async settle(results: MutationResult[], at: number) {
    for (const r of results) {
      const e = this.entries.get(r.id);
      if (e && e.status === 'pending') this.entries.set(r.id, settled(e, r, at));
    }
  }
  async attempted(ids: string[]) {
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e) e.attempts += 1;
    }
  }
  async counts() {
    const all = this.mine();
    return { pending: all.filter((e) => e.status === 'pending').length, rejected: all.filter((e) => e.status === 'rejected').length };
  }
  async prune(before: number) {
    const gone = this.mine().filter((e) => prunable(e, before));
    for (const e of gone) this.entries.delete(e.id);
    return gone.length;
  }
}
