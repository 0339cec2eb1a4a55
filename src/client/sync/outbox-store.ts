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
}

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
}

export class MemoryOutboxStore implements OutboxStore {
  readonly entries = new Map<string, OutboxEntry>();
  add(mutation: Mutation, userId = 'u', at = 0) {
    this.entries.set(mutation.id, { id: mutation.id, userId, mutation, status: 'pending', attempts: 0, createdAt: at });
  }
  async pending(limit: number) {
    return [...this.entries.values()]
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
    const all = [...this.entries.values()];
    return { pending: all.filter((e) => e.status === 'pending').length, rejected: all.filter((e) => e.status === 'rejected').length };
  }
}
