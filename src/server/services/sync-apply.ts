// Applies a batch of client mutations in one transaction, each exactly once.
// The mutation id (a client-made UUIDv7) is the idempotency key: the ledger row is written in
// the same transaction as the effect, so a retry after a lost response finds it and gets the
// first answer back ("duplicate"), and nothing is written twice. Rejections write nothing.
//
// Set-based, not row-by-row: the batch reads what it needs in seven queries (ledger, roles,
// projects, items, assignments, guideline versions, last revisions), decides every mutation in
// memory in batch order, then writes with multi-row statements. Round-trips per mutation made
// ingest ~30× slower than a raw INSERT (see test/bench/sync-ingest.bench.ts).
//
//   per mutation:  in ledger? ──yes──▶ duplicate (first answer; "conflict" if another account's id)
//                      │ no
//                      ▼
//                  seen earlier in this batch? ──yes──▶ the answer given to that one
//                      │ no
//                      ▼
//                  role, item, assignment, guideline version, labels ──fail──▶ rejected (no write)
//                      │ ok
//                      ▼
//                  applied: ledger row + revision n+1 + assignment done (+ count back if expired)
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import type { CreateEscalation, Mutation, MutationResult, SubmitAnnotation } from '../../domain/api/index.ts';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { annotations } from '../db/schema.ts';
import { applyEscalations } from './escalation-apply.ts';
import { applyRepeatMutations } from './repeat-submit.ts';
import { callerRepeats } from './repeats.ts';
import { reusedIds } from './sync-fingerprint.ts';
import { LIMITS } from '../../domain/validation/limits.ts';
import { checkCommon, claimLedger, closeAssignment, labelProblems, loadCommon, reject, SUBMISSION_WORDS, uniq, writeAssignments, type AppliedResult } from './sync-common.ts';
import { plausibleTimes } from '../../domain/validation/client-times.ts';

const WORDS = SUBMISSION_WORDS;

/** Called inside the transaction after the batch's annotation revisions are stored (gold scoring hooks in here). */
export type AfterSubmit = (tx: Tx, event: { revisionId: string; userId: string; projectId: string; itemId: string; mutation: SubmitAnnotation; receivedAt: Date }) => Promise<void>;

export async function applyBatch(ctx: AppContext, user: SessionUser, batch: Mutation[]): Promise<MutationResult[]> {
  const results = await applyInTransaction(ctx, user, batch);
  for (const hook of ctx.hooks.afterCommit) hook();
  return results;
}

async function applyInTransaction(ctx: AppContext, user: SessionUser, batch: Mutation[]): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  return ctx.db.transaction(async (tx) => {
    await lockCaller(tx, user);
    // An id reused with another body is refused before anything else (sync-fingerprint.ts).
    const reused = await reusedIds(tx, batch);
    if (reused.size === 0) return applyKinds(ctx, tx, user, batch);
    const rest = await applyKinds(ctx, tx, user, batch.filter((_, k) => !reused.has(k)));
    let next = 0;
    return batch.map((_, k) => reused.get(k) ?? (rest[next++] as MutationResult));
  });
}

