// What the sync pipeline hands its hooks: the whole batch of stored submissions of one caller, with
// the project and item rows the checks already read (so a hook does not read them again). A leaf
// module: feature services import these types, the pipeline imports the services, and nothing
// imports back (the old type-only cycle through context.ts is gone).
import type { SubmitAnnotation } from '../../domain/api/index.ts';
import type { Tx } from '../db/client.ts';
import type { items, projects } from '../db/schema.ts';

/** One stored submission: the revision written for it and the mutation as sent. */
export interface Submitted {
  revisionId: string;
  /** The annotator's revision number on the item (1 for the first). */
  revision: number;
  projectId: string;
  itemId: string;
  mutation: SubmitAnnotation;
}

/**
 * The project and item columns the sync's checks and hooks read; the checks read only these
 * (sync/common-read.ts), so a hook that needs another column adds it there.
 */
export type BatchProject = Pick<
  typeof projects.$inferSelect,
  'id' | 'kind' | 'labelSchema' | 'leaseMinutes' | 'goldIouThreshold' | 'reviewRate' | 'goldTargetAccuracy'
>;
export type BatchItem = Pick<typeof items.$inferSelect, 'id' | 'projectId' | 'text' | 'width' | 'height' | 'quiz' | 'createdAt'>;

export interface SubmitBatch {
  userId: string;
  receivedAt: Date;
  /** In batch order; never empty. */
  submissions: Submitted[];
  projects: ReadonlyMap<string, BatchProject>;
  items: ReadonlyMap<string, BatchItem>;
}

/**
 * Runs inside the sync transaction once per batch, after its revisions are stored. Set-based:
 * a fixed number of queries per batch, whatever its size, and — for gold secrecy — the same
 * statements whether the batch holds gold items or not.
 */
export type BatchHook = (tx: Tx, batch: SubmitBatch) => Promise<void>;
