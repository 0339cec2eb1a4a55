// Applies a batch of client mutations in one transaction, each exactly once.
// The mutation id (a client-made UUIDv7) is the idempotency key: the ledger row is written in
// the same transaction as the effect, so a retry after a lost response finds it and gets the
// first answer back ("duplicate"), and nothing is written twice. Rejections write nothing.
import { and, eq, max, sql } from 'drizzle-orm';
import type { MutationResult, SubmitAnnotation } from '../../domain/api/index.ts';
import { validateAnnotation, type ItemContent } from '../../domain/validation/annotation.ts';
import { rolesIn, type SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { annotations, assignments, guidelineVersions, items, mutations, projects } from '../db/schema.ts';
import { findAssignment } from './queue.ts';

type Rejection = Extract<MutationResult, { status: 'rejected' }>;
type Applied = Extract<MutationResult, { status: 'applied' }>;

/** Called inside the transaction after an annotation revision is stored (gold scoring hooks in here). */
export type AfterSubmit = (tx: Tx, event: { revisionId: string; userId: string; projectId: string; itemId: string; mutation: SubmitAnnotation; receivedAt: Date }) => Promise<void>;

export async function applyBatch(ctx: AppContext, user: SessionUser, batch: SubmitAnnotation[]): Promise<MutationResult[]> {
  return ctx.db.transaction(async (tx) => {
    const results: MutationResult[] = [];
    for (const m of batch) results.push(await applyOne(ctx, tx, user, m));
    return results;
  });
}

const reject = (id: string, code: Rejection['code'], message: string, problems: Rejection['problems'] = []): Rejection => ({ id, status: 'rejected', code, message, problems });

async function applyOne(ctx: AppContext, tx: Tx, user: SessionUser, m: SubmitAnnotation): Promise<MutationResult> {
  const prior = await priorResult(tx, user, m.id);
  if (prior) return prior;

  const roles = await rolesIn(tx, user.id, m.projectId);
  if (roles.length === 0) return reject(m.id, 'not_found', 'That project was not found.');
  if (!roles.includes('annotator')) return reject(m.id, 'forbidden', 'Only annotators of this project can submit labels.');

  const [project] = await tx.select().from(projects).where(eq(projects.id, m.projectId)).limit(1);
  const [item] = await tx.select().from(items).where(and(eq(items.id, m.itemId), eq(items.projectId, m.projectId))).limit(1);
  if (!project || !item) return reject(m.id, 'not_found', 'That item is not part of this project.');
  const assignment = await findAssignment(tx, user.id, item.id);
  if (!assignment) return reject(m.id, 'forbidden', 'That item was not assigned to you.');

  const [version] = await tx
    .select({ id: guidelineVersions.id })
    .from(guidelineVersions)
    .where(and(eq(guidelineVersions.id, m.guidelineVersionId), eq(guidelineVersions.projectId, project.id)))
    .limit(1);
  if (!version) return reject(m.id, 'invalid', 'The guideline version named in the submission does not belong to this project.');

  const content: ItemContent = project.kind === 'image' ? { kind: 'image', width: item.width ?? 0, height: item.height ?? 0 } : { kind: 'text', text: item.text ?? '' };
  const problems = validateAnnotation(project.labelSchema, content, m.payload);
  if (problems.length > 0) {
    return reject(m.id, 'invalid', `The labels could not be saved: ${problems[0]?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}.`, problems);
  }

  const receivedAt = ctx.now();
  const revisionId = ctx.newId();
  const [last] = await tx
    .select({ revision: max(annotations.revision) })
    .from(annotations)
    .where(and(eq(annotations.itemId, item.id), eq(annotations.userId, user.id)));
  const revision = (last?.revision ?? 0) + 1;
  const result: Applied['result'] = { revisionId, revision, appliedAt: receivedAt.toISOString() };

  // Ledger first: if another server applies the same id concurrently, this waits for it and
  // then inserts nothing, and we answer with its result instead of writing a second revision.
  const claimed = await tx.insert(mutations).values({ id: m.id, userId: user.id, type: m.type, result, appliedAt: receivedAt }).onConflictDoNothing().returning({ id: mutations.id });
  if (claimed.length === 0) return (await priorResult(tx, user, m.id)) ?? reject(m.id, 'conflict', 'This submission is being applied by another request; it will be confirmed on the next sync.');

  await tx.insert(annotations).values({
    id: revisionId,
    projectId: project.id,
    itemId: item.id,
    userId: user.id,
    revision,
    guidelineVersionId: version.id,
    payload: m.payload,
    durationMs: m.durationMs,
    startedAt: new Date(m.startedAt),
    submittedAt: new Date(m.submittedAt),
    receivedAt,
    mutationId: m.id,
  });
  if (assignment.status !== 'done') {
    await tx.update(assignments).set({ status: 'done', doneAt: receivedAt }).where(eq(assignments.id, assignment.id));
    // An expired lease had released the item; the late work counts again.
    if (assignment.status === 'expired') {
      await tx.update(items).set({ assignedCount: sql`${items.assignedCount} + 1` }).where(eq(items.id, item.id));
    }
  }
  for (const hook of ctx.hooks.afterSubmit) await hook(tx, { revisionId, userId: user.id, projectId: project.id, itemId: item.id, mutation: m, receivedAt });
  return { id: m.id, status: 'applied', result };
}

async function priorResult(tx: Tx, user: SessionUser, id: string): Promise<MutationResult | undefined> {
  const [row] = await tx.select().from(mutations).where(eq(mutations.id, id)).limit(1);
  if (!row) return undefined;
  if (row.userId !== user.id) return reject(id, 'conflict', 'That submission id belongs to another account.');
  return { id, status: 'duplicate', result: row.result };
}
