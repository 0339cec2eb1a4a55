// The idempotency ledger is bounded: a row guards against a replay of its mutation for the
// retention (LEDGER_RETENTION_DAYS, 90 by default), then goes. The replay guarantee, stated:
//
//   a mutation whose id (a UUIDv7: it carries its creation time) is younger than the retention is
//   checked against the ledger, and applied exactly once however often it is sent; an older one is
//   refused, unapplied, with a message — the server no longer holds what would tell a retry from a
//   first sending. Rows are deleted only a margin after that horizon, so a client clock somewhat
//   ahead cannot slip a retry between the refusal and the deletion.
//
// Nothing else reads the ledger: what a sync stored is marked on the revision itself (annotations.
// via_sync), which gold scoring, throughput and rebuilds count. Ids that are not UUIDv7 carry no
// time and are always looked up; a client other than ours that sends them has no guarantee past the
// retention (a second copy of its own work is all a late replay could make).
import { lt, sql } from 'drizzle-orm';
import { uuidv7Timestamp } from '../../domain/ids.ts';
import type { AppContext } from '../context.ts';
import { rowsOf } from '../db/client.ts';
import { mutations } from '../db/schema.ts';

const DAY_MS = 86_400_000;
/** Rows stay this long past the refusal horizon. */
const MARGIN_DAYS = 7;
/** Rows deleted per statement, so no single delete holds locks for long. */
const CHUNK = 5_000;

/** Mutations made before this moment (ms) are refused when the ledger has no row for them. */
export function replayHorizon(ctx: AppContext): number {
  return ctx.now().getTime() - ctx.config.ledgerRetentionDays * DAY_MS;
}

/** When a UUIDv7 id was made (ms), or null for any other id. */
export function madeAt(id: string): number | null {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(id) ? uuidv7Timestamp(id) : null;
}

/** Deletes the ledger rows past the retention and its margin; returns how many went. */
export async function expireLedger(ctx: AppContext, now: Date = ctx.now()): Promise<number> {
  const before = new Date(now.getTime() - (ctx.config.ledgerRetentionDays + MARGIN_DAYS) * DAY_MS);
  let total = 0;
  for (;;) {
    const res = await ctx.db.execute(
      sql`DELETE FROM ${mutations} WHERE id IN (SELECT id FROM ${mutations} WHERE ${lt(mutations.appliedAt, before)} LIMIT ${CHUNK})`,
    );
    const n = Number((res as { rowCount?: number; affectedRows?: number }).rowCount ?? (res as { affectedRows?: number }).affectedRows ?? rowsOf(res).length);
    total += n;
    if (n < CHUNK) return total;
  }
}

/** Expires the ledger an hour after start and every hour after that, until the server closes. */
export function scheduleLedgerExpiry(ctx: AppContext, onError: (e: unknown) => void): () => void {
  const run = () => void expireLedger(ctx).catch(onError);
  const first = setTimeout(run, 60 * 60_000);
  const every = setInterval(run, 60 * 60_000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