async function applyKinds(ctx: AppContext, tx: Tx, user: SessionUser, batch: Mutation[]): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  // Hidden repeats: a mutation naming one of the caller's repeat ids is answered like any other
  // but stored on the repeat (repeat-submit.ts). Another user's repeat id is not found here and
  // goes the ordinary way, where it is refused exactly like any item not in the caller's queue.
  const repeats = await callerRepeats(tx, user.id, uniq(batch.map((m) => m.itemId)));
  const kindOf = (m: Mutation) => (repeats.has(m.itemId) ? 'repeat' : m.type);
  const submits = batch.filter((m): m is SubmitAnnotation => kindOf(m) === 'annotation.submit');
  const escalated = batch.filter((m): m is CreateEscalation => kindOf(m) === 'escalation.create');
  const repeated = batch.filter((m) => kindOf(m) === 'repeat');
  if (escalated.length === 0 && repeated.length === 0) return applySubmits(ctx, tx, user, submits);
  // Mixed batch (escalations go through the same outbox): each kind is decided set-based, all in
  // one transaction, and the answers are put back in batch order.
  const answers = {
    'annotation.submit': submits.length > 0 ? await applySubmits(ctx, tx, user, submits) : [],
    'escalation.create': await applyEscalations(ctx, tx, user, escalated),
    repeat: await applyRepeatMutations(ctx, tx, user, repeated, repeats, (sp, ms) => applySubmits(ctx, sp, user, ms)),
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

async function applySubmits(ctx: AppContext, tx: Tx, user: SessionUser, batch: SubmitAnnotation[]): Promise<MutationResult[]> {
  {
    const receivedAt = ctx.now();
    const state = await load(tx, user, batch, receivedAt);
    const results: MutationResult[] = [];
    const answered = new Map<string, MutationResult>();
    const applied: Array<{ m: SubmitAnnotation; revisionId: string; revision: number; result: AppliedResult }> = [];
    const doneAssignments: string[] = [];
    const recount: string[] = [];

    for (const m of batch) {
      const again = answered.get(m.id);
      if (again) {
        results.push(again.status === 'applied' ? { ...again, status: 'duplicate' } : again);
        continue;
      }
      const outcome = decide(state, user, m);
      if (outcome.status === 'applied') {
        // Resubmitting is bounded, for gold and live alike (domain/validation/limits.ts).
        const recent = state.lastHour.get(m.itemId) ?? 0;
        if (recent >= LIMITS.revisionsPerItemPerHour) {
          const refused = reject(m.id, 'conflict', `This item was already submitted ${recent} times in the last hour; at most ${LIMITS.revisionsPerItemPerHour} revisions of one item are accepted per hour. Try again later.`);
          answered.set(m.id, refused);
          results.push(refused);
          continue;
        }
        state.lastHour.set(m.itemId, recent + 1);
        const revision = (state.revisions.get(m.itemId) ?? 0) + 1;
        state.revisions.set(m.itemId, revision);
        const revisionId = ctx.newId();
        const result = { revisionId, revision, appliedAt: receivedAt.toISOString() };
        applied.push({ m, revisionId, revision, result });
        closeAssignment(state, m.itemId, doneAssignments, recount);
        const answer: MutationResult = { id: m.id, status: 'applied', result };
        answered.set(m.id, answer);
        results.push(answer);
      } else {
        answered.set(m.id, outcome);
        results.push(outcome);
      }
    }
    if (applied.length === 0) return results;

    await claimLedger(tx, user, applied, receivedAt, WORDS);

    await tx.insert(annotations).values(
      applied.map(({ m, revisionId, revision }) => ({
        id: revisionId,
        projectId: m.projectId,
        itemId: m.itemId,
        userId: user.id,
        revision,
        guidelineVersionId: m.guidelineVersionId,
        payload: m.payload,
        durationMs: m.durationMs,
        ...plausibleTimes(m, { receivedAt, notBefore: state.items.get(m.itemId)?.createdAt ?? receivedAt }),
        receivedAt,
        mutationId: m.id,
      })),
    );
    await writeAssignments(tx, doneAssignments, recount, receivedAt);
    for (const { m, revisionId } of applied) {
      for (const hook of ctx.hooks.afterSubmit) await hook(tx, { revisionId, userId: user.id, projectId: m.projectId, itemId: m.itemId, mutation: m, receivedAt });
    }
    return results;
  }
}

type State = Awaited<ReturnType<typeof load>>;

/** Everything the batch's decisions need: the shared reads, and each item's last revision. */
async function load(tx: Tx, user: SessionUser, batch: SubmitAnnotation[], receivedAt: Date) {
  const common = await loadCommon(tx, user, batch);
  const hourAgo = new Date(receivedAt.getTime() - 3_600_000);
  // The same query counts the last hour's revisions, so the bound costs no extra round-trip.
  const revisionRows = await tx
    .select({ itemId: annotations.itemId, revision: max(annotations.revision), lastHour: sql<number>`(count(*) filter (where ${annotations.receivedAt} > ${hourAgo}))::int` })
    .from(annotations)
    .where(and(eq(annotations.userId, user.id), inArray(annotations.itemId, uniq(batch.map((m) => m.itemId)))))
    .groupBy(annotations.itemId);
  return { ...common, revisions: new Map(revisionRows.map((r) => [r.itemId, r.revision ?? 0])), lastHour: new Map(revisionRows.map((r) => [r.itemId, Number(r.lastHour)])) };
}

/** The answer for one mutation not yet answered in this batch; "applied" means: write it. */
function decide(state: State, user: SessionUser, m: SubmitAnnotation): MutationResult | { status: 'applied' } {
  const common = checkCommon(state, user, m, WORDS);
  if ('status' in common) return common;
  const { project, item } = common;
  return labelProblems(project, item, m) ?? { status: 'applied' };
}

