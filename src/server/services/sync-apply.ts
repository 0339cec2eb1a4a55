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
import type { CreateEscalation, Mutation, MutationResult, Role, SubmitAnnotation } from '../../domain/api/index.ts';
import { validateAnnotation, type ItemContent } from '../../domain/validation/annotation.ts';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { annotations, assignments, guidelineVersions, items, memberships, mutations, projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { applyEscalations } from './escalation-apply.ts';

type Rejection = Extract<MutationResult, { status: 'rejected' }>;
type Applied = Extract<MutationResult, { status: 'applied' }>;

/** Called inside the transaction after the batch's annotation revisions are stored (gold scoring hooks in here). */
export type AfterSubmit = (tx: Tx, event: { revisionId: string; userId: string; projectId: string; itemId: string; mutation: SubmitAnnotation; receivedAt: Date }) => Promise<void>;

const reject = (id: string, code: Rejection['code'], message: string, problems: Rejection['problems'] = []): Rejection => ({ id, status: 'rejected', code, message, problems });
const uniq = (xs: string[]) => [...new Set(xs)];

export async function applyBatch(ctx: AppContext, user: SessionUser, batch: Mutation[]): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  const submits = batch.filter((m): m is SubmitAnnotation => m.type === 'annotation.submit');
  const escalated = batch.filter((m): m is CreateEscalation => m.type === 'escalation.create');
  if (escalated.length === 0) return ctx.db.transaction((tx) => applySubmits(ctx, tx, user, submits));
  // Mixed batch (escalations go through the same outbox): each kind is decided set-based, both in
  // one transaction, and the answers are put back in batch order.
  return ctx.db.transaction(async (tx) => {
    const a = submits.length > 0 ? await applySubmits(ctx, tx, user, submits) : [];
    const b = await applyEscalations(ctx, tx, user, escalated);
    let i = 0;
    let j = 0;
    return batch.map((m) => (m.type === 'annotation.submit' ? a[i++] : b[j++]) as MutationResult);
  });
}

async function applySubmits(ctx: AppContext, tx: Tx, user: SessionUser, batch: SubmitAnnotation[]): Promise<MutationResult[]> {
  {
    const state = await load(tx, user, batch);
    const receivedAt = ctx.now();
    const results: MutationResult[] = [];
    const answered = new Map<string, MutationResult>();
    const applied: Array<{ m: SubmitAnnotation; revisionId: string; revision: number; result: Applied['result'] }> = [];
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
        const assignment = state.assignments.get(m.itemId);
        const revision = (state.revisions.get(m.itemId) ?? 0) + 1;
        state.revisions.set(m.itemId, revision);
        const revisionId = ctx.newId();
        const result = { revisionId, revision, appliedAt: receivedAt.toISOString() };
        applied.push({ m, revisionId, revision, result });
        if (assignment && assignment.status !== 'done') {
          doneAssignments.push(assignment.id);
          // An expired lease had released the item; the late work counts again.
          if (assignment.status === 'expired') recount.push(m.itemId);
          assignment.status = 'done';
        }
        const answer: MutationResult = { id: m.id, status: 'applied', result };
        answered.set(m.id, answer);
        results.push(answer);
      } else {
        answered.set(m.id, outcome);
        results.push(outcome);
      }
    }
    if (applied.length === 0) return results;

    // Ledger first: if another server applies one of these ids concurrently, this waits for it
    // and then inserts nothing for that id; the whole batch is then refused and sent again,
    // when the preload finds the other server's answer.
    const claimed = await tx
      .insert(mutations)
      .values(applied.map((a) => ({ id: a.m.id, userId: user.id, type: a.m.type, result: a.result, appliedAt: receivedAt })))
      .onConflictDoNothing()
      .returning({ id: mutations.id });
    if (claimed.length !== applied.length) throw new HttpError('conflict', 'Some of these submissions are being saved by another request; they will be confirmed on the next sync.');

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
        startedAt: new Date(m.startedAt),
        submittedAt: new Date(m.submittedAt),
        receivedAt,
        mutationId: m.id,
      })),
    );
    if (doneAssignments.length > 0) await tx.update(assignments).set({ status: 'done', doneAt: receivedAt }).where(inArray(assignments.id, doneAssignments));
    if (recount.length > 0) await tx.update(items).set({ assignedCount: sql`${items.assignedCount} + 1` }).where(inArray(items.id, recount));
    for (const { m, revisionId } of applied) {
      for (const hook of ctx.hooks.afterSubmit) await hook(tx, { revisionId, userId: user.id, projectId: m.projectId, itemId: m.itemId, mutation: m, receivedAt });
    }
    return results;
  }
}

