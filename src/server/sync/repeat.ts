// Sync mutations on a hidden repeat (services/repeats.ts), inside the sync batch's transaction.
// Answered exactly like a first-time item. A submission goes through the whole ordinary path
// (submit.ts's applySubmits) on the original item inside a savepoint that is then rolled back:
// its answer decides — the same checks, words and ledger (a retry finds the repeat's own first
// result there and gets "duplicate") — and it costs what a first-time save costs, the same reads,
// writes and hooks, none of them kept. Without it a repeat answered in under half the time; with
// it the savepoint and the repeat's own write remain, ~2 ms of ~18 on PGlite
// (test/server/hidden-repeats-timing.test.ts bounds the gap). What was applied is then
// stored on the repeat row only, with a fresh revisionId and the repeat's own revision count, so
// the item's labels, exports, agreement and gold scores never see it; the repeat's
// self-consistency score is set here.
//
// An escalation of a repeat is accepted like any escalation (refusing it would tell the annotator
// something is different) and recorded on the repeat as escalated: no real escalation is opened
// (the original already has its own label, and a lead would see a duplicate), and it is not scored.
import type { CreateEscalation, Mutation, MutationResult, SubmitAnnotation } from '../../domain/api/index.ts';
import { selfConsistencyScore } from '../../domain/dashboard/self-consistency.ts';
import { eq } from 'drizzle-orm';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { itemRepeats } from '../db/schema.ts';
import { ESCALATION_WORDS, escalationProblems } from './escalate.ts';
import { originalPayloads, type Repeat } from '../services/repeats.ts';
import { answerAgain, checkCommon, claimLedger, loadCommon, SUBMISSION_WORDS, type AppliedResult } from './common.ts';

interface Write {
  repeat: Repeat;
  m: Mutation;
  result: AppliedResult;
}

/** The ordinary submission path (submit.ts's applySubmits): here it decides and is rolled back. */
export type OrdinarySubmit = (tx: Tx, batch: SubmitAnnotation[]) => Promise<MutationResult[]>;

/** Thrown to roll the savepoint back; never escapes. */
class ShadowDone extends Error {
  constructor(readonly results: MutationResult[]) {
    super('shadow submission rolled back');
  }
}

/** Runs the ordinary path on the original items in a savepoint, rolls it back, returns its answers. */
async function shadowSubmit(tx: Tx, ordinary: OrdinarySubmit, batch: SubmitAnnotation[]): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  try {
    await tx.transaction(async (sp) => {
      throw new ShadowDone(await ordinary(sp, batch));
    });
  } catch (e) {
    if (e instanceof ShadowDone) return e.results;
    throw e;
  }
  throw new Error('unreachable: the shadow savepoint always rolls back');
}

export async function applyRepeatMutations(ctx: AppContext, tx: Tx, user: SessionUser, batch: Mutation[], repeats: Map<string, Repeat>, ordinary: OrdinarySubmit): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  const repeatOf = (m: Mutation) => repeats.get(m.itemId) as Repeat;
  const onOriginal = <M extends Mutation>(m: M): M => ({ ...m, itemId: repeatOf(m).itemId });
  const submits = batch.filter((m): m is SubmitAnnotation => m.type === 'annotation.submit');
  const escalations = batch.filter((m) => m.type !== 'annotation.submit');
  // Submissions: the ordinary path decides (its checks, words and ledger answers — a retry of an
  // applied repeat finds the repeat's own result in the ledger), then is rolled back.
  const decided = await shadowSubmit(tx, ordinary, submits.map(onOriginal));
  // Escalations are checked here, on the original item (they are rare; no shadow run).
  const state = escalations.length > 0 ? await loadCommon(tx, user, escalations.map(onOriginal)) : undefined;
  const receivedAt = ctx.now();
  const results: MutationResult[] = [];
  const answered = new Map<string, { m: Mutation; answer: MutationResult }>();
  const writes: Write[] = [];
  const revision = new Map([...repeats.values()].map((r) => [r.id, r.revision]));
  let k = 0;

  for (const m of batch) {
    const ordinaryAnswer = m.type === 'annotation.submit' ? decided[k++] : undefined;
    const earlier = answered.get(m.id);
    if (earlier) {
      results.push(answerAgain(earlier.m, earlier.answer, m));
      continue;
    }
    const repeat = repeatOf(m);
    let outcome: MutationResult | null;
    if (ordinaryAnswer) outcome = ordinaryAnswer.status === 'applied' ? null : ordinaryAnswer;
    else {
      const common = checkCommon(state!, user, onOriginal(m), ESCALATION_WORDS);
      outcome = 'status' in common ? common : escalationProblems(common.project, common.item, m as CreateEscalation);
    }
    if (outcome) {
      answered.set(m.id, { m, answer: outcome });
      results.push(outcome);
      continue;
    }
    // Escalations answer revision 1 (as escalate.ts does); submissions count up like revisions.
    const n = m.type === 'annotation.submit' ? (revision.get(repeat.id) ?? 0) + 1 : 1;
    if (m.type === 'annotation.submit') revision.set(repeat.id, n);
    const result = { revisionId: ctx.newId(), revision: n, appliedAt: receivedAt.toISOString() };
    writes.push({ repeat, m, result });
    const answer: MutationResult = { id: m.id, status: 'applied', result };
    answered.set(m.id, { m, answer });
    results.push(answer);
  }
  if (writes.length === 0) return results;

  await claimLedger(tx, user, writes, receivedAt, SUBMISSION_WORDS);
  const originals = await originalPayloads(tx, [...new Set(writes.map((w) => w.repeat.originalRevisionId))]);
  // In batch order, so the last mutation on a repeat is what stays (like the latest revision).
  for (const { repeat, m, result } of writes) {
    if (m.type === 'annotation.submit') {
      const original = originals.get(repeat.originalRevisionId);
      const score = original ? selfConsistencyScore(original.payload, m.payload, original.iouThreshold) : null;
      await tx
        .update(itemRepeats)
        .set({ status: 'done', answer: m.payload, revision: result.revision, escalated: false, answeredAt: receivedAt, score })
        .where(eq(itemRepeats.id, repeat.id));
    } else {
      await tx.update(itemRepeats).set({ status: 'done', escalated: true, answeredAt: receivedAt, answer: null, score: null }).where(eq(itemRepeats.id, repeat.id));
    }
  }
  return results;
}
