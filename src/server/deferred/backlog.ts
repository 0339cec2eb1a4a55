// The deferred work still to do, for /api/health and /metrics: how many rows wait, how old the
// oldest is, and how many were parked after their last try (each with its error on the row).
import { count, eq, isNotNull, isNull, min } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { agreementPending, annotations, pendingScores } from '../db/schema.ts';

export interface Backlog {
  scoring: { pending: number; parked: number; oldestSeconds: number };
  agreement: { pending: number; oldestSeconds: number };
}

export async function readBacklog(ctx: AppContext): Promise<Backlog> {
  const [waiting] = await ctx.db
    .select({ n: count(), oldest: min(pendingScores.queuedAt) })
    .from(pendingScores)
    .where(isNull(pendingScores.parkedAt));
  const [parked] = await ctx.db.select({ n: count() }).from(pendingScores).where(isNotNull(pendingScores.parkedAt));
  // Agreement rows carry no time of their own: the revision's arrival is when it was queued.
  const [agreement] = await ctx.db
    .select({ n: count(), oldest: min(annotations.receivedAt) })
    .from(agreementPending)
    .innerJoin(annotations, eq(annotations.id, agreementPending.revisionId));
  const age = (t: Date | string | null | undefined) => (t ? Math.max(0, Math.round((ctx.now().getTime() - new Date(t).getTime()) / 1000)) : 0);
  return {
    scoring: {
      pending: waiting?.n ?? 0,
      parked: parked?.n ?? 0,
      oldestSeconds: age(waiting?.oldest),
    },
    agreement: { pending: agreement?.n ?? 0, oldestSeconds: age(agreement?.oldest) },
  };
}
