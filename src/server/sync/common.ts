// What every kind of sync mutation shares (label submissions, escalations): the checks on what
// common-read.ts read (ledger, role, item, assignment, guideline version), claiming the ledger
// rows and closing the assignments. Each kind adds its own reads, checks and row.
import { inArray, sql } from 'drizzle-orm';
import type { MutationResult, SubmitAnnotation } from '../../domain/api/index.ts';
import { validateAnnotation } from '../../domain/validation/annotation.ts';
import { itemContent } from '../queue/item-view.ts';
import { knownOutline } from '../cpu/outlines.ts';
import { bodyHash } from './body-hash.ts';
import { madeAt } from './ledger-expiry.ts';
import type { SessionUser } from '../auth/guard.ts';
import { rowsOf, type Tx } from '../db/client.ts';
import { insertRows } from '../db/bulk-insert.ts';
import { assignments, items, mutations } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { BatchItem, BatchProject } from './batch.ts';
import type { CommonState } from './common-read.ts';

export type Rejection = Extract<MutationResult, { status: 'rejected' }>;
export type AppliedResult = Extract<MutationResult, { status: 'applied' }>['result'];
export const reject = (id: string, code: Rejection['code'], message: string, problems: Rejection['problems'] = []): Rejection => ({
  id,
  status: 'rejected',
  code,
  message,
  problems,
});
export const uniq = (xs: string[]) => [...new Set(xs)];

/**
 * The ledger keeps a hash of each applied mutation's body, so a retry (the same body) is told
 * "duplicate" and the same id with another body — a client bug, never a retry — is refused.
 * The hash is taken once, of the body as the client sent it, and rides along on copies (a hidden
 * repeat is checked on a copy naming the original item; the symbol survives the object spread).
 */
const BODY = Symbol('client body hash');
export function bodyHashOf(m: object): string {
  const tagged = m as { [BODY]?: string };
  return (tagged[BODY] ??= bodyHash(m));
}
/** Tags a mutation with its hash computed elsewhere (a worker thread, for a large request). */
export function setBodyHash(m: object, hash: string): void {
  (m as { [BODY]?: string })[BODY] = hash;
}
const TOO_OLD =
  'This change was made longer ago than the server keeps the records that tell a change sent again from a new one, so it was not applied. Open the item again and redo it if it is still needed.';
const sameBody = (stored: string | null, m: object) => stored === null || stored === bodyHashOf(m);
const OTHER_BODY =
  'This id was already used for a different change. A change keeps its id only when it is sent again unchanged; send a new change with a new id.';

/** The answer to a mutation whose id came earlier in the same batch. */
export function answerAgain(first: BatchMutation, answer: MutationResult, m: BatchMutation): MutationResult {
  if (bodyHashOf(first) !== bodyHashOf(m)) return reject(m.id, 'conflict', OTHER_BODY);
  return answer.status === 'applied' ? { ...answer, status: 'duplicate' } : answer;
}

/** The fields every mutation kind carries. */
export interface BatchMutation {
  id: string;
  type: string;
  projectId: string;
  itemId: string;
  guidelineVersionId: string;
}

/** How a kind names itself in the messages its annotator reads. */
export interface MutationWords {
  /** "submission", "escalation" */
  noun: string;
  /** "submit labels", "escalate items" */
  action: string;
  /** The refusal for an item that is not the caller's. */
  notAssigned: string;
}

export const SUBMISSION_WORDS: MutationWords = { noun: 'submission', action: 'submit labels', notAssigned: 'That item was not assigned to you.' };

/** An answer already decided (duplicate or rejection), or the project and item to go on with. */
export function checkCommon(
  state: CommonState,
  user: SessionUser,
  m: BatchMutation,
  words: MutationWords,
): MutationResult | { project: BatchProject; item: BatchItem } {
  const prior = state.ledger.get(m.id);
  if (prior) {
    if (prior.userId !== user.id) return reject(m.id, 'conflict', `That ${words.noun} id belongs to another account.`);
    return sameBody(prior.bodyHash, m) ? { id: m.id, status: 'duplicate', result: prior.result } : reject(m.id, 'conflict', OTHER_BODY);
  }
  if ((madeAt(m.id) ?? Infinity) < state.horizon) return reject(m.id, 'conflict', TOO_OLD);

  const roles = state.roles.get(m.projectId) ?? [];
  if (roles.length === 0) return reject(m.id, 'not_found', 'That project was not found.');
  if (!roles.includes('annotator')) return reject(m.id, 'forbidden', `Only annotators of this project can ${words.action}.`);

  const project = state.projects.get(m.projectId);
  const item = state.items.get(m.itemId);
  if (!project || !item || item.projectId !== project.id) return reject(m.id, 'not_found', 'That item is not part of this project.');
  // Open, done or expired: late work after an expired lease is accepted, never lost.
  if (!state.assignments.get(item.id)) return reject(m.id, 'forbidden', words.notAssigned);
  if (state.versions.get(m.guidelineVersionId) !== project.id)
    return reject(m.id, 'invalid', `The guideline version named in the ${words.noun} does not belong to this project.`);
  return { project, item };
}

/** Marks the caller's assignment of the item done (in memory); an expired lease counts the item again. */
export function closeAssignment(state: CommonState, itemId: string, done: string[], recount: string[]): void {
  const assignment = state.assignments.get(itemId);
  if (!assignment || assignment.status === 'done') return;
  done.push(assignment.id);
  // An expired lease had released the item; the late work counts again.
  if (assignment.status === 'expired') recount.push(itemId);
  assignment.status = 'done';
}

/**
 * Ledger first: if another server applies one of these ids concurrently, this waits for it and
 * then inserts nothing for that id; the whole batch is then refused and sent again, when the
 * preload finds the other server's answer.
 */
export async function claimLedger(
  tx: Tx,
  user: SessionUser,
  applied: ReadonlyArray<{ m: BatchMutation; result: AppliedResult }>,
  receivedAt: Date,
  words: MutationWords,
): Promise<void> {
  const claimed = rowsOf(
    await insertRows(
      tx,
      mutations,
      applied.map((a) => ({ id: a.m.id, userId: user.id, type: a.m.type, result: a.result, appliedAt: receivedAt, bodyHash: bodyHashOf(a.m) })),
      sql`ON CONFLICT DO NOTHING RETURNING id`,
    ),
  );
  if (claimed.length !== applied.length)
    throw new HttpError('conflict', `Some of these ${words.noun}s are being saved by another request; they will be confirmed on the next sync.`);
}

/** Writes what closeAssignment decided. */
export async function writeAssignments(tx: Tx, done: readonly string[], recount: readonly string[], receivedAt: Date): Promise<void> {
  if (done.length > 0)
    await tx
      .update(assignments)
      .set({ status: 'done', doneAt: receivedAt })
      .where(inArray(assignments.id, [...done]));
  if (recount.length > 0)
    await tx
      .update(items)
      .set({ assignedCount: sql`${items.assignedCount} + 1` })
      .where(inArray(items.id, [...recount]));
}

/** The submission's labels against the schema and the item; null when they may be saved. Shared with hidden repeats. */
export function labelProblems(project: BatchProject, item: BatchItem, m: SubmitAnnotation): MutationResult | null {
  const content = itemContent(project, item);
  const problems = validateAnnotation(project.labelSchema, content, m.payload, { knownOutline });
  if (problems.length > 0) {
    return reject(
      m.id,
      'invalid',
      `The labels could not be saved: ${problems[0]?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}.`,
      problems,
    );
  }
  return null;
}
