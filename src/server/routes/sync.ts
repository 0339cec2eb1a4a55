import { SyncRequest, SyncResponse, type ErrorCode, type MutationResult } from '../../domain/api/index.ts';
import { requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { runSync } from '../sync/pipeline.ts';

const rejectionCode: Record<Extract<MutationResult, { status: 'rejected' }>['code'], ErrorCode> = {
  forbidden: 'forbidden',
  not_found: 'not_found',
  invalid: 'validation_failed',
  conflict: 'conflict',
};

export function syncRoutes(app: ZApp, ctx: AppContext): void {
  app.post('/api/sync', { schema: { body: SyncRequest, response: { 200: SyncResponse } }, bodyLimit: 8 * 1024 * 1024 }, async (req) => {
    const user = requireUser(req);
    const results = await runSync(ctx, user, req.body.mutations);
    // A batch in which nothing could be applied is answered with a 4xx, so a caller sending one
    // bad mutation sees an error; the per-mutation results travel in `details` either way.
    const rejected = results.filter((r) => r.status === 'rejected');
    if (rejected.length === results.length && rejected[0]) {
      const first = rejected[0];
      throw new HttpError(rejectionCode[first.code], first.message, { results });
    }
    return { results };
  });
}
