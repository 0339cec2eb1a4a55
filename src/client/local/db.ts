// The annotator's local database. Work is written here first; the sync engine moves the outbox
// to the server. Numbered versions are Dexie's migrations: add a version, never edit an old one.
import Dexie, { type EntityTable } from 'dexie';
import type { AnnotationPayload, Mutation, MutationResult, ProjectDetail, QueueItem } from '../../domain/api/index.ts';

export interface LocalQueueEntry {
  /** `${userId}:${itemId}` — several accounts may share a browser. */
  key: string;
  userId: string;
  projectId: string;
  itemId: string;
  position: number;
  item: QueueItem;
  state: 'todo' | 'submitted';
  fetchedAt: number;
  /**
   * Skipped by the annotator, with their reason: the item waits at the end of the queue. Kept on
   * this device only (the server has no skip); not indexed, so no new Dexie version.
   */
  skipped?: { reason: string; at: number };
}

export interface Draft {
  key: string;
  userId: string;
  itemId: string;
  payload: AnnotationPayload;
  startedAt: string;
  updatedAt: number;
}

export interface OutboxEntry {
  /** The mutation id (UUIDv7): sorts by creation. */
  id: string;
  userId: string;
  mutation: Mutation;
  status: 'pending' | 'synced' | 'rejected';
  attempts: number;
  createdAt: number;
  settledAt?: number;
  result?: MutationResult;
}

/** An image of a prefetched item, kept as a blob so it opens offline (see assets.ts). */
export interface CachedAsset {
  url: string;
  blob: Blob;
  fetchedAt: number;
}

/** Which tab works on an item now (see work/claims.ts): two tabs never show the same item. */
export interface TabClaim {
  /** itemKey(userId, itemId) */
  key: string;
  tabId: string;
  heartbeatAt: number;
}

/** An acknowledged guideline version; `sent` is false while the server has not heard of it (offline). */
export interface LocalAck {
  /** `${userId}:${versionId}` */
  key: string;
  userId: string;
  projectId: string;
  versionId: string;
  acknowledgedAt: number;
  sent: boolean;
}

/**
 * What the server last said of the annotator's progress in a project: items finished on every
 * device, as of a fetch that started at `at` (work/queue.ts adds what this device did since).
 */
export interface LocalProgress {
  /** `${userId}:${projectId}` */
  key: string;
  done: number;
  at: number;
}

export class TouchstoneDb extends Dexie {
  queue!: EntityTable<LocalQueueEntry, 'key'>;
  drafts!: EntityTable<Draft, 'key'>;
  outbox!: EntityTable<OutboxEntry, 'id'>;
  projects!: EntityTable<ProjectDetail, 'id'>;
  assets!: EntityTable<CachedAsset, 'url'>;
  claims!: EntityTable<TabClaim, 'key'>;
  guidelineAcks!: EntityTable<LocalAck, 'key'>;
  progress!: EntityTable<LocalProgress, 'key'>;

  constructor(name = 'touchstone') {
    super(name);
    this.version(1).stores({
      queue: 'key, [userId+projectId+state+position], [userId+projectId]',
      drafts: 'key, userId',
      outbox: 'id, [userId+status], status',
      projects: 'id',
      assets: 'url',
      claims: 'key, tabId',
      guidelineAcks: 'key, userId',
    });
    this.version(2).stores({ progress: 'key' });
  }
}

export const localDb = new TouchstoneDb();
export const itemKey = (userId: string, itemId: string) => `${userId}:${itemId}`;
