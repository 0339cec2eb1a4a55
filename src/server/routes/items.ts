// The lead's data manager (data/item-list.ts): the items of a project, filtered and paged,
// and one item with its revisions. Leads only: an item's status, labels and annotators are the
// project's figures, not an annotator's to browse.
import { z } from 'zod';
import { Id, ItemDetail, ItemList, ItemListQuery } from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import type { ZApp } from '../http/types.ts';
import { itemDetail, listItems } from '../data/item-list.ts';
import { ProjectParams } from './projects.ts';

const ItemParams = z.strictObject({ projectId: Id, itemId: Id });

export function itemRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects/:projectId/items', { schema: { params: ProjectParams, querystring: ItemListQuery, response: { 200: ItemList } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
    return listItems(ctx.db, project, req.query);
  });

  app.get('/api/projects/:projectId/items/:itemId', { schema: { params: ItemParams, response: { 200: ItemDetail } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, ['lead']);
    return itemDetail(ctx.db, project, req.params.itemId);
  });
}