type State = Awaited<ReturnType<typeof load>>;

/** Everything the batch's decisions need, in one query per table. */
async function load(tx: Tx, user: SessionUser, batch: SubmitAnnotation[]) {
  const ids = uniq(batch.map((m) => m.id));
  const projectIds = uniq(batch.map((m) => m.projectId));
  const itemIds = uniq(batch.map((m) => m.itemId));
  const versionIds = uniq(batch.map((m) => m.guidelineVersionId));
  // One after another: a transaction is one connection, and pg refuses overlapping queries on it.
  const ledger = await tx.select().from(mutations).where(inArray(mutations.id, ids));
  const roleRows = await tx.select({ projectId: memberships.projectId, role: memberships.role }).from(memberships).where(and(eq(memberships.userId, user.id), inArray(memberships.projectId, projectIds)));
  const projectRows = await tx.select().from(projects).where(inArray(projects.id, projectIds));
  const itemRows = await tx.select().from(items).where(inArray(items.id, itemIds));
  const assignmentRows = await tx.select().from(assignments).where(and(eq(assignments.userId, user.id), inArray(assignments.itemId, itemIds)));
  const versionRows = await tx.select({ id: guidelineVersions.id, projectId: guidelineVersions.projectId }).from(guidelineVersions).where(inArray(guidelineVersions.id, versionIds));
  const revisionRows = await tx
    .select({ itemId: annotations.itemId, revision: max(annotations.revision) })
    .from(annotations)
    .where(and(eq(annotations.userId, user.id), inArray(annotations.itemId, itemIds)))
    .groupBy(annotations.itemId);
  const roles = new Map<string, Role[]>();
  for (const r of roleRows) roles.set(r.projectId, [...(roles.get(r.projectId) ?? []), r.role]);
  return {
    ledger: new Map(ledger.map((r) => [r.id, r])),
    roles,
    projects: new Map(projectRows.map((p) => [p.id, p])),
    items: new Map(itemRows.map((i) => [i.id, i])),
    assignments: new Map(assignmentRows.map((a) => [a.itemId, a])),
    versions: new Map(versionRows.map((v) => [v.id, v.projectId])),
    revisions: new Map(revisionRows.map((r) => [r.itemId, r.revision ?? 0])),
  };
}

/** The answer for one mutation not yet answered in this batch; "applied" means: write it. */
function decide(state: State, user: SessionUser, m: SubmitAnnotation): MutationResult | { status: 'applied' } {
  const prior = state.ledger.get(m.id);
  if (prior) return prior.userId === user.id ? { id: m.id, status: 'duplicate', result: prior.result } : reject(m.id, 'conflict', 'That submission id belongs to another account.');

  const roles = state.roles.get(m.projectId) ?? [];
  if (roles.length === 0) return reject(m.id, 'not_found', 'That project was not found.');
  if (!roles.includes('annotator')) return reject(m.id, 'forbidden', 'Only annotators of this project can submit labels.');

  const project = state.projects.get(m.projectId);
  const item = state.items.get(m.itemId);
  if (!project || !item || item.projectId !== project.id) return reject(m.id, 'not_found', 'That item is not part of this project.');
  // Open, done or expired: late work after an expired lease is accepted, never lost.
  if (!state.assignments.get(item.id)) return reject(m.id, 'forbidden', 'That item was not assigned to you.');
  if (state.versions.get(m.guidelineVersionId) !== project.id) return reject(m.id, 'invalid', 'The guideline version named in the submission does not belong to this project.');

  const content: ItemContent = project.kind === 'image' ? { kind: 'image', width: item.width ?? 0, height: item.height ?? 0 } : { kind: 'text', text: item.text ?? '' };
  const problems = validateAnnotation(project.labelSchema, content, m.payload);
  if (problems.length > 0) {
    return reject(m.id, 'invalid', `The labels could not be saved: ${problems[0]?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}.`, problems);
  }
  return { status: 'applied' };
}
