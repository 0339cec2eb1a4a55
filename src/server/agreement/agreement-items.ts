// The agreement report's stored half: one summary per item (domain/metrics/item-agreement.ts)
// in agreement_items, redone when the item gets a new revision, and read back for a report.
//
// Why: the report over 100,000 items × k = 3 used to read all 300,000 current answers and match
// every item's shapes again on each request — 2.0–2.6 s for class labels on PostgreSQL, 3–4 s on
// PGlite and ~14 s for boxes. Each item's part changes only when its answers do, so it is worked out
// then (a few milliseconds per item, off the request path) and a report reads one short JSON per
// item, packed a few hundred items to a row, and only sums. `npm run bench -- agreement-db` prints
// the figures.
//
// Freshness: a revision queues its item (agreement_pending, in the revision's own transaction); the
// runner redoes queued items shortly after the commit, and a report first redoes whatever is still
// queued for its project, so it never shows less than what was committed before it was asked.
// Items matched at another IoU threshold than the project's current one are redone the same way.
// One refresher per project at a time (an advisory lock, across servers): the answers are read after
// the lock is taken, so a summary made from older answers can never overwrite a newer one.
import { and, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { ItemAgreement } from '../../domain/metrics/item-agreement.ts';
import { decodeItemAgreements, encodeItemAgreement, itemAgreement } from '../../domain/metrics/item-agreement.ts';
import type { AppContext } from '../context.ts';
import { rowsOf, type Db, type Tx } from '../db/client.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { agreementItems, agreementPending, projects } from '../db/schema.ts';
import { currentAnswers, groupByItem } from './consensus.ts';
import { DeferredRunner, runnerFor } from '../deferred/deferred-runner.ts';
import type { BatchHook } from '../sync/batch.ts';

/** Items redone per transaction (their answers are read in one query). */
const CHUNK = 1000;
/** The runner waits this long after a commit, so a burst of submissions is done in one run. */
const DELAY_MS = 500;

/** Queues the item of a new revision; call inside the transaction that stores the revision. */
export async function queueAgreementItem(tx: Tx, e: { revisionId: string; projectId: string; itemId: string }): Promise<void> {
  await tx.insert(agreementPending).values({ revisionId: e.revisionId, projectId: e.projectId, itemId: e.itemId });
}

/** The sync hook: every stored revision of the batch queues its item, in one insert. */
export const queueAgreementBatch: BatchHook = async (tx, batch) => {
  await insertRows(
    tx,
    agreementPending,
    batch.submissions.map((s) => ({ revisionId: s.revisionId, projectId: s.projectId, itemId: s.itemId })),
  );
};

/** Redoes one chunk of the project's out-of-date summaries; -1 when another refresher holds the project and `wait` is false. */
async function refreshChunk(tx: Tx, projectId: string, wait: boolean): Promise<number> {
  const lock = sql`hashtext(${`agreement:${projectId}`})`;
  if (wait) await tx.execute(sql`SELECT pg_advisory_xact_lock(${lock})`);
  else {
    const got = await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${lock}) AS ok`);
    if (!rowsOf<{ ok: boolean }>(got)[0]?.ok) return -1;
  }
  const [project] = await tx.select({ iou: projects.goldIouThreshold }).from(projects).where(eq(projects.id, projectId));
  if (!project) return 0;
  // Up to CHUNK items with all their queued revisions (an item is redone once, however many it has);
  // only the revisions read here are taken off, so one committed after this read stays queued.
  const queued = await tx
    .select({ revisionId: agreementPending.revisionId, itemId: agreementPending.itemId })
    .from(agreementPending)
    .where(
      and(
        eq(agreementPending.projectId, projectId),
        inArray(
          agreementPending.itemId,
          tx.selectDistinct({ itemId: agreementPending.itemId }).from(agreementPending).where(eq(agreementPending.projectId, projectId)).limit(CHUNK),
        ),
      ),
    );
  const rematch =
    queued.length === 0
      ? await tx
          .select({ itemId: agreementItems.itemId })
          .from(agreementItems)
          .where(and(eq(agreementItems.projectId, projectId), isNotNull(agreementItems.iouThreshold), ne(agreementItems.iouThreshold, project.iou)))
          .limit(CHUNK)
      : [];
  const itemIds = [...new Set([...queued, ...rematch].map((r) => r.itemId))];
  if (itemIds.length === 0) return 0;

  const rows = [...groupByItem(await currentAnswers(tx, projectId, itemIds))].map(([itemId, answers]) => {
    const summary = itemAgreement(itemId, answers, project.iou);
    return { itemId, projectId, iouThreshold: summary.shapes.length > 0 ? project.iou : null, summary: encodeItemAgreement(summary) };
  });
  if (rows.length > 0)
    await tx
      .insert(agreementItems)
      .values(rows)
      .onConflictDoUpdate({ target: agreementItems.itemId, set: { iouThreshold: sql`excluded.iou_threshold`, summary: sql`excluded.summary` } });
  if (queued.length > 0)
    await tx.delete(agreementPending).where(
      inArray(
        agreementPending.revisionId,
        queued.map((q) => q.revisionId),
      ),
    );
  return itemIds.length;
}

/** Redoes every out-of-date summary of the project, waiting for any other refresher; returns the items redone. */
export async function refreshAgreementItems(db: Db, projectId: string): Promise<number> {
  let total = 0;
  for (let n; (n = await db.transaction((tx) => refreshChunk(tx, projectId, true))) > 0;) total += n;
  return total;
}

// Summaries are read a few hundred items to a row (grouped by the last two hex digits of the item
// id, random in both uuid v4 and v7): one row per item costs more to move out of the database than
// the summing costs, and one row for the whole project would grow without bound.
/** Every non-gold item's summary (gold items are scored against their answer, not each other). */
export async function readAgreementItems(db: Db | Tx, projectId: string): Promise<ItemAgreement[]> {
  const result = await db.execute(sql`
    SELECT string_agg(ai.summary, ',') AS chunk
    FROM agreement_items ai
    WHERE ai.project_id = ${projectId}
      AND NOT EXISTS (SELECT 1 FROM gold_answers g WHERE g.item_id = ai.item_id)
    GROUP BY right(ai.item_id::text, 2)`);
  return rowsOf<{ chunk: string }>(result).flatMap((r) => decodeItemAgreements(r.chunk));
}

/** Background refresher: after commits, redoes what the sync queued, project by project. */
async function refreshBatch(ctx: AppContext): Promise<number> {
  const waiting = await ctx.db.selectDistinct({ projectId: agreementPending.projectId }).from(agreementPending).limit(20);
  let done = 0;
  for (const { projectId } of waiting) {
    // A project another refresher holds is left to it; anything it misses waits for the next run or report.
    const n = await ctx.db.transaction((tx) => refreshChunk(tx, projectId, false));
    if (n > 0) done += n;
  }
  return done;
}

const runners = new WeakMap<AppContext, DeferredRunner>();
export function agreementRunner(ctx: AppContext): DeferredRunner {
  return runnerFor(
    runners,
    ctx,
    () =>
      new DeferredRunner(
        () => refreshBatch(ctx),
        () => DELAY_MS,
        (e) => ctx.log?.error({ err: e }, 'agreement refresh failed; its rows stay queued'),
      ),
  );
}
