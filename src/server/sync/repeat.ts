// Sync mutations on a hidden repeat (queue/repeats.ts), inside the sync batch's transaction.
// Answered exactly like a first-time item, and at the same cost. A submission is decided by the
// ordinary path (submit.ts's decideSubmits) on the original item — the same reads, checks, words
// and resubmission bound — and its ledger row is claimed like any other. The ordinary writes
// (revision row, hooks) then run in a savepoint that is rolled back, where a first-time save keeps
// its savepoint, and the repeat's own row takes the place of the first-time item's assignment
// update. Each path pays the same statements: before this, a repeat did the ordinary path in full
// and then its own writes, and answered ~20 % slower (test/server/hidden-repeats-timing.test.ts).
//
// What was applied is stored on the repeat row only, with a fresh revisionId and the repeat's own
// revision count, so the item's labels, exports, agreement and gold scores never see it; the
// repeat's self-consistency score is set here.
//
// An escalation of a repeat is accepted like any escalation (refusing it would tell the annotator
// something is different) and recorded on the repeat as escalated: no real escalation is opened
// (the original already has its own label, and a lead would see a duplicate), and it is not scored.
import { eq } from 'drizzle-orm';
import type { CreateEscalation, Mutation, MutationResult, SubmitAnnotation } from '../../domain/api/index.ts';
import { selfConsistencyScore } from '../../domain/dashboard/self-consistency.ts';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { itemRepeats } from '../db/schema.ts';
import type { CallerRepeat } from '../queue/repeats.ts';
import type { BatchHook } from './batch.ts';
import { answerAgain, checkCommon, claimLedger, SUBMISSION_WORDS } from './common.ts';
import { loadCommon } from './common-read.ts';
import { ESCALATION_WORDS, escalationProblems } from './escalate.ts';
import { decideSubmits, storeSubmits, type Counting, type SubmitPlan } from './submit.ts';
import { replayHorizon } from './ledger-expiry.ts';

/** Thrown to roll the savepoint back; never escapes. */
class RolledBack extends Error {}

