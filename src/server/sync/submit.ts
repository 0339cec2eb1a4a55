// The "apply" step for label submissions (pipeline.ts runs it inside the batch's transaction).
// Set-based, not row-by-row: the batch reads what it needs in one statement (ledger, roles,
// projects, items, assignments, guideline versions, last revisions), decides every mutation in
// memory in batch order, writes with multi-row statements, then hands the whole batch to the hooks.
//
//   per mutation:  in ledger? ──yes──▶ same body: duplicate (first answer) · other body or account: conflict
//                      │ no
//                      ▼
//                  seen earlier in this batch? ──yes──▶ the answer given to that one (conflict if another body)
//                      │ no
//                      ▼
//                  role, item, assignment, guideline version, labels ──fail──▶ rejected (no write)
//                      │ ok
//                      ▼
//                  applied: ledger row + revision n+1 + assignment done (+ count back if expired)
import { sql } from 'drizzle-orm';
import type { MutationResult, SubmitAnnotation } from '../../domain/api/index.ts';
import { plausibleTimes } from '../../domain/validation/client-times.ts';
import { LIMITS } from '../../domain/validation/limits.ts';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { fromJson, textArray } from '../db/folded-read.ts';
import { annotations } from '../db/schema.ts';
import type { BatchHook, Submitted } from './batch.ts';
import {
  answerAgain,
  checkCommon,
  claimLedger,
  closeAssignment,
  labelProblems,
  reject,
  SUBMISSION_WORDS,
  uniq,
  writeAssignments,
  type AppliedResult,
} from './common.ts';
import { loadCommonWith } from './common-read.ts';
import { replayHorizon } from './ledger-expiry.ts';

const WORDS = SUBMISSION_WORDS;

/** Stored submissions: the revision written (item numbering) and the answer the client gets. */
export type AppliedSubmission = Submitted & { m: SubmitAnnotation; result: AppliedResult };

/** What the ordinary path decided for a batch, before anything is written. */
export interface SubmitPlan {
  receivedAt: Date;
  state: State;
  /** One answer per mutation, in batch order. */
  results: MutationResult[];
  applied: AppliedSubmission[];
  doneAssignments: string[];
  recount: string[];
}

/**
 * How a hidden repeat is counted (repeat.ts): the revision number its caller is told, and how many
 * times it was answered in the last hour (for the resubmission bound). The rows its rolled-back
 * copy writes keep the item's own numbering. Without it, the item's own counts.
 */
export interface Counting {
  reported(m: SubmitAnnotation, own: number): number;
  lastHour: ReadonlyMap<string, number>;
}

export async function applySubmits(
  ctx: AppContext,
  tx: Tx,
  user: SessionUser,
  batch: SubmitAnnotation[],
  hooks: readonly BatchHook[],
): Promise<MutationResult[]> {
  const plan = await decideSubmits(ctx, tx, user, batch);
  if (plan.applied.length === 0) return plan.results;
  await claimLedger(tx, user, plan.applied, plan.receivedAt, WORDS);
  // In a savepoint that is kept: a hidden repeat runs the same writes in one that is rolled back
  // (repeat.ts), and the two must cost the same statements, or timing would tell them apart.
  await tx.transaction(async (sp) => storeSubmits(sp, user, plan, hooks));
  return plan.results;
}

