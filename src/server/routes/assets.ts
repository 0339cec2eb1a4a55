import { and, eq, exists, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { Id } from '../../domain/api/index.ts';
import { requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { assets, assignments, itemRepeats, items, memberships } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { assetIdOf } from '../queue/annotator-handles.ts';

// Assets are served by opaque id, with the type decided from the bytes at import time.
// Leads and authors fetch assets of their projects by real id. An annotator fetches by their own
// handle of the id (queue/annotator-handles.ts), and only assets of items assigned to them: two
// annotators' URLs for one image differ, and one's URL names nothing for the other. A hidden
// repeat's image has its own opaque id (item_repeats.asset_alias), also sent as a handle, to that
// repeat's annotator only. Anything else is "not found", not "forbidden", so ids cannot be probed;
// every case is the same single query with the same headers.
export function assetRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/assets/:assetId', { schema: { params: z.strictObject({ assetId: Id }) } }, async (req, reply) => {
    const user = requireUser(req);
    const handled = assetIdOf(ctx, user.id, req.params.assetId);
    const staff = ctx.db
      .select({ one: sql`1` })
      .from(memberships)
      .where(and(eq(memberships.projectId, items.projectId), eq(memberships.userId, user.id), inArray(memberships.role, ['lead', 'author'])));
    const assigned = ctx.db
      .select({ one: sql`1` })
      .from(assignments)
      .where(and(eq(assignments.itemId, items.id), eq(assignments.userId, user.id)));
    const repeated = ctx.db
      .select({ assetId: items.assetId })
      .from(itemRepeats)
      .innerJoin(items, eq(items.id, itemRepeats.itemId))
      .where(and(eq(itemRepeats.assetAlias, handled), eq(itemRepeats.userId, user.id)));
    const [row] = await ctx.db
      .select({ bytes: assets.bytes, contentType: assets.contentType })
      .from(assets)
      .innerJoin(items, eq(items.assetId, assets.id))
      .where(or(and(eq(assets.id, req.params.assetId), exists(staff)), and(eq(assets.id, handled), exists(assigned)), inArray(assets.id, repeated)))
      .limit(1);
    if (!row) throw new HttpError('not_found', 'That image was not found.');
    return reply
      .header('content-type', row.contentType)
      .header('cache-control', 'private, max-age=86400')
      .header('content-disposition', 'inline')
      .send(row.bytes);
  });
}