/** The ordinary writes of a plan, paid for and undone. */
async function storeAndRollBack(tx: Tx, user: SessionUser, plan: SubmitPlan, hooks: readonly BatchHook[]): Promise<void> {
  try {
    await tx.transaction(async (sp) => {
      await storeSubmits(sp, user, plan, hooks);
      throw new RolledBack();
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
  }
}

/**
 * A repeat's own count: revisions number on from the repeat's last answer, and the resubmission
 * bound counts the repeat's answers in the last hour. The repeat row keeps only its last answer's
 * time, so every earlier answer counts as recent when the last one is — never more lenient than
 * the bound on a first-time item, which would tell a repeat apart by its seventh save.
 */
function repeatCounting(ctx: AppContext, repeatOfOriginal: Map<string, CallerRepeat>): Counting {
  const next = new Map([...repeatOfOriginal].map(([itemId, r]) => [itemId, r.revision]));
  const hourAgo = ctx.now().getTime() - 3_600_000;
  const lastHour = new Map([...repeatOfOriginal].map(([itemId, r]) => [itemId, r.answeredAt && r.answeredAt.getTime() > hourAgo ? r.revision : 0]));
  return {
    lastHour,
    reported: (m) => {
      const n = (next.get(m.itemId) ?? 0) + 1;
      next.set(m.itemId, n);
      return n;
    },
  };
}

async function applyRepeatSubmits(
  ctx: AppContext,
  tx: Tx,
  user: SessionUser,
  batch: SubmitAnnotation[],
  repeats: Map<string, CallerRepeat>,
  hooks: readonly BatchHook[],
): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  const repeatOfOriginal = new Map(batch.map((m) => [repeats.get(m.itemId)!.itemId, repeats.get(m.itemId)!]));
  const onOriginal = batch.map((m) => ({ ...m, itemId: repeats.get(m.itemId)!.itemId }));
  const plan = await decideSubmits(ctx, tx, user, onOriginal, repeatCounting(ctx, repeatOfOriginal));
  if (plan.applied.length === 0) return plan.results;
  await claimLedger(tx, user, plan.applied, plan.receivedAt, SUBMISSION_WORDS);
  await storeAndRollBack(tx, user, plan, hooks);
  // The last answer on a repeat is what stays (like the latest revision): one update per repeat.
  const last = new Map(plan.applied.map((a) => [a.itemId, a]));
  for (const [itemId, { m, result }] of last) {
    const repeat = repeatOfOriginal.get(itemId)!;
    const iou = plan.state.projects.get(m.projectId)?.goldIouThreshold;
    const score = repeat.originalPayload && iou !== undefined ? selfConsistencyScore(repeat.originalPayload, m.payload, iou) : null;
    await tx
      .update(itemRepeats)
      .set({ status: 'done', answer: m.payload, revision: result.revision, escalated: false, answeredAt: plan.receivedAt, score })
      .where(eq(itemRepeats.id, repeat.id));
  }
  return plan.results;
}

/** Escalations of repeats: checked on the original item, recorded on the repeat (they are rare). */
async function applyRepeatEscalations(
  ctx: AppContext,
  tx: Tx,
  user: SessionUser,
  batch: CreateEscalation[],
  repeats: Map<string, CallerRepeat>,
): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  const repeatOf = (m: Mutation) => repeats.get(m.itemId)!;
  const onOriginal = <M extends Mutation>(m: M): M => ({ ...m, itemId: repeatOf(m).itemId });
  const state = await loadCommon(tx, user, batch.map(onOriginal), replayHorizon(ctx));
  const receivedAt = ctx.now();
  const results: MutationResult[] = [];
  const answered = new Map<string, { m: Mutation; answer: MutationResult }>();
  const writes: Array<{ repeat: CallerRepeat; m: Mutation; result: { revisionId: string; revision: number; appliedAt: string } }> = [];
  for (const m of batch) {
    const earlier = answered.get(m.id);
    if (earlier) {
      results.push(answerAgain(earlier.m, earlier.answer, m));
      continue;
    }
    const common = checkCommon(state, user, onOriginal(m), ESCALATION_WORDS);
    const outcome = 'status' in common ? common : escalationProblems(common.project, common.item, m);
    if (outcome) {
      answered.set(m.id, { m, answer: outcome });
      results.push(outcome);
      continue;
    }
    // Escalations answer revision 1, as escalate.ts does.
    const result = { revisionId: ctx.newId(), revision: 1, appliedAt: receivedAt.toISOString() };
    writes.push({ repeat: repeatOf(m), m, result });
    const answer: MutationResult = { id: m.id, status: 'applied', result };
    answered.set(m.id, { m, answer });
    results.push(answer);
  }
  if (writes.length === 0) return results;
  await claimLedger(tx, user, writes, receivedAt, ESCALATION_WORDS);
  for (const { repeat } of writes) {
    await tx
      .update(itemRepeats)
      .set({ status: 'done', escalated: true, answeredAt: receivedAt, answer: null, score: null })
      .where(eq(itemRepeats.id, repeat.id));
  }
  return results;
}

/** Submissions and escalations on the caller's repeats, answered in batch order. */
export async function applyRepeatMutations(
  ctx: AppContext,
  tx: Tx,
  user: SessionUser,
  batch: Mutation[],
  repeats: Map<string, CallerRepeat>,
  hooks: readonly BatchHook[],
): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  const submits = batch.filter((m): m is SubmitAnnotation => m.type === 'annotation.submit');
  const escalations = batch.filter((m): m is CreateEscalation => m.type === 'escalation.create');
  const answers = {
    submit: await applyRepeatSubmits(ctx, tx, user, submits, repeats, hooks),
    escalate: await applyRepeatEscalations(ctx, tx, user, escalations, repeats),
  };
  let s = 0;
  let e = 0;
  return batch.map((m) => (m.type === 'annotation.submit' ? answers.submit[s++] : answers.escalate[e++]) as MutationResult);
}
