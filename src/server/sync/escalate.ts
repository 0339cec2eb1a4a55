// Applies 'escalation.create' sync mutations inside the sync batch's transaction (called by
// the pipeline), with the same ledger semantics as label submissions: applied once, a retry gets
// "duplicate" with the first answer, a rejection writes nothing.
//
// An applied escalation stores an open `escalations` row (the export holds the item out while
// it is open) and marks the annotator's assignment done, so the queue moves on. The ledger's
// result reuses the submission shape: revisionId is the escalation's id, revision is always 1.
import { sql } from 'drizzle-orm';
import type { CreateEscalation, MutationResult } from '../../domain/api/index.ts';
import { validateAnnotation } from '../../domain/validation/annotation.ts';
import { unknownEscalationLabels } from '../../domain/escalations/rules.ts';
import { itemContent } from '../queue/item-view.ts';
import { knownOutline } from '../cpu/outlines.ts';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { textArray } from '../db/folded-read.ts';
import { escalations } from '../db/schema.ts';
import type { BatchItem, BatchProject } from './batch.ts';
import { answerAgain, checkCommon, claimLedger, closeAssignment, reject, uniq, writeAssignments, type AppliedResult, type MutationWords } from './common.ts';
import { loadCommonWith } from './common-read.ts';
import { replayHorizon } from './ledger-expiry.ts';

export const ESCALATION_WORDS: MutationWords = {
  noun: 'escalation',
  action: 'escalate items',
  notAssigned: 'That item is not in your queue, so you cannot escalate it.',
};
const WORDS = ESCALATION_WORDS;

export async function applyEscalations(ctx: AppContext, tx: Tx, user: SessionUser, batch: CreateEscalation[]): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  const state = await load(tx, user, batch, replayHorizon(ctx));
  const receivedAt = ctx.now();
  const results: MutationResult[] = [];
  const answered = new Map<string, { m: CreateEscalation; answer: MutationResult }>();
  const applied: Array<{ m: CreateEscalation; result: AppliedResult }> = [];
  const doneAssignments: string[] = [];
  const recount: string[] = [];

  for (const m of batch) {
    const earlier = answered.get(m.id);
    if (earlier) {
      results.push(answerAgain(earlier.m, earlier.answer, m));
      continue;
    }
    const outcome = decide(state, user, m);
    if (outcome.status === 'applied') {
      const result = { revisionId: ctx.newId(), revision: 1, appliedAt: receivedAt.toISOString() };
      applied.push({ m, result });
      state.open.add(m.itemId);
      closeAssignment(state, m.itemId, doneAssignments, recount);
      const answer: MutationResult = { id: m.id, status: 'applied', result };
      answered.set(m.id, { m, answer });
      results.push(answer);
    } else {
      answered.set(m.id, { m, answer: outcome });
      results.push(outcome);
    }
  }
  if (applied.length === 0) return results;

  await claimLedger(tx, user, applied, receivedAt, WORDS);

  await tx.insert(escalations).values(
    applied.map(({ m, result }) => ({
      id: result.revisionId,
      projectId: m.projectId,
      itemId: m.itemId,
      userId: user.id,
      guidelineVersionId: m.guidelineVersionId,
      reason: m.reason,
      note: m.note,
      guidelineRef: m.guidelineRef,
      labels: m.labels ?? [],
      tentative: m.tentative ?? null,
      status: 'open' as const,
      createdAt: new Date(m.createdAt),
      receivedAt,
      mutationId: m.id,
    })),
  );
  await writeAssignments(tx, doneAssignments, recount, receivedAt);
  return results;
}

type State = Awaited<ReturnType<typeof load>>;

/** The shared reads, and which of the items the caller has escalated and not yet had ruled on (one statement). */
async function load(tx: Tx, user: SessionUser, batch: CreateEscalation[], horizon: number) {
  const itemIds = textArray(uniq(batch.map((m) => m.itemId)));
  const { common, more } = await loadCommonWith(tx, user, batch, horizon, {
    open: sql`select item_id as "itemId" from escalations where user_id = ${user.id} and status = 'open' and item_id = any(${itemIds}::uuid[])`,
  });
  return { ...common, open: new Set((more.open as Array<{ itemId: string }>).map((r) => r.itemId)) };
}

function decide(state: State, user: SessionUser, m: CreateEscalation): MutationResult | { status: 'applied' } {
  const common = checkCommon(state, user, m, WORDS);
  if ('status' in common) return common;
  const { project, item } = common;
  if (state.open.has(item.id)) return reject(m.id, 'conflict', 'You already escalated this item and a lead has not ruled on it yet.');
  return escalationProblems(project, item, m) ?? { status: 'applied' };
}

/** The checks of the escalation itself (labels, tentative answer); null when it may be applied. Shared with hidden repeats. */
export function escalationProblems(project: BatchProject, item: BatchItem, m: CreateEscalation): MutationResult | null {
  const unknown = unknownEscalationLabels(
    m.labels ?? [],
    project.labelSchema.labels.map((l) => l.id),
  );
  if (unknown.length > 0) return reject(m.id, 'invalid', `The escalation names labels this project does not have: ${unknown.join(', ')}.`);

  if (m.tentative) {
    const content = itemContent(project, item);
    const problems = validateAnnotation(project.labelSchema, content, m.tentative, { knownOutline });
    if (problems.length > 0) return reject(m.id, 'invalid', `The tentative labels break the label schema: ${problems[0]?.message}`, problems);
  }
  return null;
}
