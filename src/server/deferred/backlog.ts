// The deferred work still to do, for /api/health and /metrics: how many rows wait, how old the
// oldest is, and how many were parked after their last try (each with its error on the row).
import { count, isNotNull, isNull, min } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { agreementPending, pendingScores } from '../db/schema.ts';

export interface Backlog {
  scoring: { pending: number; parked: number; oldestSeconds: number };
  agreement: { pending: number };
}

export async function readBacklog(ctx: AppContext): Promise<Backlog> {
  const [waiting] = await ctx.db
    .select({ n: count(), oldest: min(pendingScores.queuedAt) })
    .from(pendingScores)
    .where(isNull(pendingScores.parkedAt));
  const [parked] = await ctx.db.select({ n: count() }).from(pendingScores).where(isNotNull(pendingScores.parkedAt));
  const [agreement] = await ctx.db.select({ n: count() }).from(agreementPending);
  const oldest = waiting?.oldest ? new Date(waiting.oldest) : null;
  return {
    scoring: {
      pending: waiting?.n ?? 0,
      parked: parked?.n ?? 0,
      oldestSeconds: oldest ? Math.max(0, Math.round((ctx.now().getTime() - oldest.getTime()) / 1000)) : 0,
    },
    agreement: { pending: agreement?.n ?? 0 },
  };
}
