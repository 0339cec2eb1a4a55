// The mutation ledger answers a replayed mutation id with its first answer (exactly once). Kept
// forever it would grow by a row for every save ever made, so rows older than the retention
// (LEDGER_RETENTION_DAYS, 90 by default) are deleted, a bounded batch at a time, hourly by every
// server (the delete is idempotent, so servers sharing one PostgreSQL may all run it).
//
// The guarantee, stated: a mutation replayed within the retention of its first answer gets that
// answer. A client drops a synced entry a day after its answer came, and retries a pending one
// until it gets an answer; so a second application needs a device that sent a batch, never heard
// back, and stayed away longer than the retention. Then the item gets one more revision with the
// same labels — a revision in its history, never a lost or changed label.
import { lt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { mutations } from '../db/schema.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Deletes up to `batch` ledger rows older than the retention; returns how many. */
export async function expireLedger(ctx: AppContext, opts: { batch?: number } = {}): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - ctx.config.ledgerRetentionDays * DAY_MS);
  const batch = opts.batch ?? 10_000;
  const gone = await ctx.db
    .delete(mutations)
    .where(sql`${mutations.id} in (select ${mutations.id} from ${mutations} where ${lt(mutations.appliedAt, cutoff)} limit ${batch})`)
    .returning({ id: mutations.id });
  return gone.length;
}

/** Hourly while the server runs (and once at start); stopped when it closes. */
export function installLedgerExpiry(app: FastifyInstance, ctx: AppContext): void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const run = () =>
    void (async () => {
      while ((await expireLedger(ctx)) > 0);
    })().catch((e: unknown) => app.log.error(e, 'expiring the mutation ledger'));
  app.addHook('onReady', async () => {
    run();
    timer = setInterval(run, HOUR_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
