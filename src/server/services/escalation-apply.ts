// Applies 'escalation.create' sync mutations inside the sync batch's transaction (called by
// sync-apply), with the same ledger semantics as label submissions: applied once, a retry gets
// "duplicate" with the first answer, a rejection writes nothing.
//
// An applied escalation stores an open `escalations` row (the export holds the item out while
// it is open) and marks the annotator's assignment done, so the queue moves on. The ledger's
// result reuses the submission shape: revisionId is the escalation's id, revision is always 1.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CreateEscalation, MutationResult, Role } from '../../domain/api/index.ts';
import { validateAnnotation, type ItemContent } from '../../domain/validation/annotation.ts';
import type { SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { assignments, escalations, guidelineVersions, items, memberships, mutations, projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';

type Rejection = Extract<MutationResult, { status: 'rejected' }>;
const reject = (id: string, code: Rejection['code'], message: string, problems: Rejection['problems'] = []): Rejection => ({ id, status: 'rejected', code, message, problems });
const uniq = (xs: string[]) => [...new Set(xs)];

export async function applyEscalations(ctx: AppContext, tx: Tx, user: SessionUser, batch: CreateEscalation[]): Promise<MutationResult[]> {
  if (batch.length === 0) return [];
  const state = await load(tx, user, batch);
  const receivedAt = ctx.now();
  const results: MutationResult[] = [];
  const answered = new Map<string, MutationResult>();
  const applied: Array<{ m: CreateEscalation; result: { revisionId: string; revision: number; appliedAt: string } }> = [];
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
      const result = { revisionId: ctx.newId(), revision: 1, appliedAt: receivedAt.toISOString() };
      applied.push({ m, result });
      state.open.add(m.itemId);
      const assignment = state.assignments.get(m.itemId);
      if (assignment && assignment.status !== 'done') {
        doneAssignments.push(assignment.id);
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

  const claimed = await tx
    .insert(mutations)
    .values(applied.map((a) => ({ id: a.m.id, userId: user.id, type: a.m.type, result: a.result, appliedAt: receivedAt })))
    .onConflictDoNothing()
    .returning({ id: mutations.id });
  if (claimed.length !== applied.length) throw new HttpError('conflict', 'Some of these escalations are being saved by another request; they will be confirmed on the next sync.');

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
      tentative: m.tentative ?? null,
      status: 'open' as const,
      createdAt: new Date(m.createdAt),
      receivedAt,
      mutationId: m.id,
    })),
  );
  if (doneAssignments.length > 0) await tx.update(assignments).set({ status: 'done', doneAt: receivedAt }).where(inArray(assignments.id, doneAssignments));
  if (recount.length > 0) await tx.update(items).set({ assignedCount: sql`${items.assignedCount} + 1` }).where(inArray(items.id, recount));
  return results;
}

type State = Awaited<ReturnType<typeof load>>;

async function load(tx: Tx, user: SessionUser, batch: CreateEscalation[]) {
  const ids = uniq(batch.map((m) => m.id));
  const projectIds = uniq(batch.map((m) => m.projectId));
  const itemIds = uniq(batch.map((m) => m.itemId));
  const versionIds = uniq(batch.map((m) => m.guidelineVersionId));
  const ledger = await tx.select().from(mutations).where(inArray(mutations.id, ids));
  const roleRows = await tx.select({ projectId: memberships.projectId, role: memberships.role }).from(memberships).where(and(eq(memberships.userId, user.id), inArray(memberships.projectId, projectIds)));
  const projectRows = await tx.select().from(projects).where(inArray(projects.id, projectIds));
  const itemRows = await tx.select().from(items).where(inArray(items.id, itemIds));
  const assignmentRows = await tx.select().from(assignments).where(and(eq(assignments.userId, user.id), inArray(assignments.itemId, itemIds)));
  const versionRows = await tx.select({ id: guidelineVersions.id, projectId: guidelineVersions.projectId }).from(guidelineVersions).where(inArray(guidelineVersions.id, versionIds));
  const openRows = await tx
    .select({ itemId: escalations.itemId })
    .from(escalations)
    .where(and(eq(escalations.userId, user.id), eq(escalations.status, 'open'), inArray(escalations.itemId, itemIds)));
  const roles = new Map<string, Role[]>();
  for (const r of roleRows) roles.set(r.projectId, [...(roles.get(r.projectId) ?? []), r.role]);
  return {
    ledger: new Map(ledger.map((r) => [r.id, r])),
    roles,
    projects: new Map(projectRows.map((p) => [p.id, p])),
    items: new Map(itemRows.map((i) => [i.id, i])),
    assignments: new Map(assignmentRows.map((a) => [a.itemId, a])),
    versions: new Map(versionRows.map((v) => [v.id, v.projectId])),
    open: new Set(openRows.map((r) => r.itemId)),
  };
}

function decide(state: State, user: SessionUser, m: CreateEscalation): MutationResult | { status: 'applied' } {
  const prior = state.ledger.get(m.id);
  if (prior) return prior.userId === user.id ? { id: m.id, status: 'duplicate', result: prior.result } : reject(m.id, 'conflict', 'That escalation id belongs to another account.');

  const roles = state.roles.get(m.projectId) ?? [];
  if (roles.length === 0) return reject(m.id, 'not_found', 'That project was not found.');
  if (!roles.includes('annotator')) return reject(m.id, 'forbidden', 'Only annotators of this project can escalate items.');

  const project = state.projects.get(m.projectId);
  const item = state.items.get(m.itemId);
  if (!project || !item || item.projectId !== project.id) return reject(m.id, 'not_found', 'That item is not part of this project.');
  if (!state.assignments.get(item.id)) return reject(m.id, 'forbidden', 'That item is not in your queue, so you cannot escalate it.');
  if (state.open.has(item.id)) return reject(m.id, 'conflict', 'You already escalated this item and a lead has not ruled on it yet.');
  if (state.versions.get(m.guidelineVersionId) !== project.id) return reject(m.id, 'invalid', 'The guideline version named in the escalation does not belong to this project.');

  if (m.tentative) {
    const content: ItemContent = project.kind === 'image' ? { kind: 'image', width: item.width ?? 0, height: item.height ?? 0 } : { kind: 'text', text: item.text ?? '' };
    const problems = validateAnnotation(project.labelSchema, content, m.tentative);
    if (problems.length > 0) return reject(m.id, 'invalid', `The tentative labels break the label schema: ${problems[0]?.message}`, problems);
  }
  return { status: 'applied' };
}
