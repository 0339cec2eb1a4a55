// The annotator's side of the API speaks in handles (handles.ts): every item id and image URL an
// annotator is sent is their own, and every item id they send back is decoded before anything
// looks at it. Leads and authors work with real ids; a person who is both gets handles on the
// annotator routes (queue, sync, their escalations, images of their items) and real ids elsewhere.
import type { AppContext } from '../context.ts';
import { fromHandle, toHandle, type HandleScope } from './handles.ts';

function secretOf(ctx: AppContext): string {
  const secret = ctx.config.sessionSecret;
  if (!secret) throw new Error('no session secret configured (SESSION_SECRET); checkStartup should have refused to start');
  return secret;
}

export interface AnnotatorHandles {
  /** The handle this annotator is shown for an item (or a hidden repeat) id. */
  item(id: string): string;
  /** The real id behind an item handle this annotator sent. */
  itemId(handle: string): string;
  /** The URL this annotator fetches an image (or a repeat's image alias) by. */
  assetUrl(assetId: string): string;
}

export function annotatorHandles(ctx: AppContext, projectId: string, userId: string): AnnotatorHandles {
  const items: HandleScope = { secret: secretOf(ctx), projectId, userId };
  const assets: HandleScope = { secret: secretOf(ctx), userId };
  return {
    item: (id) => toHandle(items, 'item', id),
    itemId: (handle) => fromHandle(items, 'item', handle),
    // The same route and shape as the lead's real-id URL: only the id differs, per annotator.
    assetUrl: (assetId) => `/api/assets/${toHandle(assets, 'asset', assetId)}`,
  };
}

/** The real asset id (or repeat alias) behind an image URL's handle, for this caller. */
export function assetIdOf(ctx: AppContext, userId: string, handle: string): string {
  return fromHandle({ secret: secretOf(ctx), userId }, 'asset', handle);
}
