import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import {
  GoldItemDetail,
  GoldModeItemList,
  GoldModeItemQuery,
  GoldSetList,
  Id,
  SaveGoldRequest,
  SaveGoldResponse,
  versionLabel,
  type Role,
} from '../../domain/api/index.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { assignments, goldAnswers, guidelineVersions, items, memberships, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { itemPreview, readGold, saveGoldAnswer } from '../gold/gold-answers.ts';
import { currentGuideline } from '../guidelines/guidelines.ts';
import { ProjectParams } from './projects.ts';

// Gold sets: the list and gold mode (browse items, open one, save its gold answer). Gold answers
// are imported through POST /labels/import (as: "gold"), like every other label import.
// Leads and authors only: an annotator-only member gets 403 from every route here.
const STAFF: Role[] = ['lead', 'author'];
const ItemParams = ProjectParams.extend({ itemId: Id });

export function goldSetRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/projects/:projectId/gold-set', { schema: { params: ProjectParams, response: { 200: GoldSetList } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, STAFF);
    const current = await currentGuideline(ctx.db, project.id);
    const exposure = ctx.db
      .select({ itemId: assignments.itemId, n: count().as('n') })
      .from(assignments)
      .where(eq(assignments.projectId, project.id))
      .groupBy(assignments.itemId)
      .as('exposure');
    const rows = await ctx.db
      .select({
        gold: goldAnswers,
        item: { text: items.text, meta: items.meta, quiz: items.quiz },
        major: guidelineVersions.major,
        minor: guidelineVersions.minor,
        by: users.displayName,
        exposure: sql<number>`coalesce(${exposure.n}, 0)`,
      })
      .from(goldAnswers)
      .innerJoin(items, eq(items.id, goldAnswers.itemId))
      .innerJoin(guidelineVersions, eq(guidelineVersions.id, goldAnswers.guidelineVersionId))
      .leftJoin(users, eq(users.id, goldAnswers.createdBy))
      .leftJoin(exposure, eq(exposure.itemId, goldAnswers.itemId))
      .where(eq(goldAnswers.projectId, project.id))
      .orderBy(asc(items.seq));
    const annotators = await ctx.db.$count(memberships, and(eq(memberships.projectId, project.id), eq(memberships.role, 'annotator')));
    const entries = rows.map((r) => ({
      itemId: r.gold.itemId,
      preview: itemPreview(r.item),
      guidelineVersionId: r.gold.guidelineVersionId,
      guidelineVersion: versionLabel(r.major, r.minor),
      current: r.gold.guidelineVersionId === current.id,
      active: r.gold.active,
      labels: r.gold.answer.shapes.length + r.gold.answer.spans.length + r.gold.answer.classes.length,
      justification: r.gold.justification,
      createdBy: r.by,
      createdAt: r.gold.createdAt.toISOString(),
      exposure: Number(r.exposure),
      quiz: r.item.quiz,
    }));
    const active = entries.filter((e) => e.active).length;
    return {
      currentVersionId: current.id,
      currentVersion: versionLabel(current.major, current.minor),
      annotators,
      totals: { gold: entries.length, active, inactive: entries.length - active },
      entries,
    };
  });

  app.get(
    '/api/projects/:projectId/gold-set/items',
    { schema: { params: ProjectParams, querystring: GoldModeItemQuery, response: { 200: GoldModeItemList } } },
    async (req) => {
      const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, STAFF);
      const { filter, after, limit } = req.query;
      const rows = await ctx.db
        .select({ id: items.id, seq: items.seq, text: items.text, meta: items.meta, active: goldAnswers.active })
        .from(items)
        .leftJoin(goldAnswers, eq(goldAnswers.itemId, items.id))
        .where(
          and(
            eq(items.projectId, project.id),
            after === undefined ? undefined : gt(items.seq, after),
            filter === 'gold' ? sql`${goldAnswers.itemId} is not null` : filter === 'not_gold' ? sql`${goldAnswers.itemId} is null` : undefined,
          ),
        )
        .orderBy(asc(items.seq))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({ id: r.id, preview: itemPreview(r), hasGold: r.active !== null, goldActive: r.active })),
        next: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
      };
    },
  );

  app.get('/api/projects/:projectId/gold-set/items/:itemId', { schema: { params: ItemParams, response: { 200: GoldItemDetail } } }, async (req) => {
    const { project } = await requireProjectRole(ctx, requireUser(req), req.params.projectId, STAFF);
    const [item] = await ctx.db
      .select()
      .from(items)
      .where(and(eq(items.id, req.params.itemId), eq(items.projectId, project.id)))
      .limit(1);
    if (!item) throw new HttpError('not_found', 'That item was not found in this project.');
    return {
      // The same shape the editors take for a queue item; the image by its opaque asset URL.
      item: {
        id: item.id,
        projectId: project.id,
        kind: project.kind,
        image: project.kind === 'image' && item.assetId ? { url: `/api/assets/${item.assetId}`, width: item.width ?? 1, height: item.height ?? 1 } : null,
        text: project.kind === 'text' ? (item.text ?? '') : null,
      },
      preview: itemPreview(item),
      gold: await readGold(ctx.db, project.id, item.id),
    };
  });

  app.put(
    '/api/projects/:projectId/gold-set/items/:itemId',
    { schema: { params: ItemParams, body: SaveGoldRequest, response: { 200: SaveGoldResponse } }, bodyLimit: 8 * 1024 * 1024, config: { projectRoles: STAFF } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, STAFF);
      const version = await currentGuideline(ctx.db, project.id);
      const saved = await ctx.db.transaction((tx) =>
        saveGoldAnswer(ctx, tx, {
          projectId: project.id,
          itemId: req.params.itemId,
          answer: req.body.answer,
          justification: req.body.justification,
          guidelineVersionId: version.id,
          createdBy: user.id,
          source: 'app',
        }),
      );
      const gold = await readGold(ctx.db, project.id, saved.itemId);
      if (!gold) throw new Error('gold answer vanished after saving');
      return { ...saved, gold };
    },
  );
}
