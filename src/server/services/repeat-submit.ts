// Sync mutations on a hidden repeat (services/repeats.ts), inside the sync batch's transaction.
// Answered exactly like a first-time item: the same checks in the same order with the same words
// (sync-common's checkCommon on the original item, the label or escalation checks), the same
// ledger (exactly once; a retry gets "duplicate" with the first answer) and the same result shape
// (a fresh revisionId, revision 1 for a first answer). But the answer is stored on the repeat
// row only — no annotation revision, no afterSubmit hooks — so the item's labels, exports,
// agreement and gold scores never see it; the repeat's self-consistency score is set here.
//
// An escalation of a repeat is accepted like any escalation (refusing it would tell the annotator
// something is different) and recorded on the repeat as escalated: no real escalation is opened
// (the original already has its own label, and a lead would see a duplicate), and it is not scored.
import type { Mutation, MutationResult, SubmitAnnotation } from '../../domain/api/index.ts';
import { selfConsistencyScore } from '../../domain/dashboard/self-consistency.ts';
import { eq } from 'drizzle-orm';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { itemRepeats } from '../db/schema.ts';
import { ESCALATION_WORDS, escalationProblems } from './escalation-apply.ts';
import { originalPayloads, type Repeat } from './repeats.ts';
import { checkCommon, claimLedger, labelProblems, loadCommon, SUBMISSION_WORDS, type AppliedResult } from './sync-common.ts';

interface Write {
  repeat: Repeat;
  m: Mutation;
  result: AppliedResult;
}

export async function applyRepeatMutations(ctx: AppContext, tx: Tx, user: SessionUser, batch: Mutation[], repeats: Map<string, Repeat>): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  const repeatOf = (m: Mutation) => repeats.get(m.itemId) as Repeat;
  // The checks run on the original item (project, assignment, content), under the mutation's own id.
  const state = await loadCommon(tx, user, batch.map((m) => ({ ...m, itemId: repeatOf(m).itemId })));
  const receivedAt = ctx.now();
  const results: MutationResult[] = [];
  const answered = new Map<string, MutationResult>();
  const writes: Write[] = [];
  const revision = new Map([...repeats.values()].map((r) => [r.id, r.revision]));

  for (const m of batch) {
    const again = answered.get(m.id);
    if (again) {
      results.push(again.status === 'applied' ? { ...again, status: 'duplicate' } : again);
      continue;
    }
    const repeat = repeatOf(m);
    const words = m.type === 'annotation.submit' ? SUBMISSION_WORDS : ESCALATION_WORDS;
    const common = checkCommon(state, user, { ...m, itemId: repeat.itemId }, words);
    const outcome = 'status' in common ? common : m.type === 'annotation.submit' ? labelProblems(common.project, common.item, m) : escalationProblems(common.project, common.item, m);
    if (outcome) {
      answered.set(m.id, outcome);
      results.push(outcome);
      continue;
    }
    // Escalations answer revision 1 (as escalation-apply does); submissions count up like revisions.
    const n = m.type === 'annotation.submit' ? (revision.get(repeat.id) ?? 0) + 1 : 1;
    if (m.type === 'annotation.submit') revision.set(repeat.id, n);
    const result = { revisionId: ctx.newId(), revision: n, appliedAt: receivedAt.toISOString() };
    writes.push({ repeat, m, result });
    const answer: MutationResult = { id: m.id, status: 'applied', result };
    answered.set(m.id, answer);
    results.push(answer);
  }
  if (writes.length === 0) return results;

  await claimLedger(tx, user, writes, receivedAt, SUBMISSION_WORDS);
  const originals = await originalPayloads(tx, [...new Set(writes.map((w) => w.repeat.originalRevisionId))]);
  // In batch order, so the last mutation on a repeat is what stays (like the latest revision).
  for (const { repeat, m, result } of writes) {
    const project = state.projects.get(m.projectId);
    if (m.type === 'annotation.submit') {
      const original = originals.get(repeat.originalRevisionId);
      const score = original && project ? selfConsistencyScore(original, (m as SubmitAnnotation).payload, project.goldIouThreshold) : null;
      await tx
        .update(itemRepeats)
        .set({ status: 'done', answer: (m as SubmitAnnotation).payload, revision: result.revision, escalated: false, answeredAt: receivedAt, score })
        .where(eq(itemRepeats.id, repeat.id));
    } else {
      await tx.update(itemRepeats).set({ status: 'done', escalated: true, answeredAt: receivedAt, answer: null, score: null }).where(eq(itemRepeats.id, repeat.id));
    }
  }
  return results;
}
