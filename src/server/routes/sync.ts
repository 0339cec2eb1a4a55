import type { FastifyRequest } from 'fastify';
import { and, eq, inArray } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { assignments, itemRepeats } from '../db/schema.ts';
import { SyncRequest, SyncResponse, type ErrorCode, type Mutation, type MutationResult } from '../../domain/api/index.ts';
import { LIMITS, requestLimitProblem } from '../../domain/validation/limits.ts';
import { requireUser } from '../auth/guard.ts';
import { cpuOf, type AppContext } from '../context.ts';
import { precheckLargeSync } from '../cpu/outlines.ts';
import { bodyHashOf, setBodyHash } from '../sync/common.ts';
import { annotatorHandles } from '../queue/annotator-handles.ts';
import { prescoreQuiz } from '../queue/qualification.ts';
import { HttpError } from '../http/errors.ts';
import { countSyncResults } from '../http/metrics.ts';
import { withRequestId } from '../http/request-id.ts';
import type { ZApp } from '../http/types.ts';
import { runSync } from '../sync/pipeline.ts';

const rejectionCode: Record<Extract<MutationResult, { status: 'rejected' }>['code'], ErrorCode> = {
  forbidden: 'forbidden',
  not_found: 'not_found',
  invalid: 'validation_failed',
  conflict: 'conflict',
};

/**
 * Before the schema walks every vertex (and long before any polygon is checked): a request over the
 * per-request totals is refused at once with 413 and a plain message.
 */
async function refuseOverLimits(req: FastifyRequest): Promise<void> {
  const mutations = (req.body as { mutations?: unknown } | null)?.mutations;
  if (!Array.isArray(mutations)) return; // the schema says what is wrong
  const problem = requestLimitProblem(mutations.filter((m): m is object => typeof m === 'object' && m !== null));
  if (problem) throw new HttpError('payload_too_large', problem);
}

/**
 * Mutations name items by the caller's handles (annotators are sent nothing else): each is decoded
 * here, so the pipeline sees real ids only, and another annotator's handle names no item of the
 * caller's. The idempotency hash stays that of the body as sent (taken first; copies keep it).
 *
 * Work a device saved before handles existed names the real id, and must not be lost: a real id of
 * an item assigned to the caller (or of a hidden repeat served to them) is taken as it is. That shows nothing: annotators are sent only
 * handles, so a real id is one they already held, and one query is asked of every batch alike.
 */
async function realItemIds(ctx: AppContext, userId: string, batch: Mutation[]): Promise<Mutation[]> {
  const raw = [...new Set(batch.map((m) => m.itemId))];
  const heldBefore = new Set(
    (
      await unionAll(
        ctx.db
          .select({ id: assignments.itemId })
          .from(assignments)
          .where(and(eq(assignments.userId, userId), inArray(assignments.itemId, raw))),
        ctx.db
          .select({ id: itemRepeats.id })
          .from(itemRepeats)
          .where(and(eq(itemRepeats.userId, userId), inArray(itemRepeats.id, raw))),
      )
    ).map((a) => a.id),
  );
  return batch.map((m) => {
    bodyHashOf(m);
    return heldBefore.has(m.itemId) ? m : { ...m, itemId: annotatorHandles(ctx, m.projectId, userId).itemId(m.itemId) };
  });
}

export function syncRoutes(app: ZApp, ctx: AppContext): void {
  app.post(
    '/api/sync',
    { schema: { body: SyncRequest, response: { 200: SyncResponse } }, bodyLimit: LIMITS.syncBodyBytes, preValidation: refuseOverLimits },
    async (req) => {
      const user = requireUser(req);
      // A large request's polygons are checked (and its body hashed) on worker threads, before the transaction (cpu/outlines.ts).
      await precheckLargeSync(cpuOf(ctx), req.body.mutations, setBodyHash);
      // The request's id rides along to the work it queues (a scoring failure's log names it).
      const batch = await realItemIds(ctx, user.id, req.body.mutations);
      // A large request's quiz answers are scored on worker threads too (queue/qualification.ts).
      await prescoreQuiz(ctx, batch);
      const results = await withRequestId(req.id, () => runSync(ctx, user, batch));
      countSyncResults(ctx, results);
      // A batch in which nothing could be applied is answered with a 4xx, so a caller sending one
      // bad mutation sees an error; the per-mutation results travel in `details` either way.
      const rejected = results.filter((r) => r.status === 'rejected');
      if (rejected.length === results.length && rejected[0]) {
        const first = rejected[0];
        throw new HttpError(rejectionCode[first.code], first.message, { results });
      }
      return { results };
    },
  );
}
