// The sync pipeline: every client mutation (label submissions, escalations, answers on hidden
// repeats) enters here, in batches of one caller, and is applied exactly once.
//
//   POST /api/sync ──▶ validate (wire schema, limits) ──▶ BEGIN; lock the caller
//        ──▶ ledger: each id seen before? same body ▶ "duplicate" with the first answer
//                                             other body / other account ▶ "conflict"
//        ──▶ apply, set-based per kind (submit.ts, escalate.ts, repeat.ts):
//              checks fail ▶ "rejected", nothing written
//              else ledger row + revision/escalation + assignment done, in multi-row statements
//        ──▶ batch hooks (hooks.ts): each takes the whole batch, a fixed number of queries
//        ──▶ COMMIT ──▶ after-commit hooks (start the deferred runners) ──▶ answer, in batch order
//
// The mutation id (a client-made UUIDv7) is the idempotency key: its ledger row is written in the
// same transaction as its effect, so a retry after a lost answer finds it, and nothing is written
// twice. Any error rolls the whole batch back; the client sends it again.
import { sql } from 'drizzle-orm';
import type { CreateEscalation, Mutation, MutationResult, SubmitAnnotation } from '../../domain/api/index.ts';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { callerRepeats } from '../queue/repeats.ts';
import { bodyHashOf, uniq } from './common.ts';
import { applyEscalations } from './escalate.ts';
import { syncHooks } from './hooks.ts';
import { applyRepeatMutations } from './repeat.ts';
import { applySubmits } from './submit.ts';

export async function runSync(ctx: AppContext, user: SessionUser, batch: Mutation[]): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  for (const m of batch) bodyHashOf(m); // as sent, before any step copies it
  const hooks = syncHooks(ctx);
  const results = await ctx.db.transaction(async (tx) => {
    await lockCaller(tx, user);
    return applyByKind(ctx, tx, user, batch, hooks.afterSubmit);
  });
  for (const hook of hooks.afterCommit) hook();
  return results;
}

/**
 * Hidden repeats: a mutation naming one of the caller's repeat ids is answered like any other but
 * stored on the repeat (repeat.ts). Another user's repeat id is not found here and goes the
 * ordinary way, where it is refused exactly like any item not in the caller's queue. Each kind is
 * decided set-based, all in one transaction, and the answers are put back in batch order.
 */
async function applyByKind(
  ctx: AppContext,
  tx: Tx,
  user: SessionUser,
  batch: Mutation[],
  hooks: Parameters<typeof applySubmits>[4],
): Promise<MutationResult[]> {
  const repeats = await callerRepeats(tx, user.id, uniq(batch.map((m) => m.itemId)));
  const kindOf = (m: Mutation) => (repeats.has(m.itemId) ? 'repeat' : m.type);
  const submits = batch.filter((m): m is SubmitAnnotation => kindOf(m) === 'annotation.submit');
  const escalated = batch.filter((m): m is CreateEscalation => kindOf(m) === 'escalation.create');
  const repeated = batch.filter((m) => kindOf(m) === 'repeat');
  const submit = (t: Tx, ms: SubmitAnnotation[]) => (ms.length > 0 ? applySubmits(ctx, t, user, ms, hooks) : Promise.resolve([]));
  if (escalated.length === 0 && repeated.length === 0) return submit(tx, submits);
  const answers = {
    'annotation.submit': await submit(tx, submits),
    'escalation.create': await applyEscalations(ctx, tx, user, escalated),
    repeat: await applyRepeatMutations(ctx, tx, user, repeated, repeats, hooks),
  };
  const next = { 'annotation.submit': 0, 'escalation.create': 0, repeat: 0 };
  return batch.map((m) => {
    const k = kindOf(m);
    return answers[k][next[k]++] as MutationResult;
  });
}

/**
 * One batch per account at a time: two batches of the same account (two tabs, a retry racing the
 * original) would otherwise both read revision n of an item and both write n+1 — a unique
 * violation, answered 500. The lock lasts until the transaction ends; other accounts never wait.
 */
async function lockCaller(tx: Tx, user: SessionUser): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sync:${user.id}`}))`);
}