/** The reads and every decision, in batch order; nothing written. */
export async function decideSubmits(ctx: AppContext, tx: Tx, user: SessionUser, batch: SubmitAnnotation[], counting?: Counting): Promise<SubmitPlan> {
  const receivedAt = ctx.now();
  const state = await load(tx, user, batch, receivedAt, replayHorizon(ctx));
  if (counting) for (const [itemId, n] of counting.lastHour) state.lastHour.set(itemId, n);
  const plan: SubmitPlan = { receivedAt, state, results: [], applied: [], doneAssignments: [], recount: [] };
  const answered = new Map<string, { m: SubmitAnnotation; answer: MutationResult }>();

  for (const m of batch) {
    const earlier = answered.get(m.id);
    if (earlier) {
      plan.results.push(answerAgain(earlier.m, earlier.answer, m));
      continue;
    }
    const outcome = decide(state, user, m);
    let answer: MutationResult = outcome as MutationResult;
    if (outcome.status === 'applied') {
      // Resubmitting is bounded, for gold and live alike (domain/validation/limits.ts).
      const recent = state.lastHour.get(m.itemId) ?? 0;
      if (recent >= LIMITS.revisionsPerItemPerHour) {
        const refused = reject(
          m.id,
          'conflict',
          `This item was already submitted ${recent} times in the last hour; at most ${LIMITS.revisionsPerItemPerHour} revisions of one item are accepted per hour. Try again later.`,
        );
        answered.set(m.id, { m, answer: refused });
        plan.results.push(refused);
        continue;
      }
      state.lastHour.set(m.itemId, recent + 1);
      const revision = (state.revisions.get(m.itemId) ?? 0) + 1;
      state.revisions.set(m.itemId, revision);
      const ownRevision = (state.ownRevisions.get(m.itemId) ?? 0) + 1;
      state.ownRevisions.set(m.itemId, ownRevision);
      const revisionId = ctx.newId();
      const result = { revisionId, revision: counting ? counting.reported(m, ownRevision) : ownRevision, appliedAt: receivedAt.toISOString() };
      plan.applied.push({ m, mutation: m, revisionId, revision, projectId: m.projectId, itemId: m.itemId, result });
      closeAssignment(state, m.itemId, plan.doneAssignments, plan.recount);
      answer = { id: m.id, status: 'applied', result };
    }
    answered.set(m.id, { m, answer });
    plan.results.push(answer);
  }
  return plan;
}

/** The plan's revisions, assignments and hooks (the ledger is claimed by the caller). */
export async function storeSubmits(tx: Tx, user: SessionUser, plan: SubmitPlan, hooks: readonly BatchHook[]): Promise<void> {
  const { applied, receivedAt, state } = plan;
  if (applied.length === 0) return;
  await insertRows(
    tx,
    annotations,
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
      viaSync: true,
    })),
  );
  await writeAssignments(tx, plan.doneAssignments, plan.recount, receivedAt);
  const submissions = applied.map(({ revisionId, revision, projectId, itemId, mutation }) => ({ revisionId, revision, projectId, itemId, mutation }));
  for (const hook of hooks) await hook(tx, { userId: user.id, receivedAt, submissions, projects: state.projects, items: state.items });
}

type State = Awaited<ReturnType<typeof load>>;

/** Everything the batch's decisions need: the shared reads, and each item's last revision (one statement). */
async function load(tx: Tx, user: SessionUser, batch: SubmitAnnotation[], receivedAt: Date, horizon: number) {
  const hourAgo = new Date(receivedAt.getTime() - 3_600_000).toISOString();
  const itemIds = textArray(uniq(batch.map((m) => m.itemId)));
  // The same read counts the last hour's revisions, so the bound costs nothing more. What the
  // annotator is told, and what the bound counts, are their own saves only: a reviewer's
  // correction is stored as their revision too, but only live labels are reviewed, so counting it
  // would number a corrected live item differently from gold.
  const { common, more } = await loadCommonWith(tx, user, batch, horizon, {
    revisions: sql`select item_id as "itemId", max(revision) as revision,
        count(*) filter (where reviewer_id is null) as own,
        count(*) filter (where reviewer_id is null and received_at > ${hourAgo}::timestamptz) as "lastHour"
      from annotations where user_id = ${user.id} and item_id = any(${itemIds}::uuid[]) group by item_id`,
  });
  const revisionRows = more.revisions as Array<{ itemId: string; revision: number | null; own: unknown; lastHour: unknown }>;
  return {
    ...common,
    revisions: new Map(revisionRows.map((r) => [r.itemId, r.revision ?? 0])),
    ownRevisions: new Map(revisionRows.map((r) => [r.itemId, fromJson.number(r.own)])),
    lastHour: new Map(revisionRows.map((r) => [r.itemId, fromJson.number(r.lastHour)])),
  };
}

/** The answer for one mutation not yet answered in this batch; "applied" means: write it. */
function decide(state: State, user: SessionUser, m: SubmitAnnotation): MutationResult | { status: 'applied' } {
  const common = checkCommon(state, user, m, WORDS);
  if ('status' in common) return common;
  const { project, item } = common;
  return labelProblems(project, item, m) ?? { status: 'applied' };
}
