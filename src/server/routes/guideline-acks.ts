import { dropSuggestionPassingGold } from '../gold/suggestion-vs-gold.ts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { AckRequest, AckStatus, ExampleItem, Id, ReverifyRequest, ReverifyResponse, type Role } from '../../domain/api/index.ts';
import { compareVersions, exampleItemIds, needsAcknowledgement } from '../../domain/guidelines/versioning.ts';
import { requireProjectRole, requireUser, type SessionUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { assets, goldAnswers, guidelineAcks, guidelineVersions, items } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { ZApp } from '../http/types.ts';
import { audit } from '../admin/audit.ts';
import { rescoreGoldItems } from '../gold/gold-rescore.ts';
import { currentGuideline, guidelineToWire } from '../guidelines/guidelines.ts';
import { ProjectParams } from './projects.ts';

const MEMBERS: Role[] = ['annotator', 'lead', 'author'];
const ItemParams = ProjectParams.extend({ itemId: Id });

/** Acknowledgements, example items for the panel, and re-verifying gold taken out by a label change. */
export function guidelineAckRoutes(app: ZApp, ctx: AppContext): void {
  const status = async (user: SessionUser, projectId: string) => {
    const versions = await ctx.db
      .select()
      .from(guidelineVersions)
      .where(eq(guidelineVersions.projectId, projectId))
      .orderBy(asc(guidelineVersions.major), asc(guidelineVersions.minor));
    const acked = await ctx.db
      .select({ versionId: guidelineAcks.versionId })
      .from(guidelineAcks)
      .where(
        and(
          eq(guidelineAcks.userId, user.id),
          inArray(
            guidelineAcks.versionId,
            versions.map((v) => v.id),
          ),
        ),
      );
    const ackedIds = new Set(acked.map((a) => a.versionId));
    const current = versions[versions.length - 1];
    if (!current) throw new Error(`project ${projectId} has no guideline version`);
    const lastAcked = [...versions].reverse().find((v) => ackedIds.has(v.id));
    const unread = versions.filter((v) => v.kind !== 'initial' && (!lastAcked || compareVersions(v, lastAcked) > 0)).reverse();
    const strip = (v: (typeof versions)[number]) => {
      const { sections: _s, ...rest } = guidelineToWire(v);
      return rest;
    };
    const acknowledged = ackedIds.has(current.id) || current.kind === 'initial';
    return { current: strip(current), acknowledged, required: needsAcknowledgement(current, acknowledged), unread: unread.map(strip) };
  };

  app.get('/api/projects/:projectId/guideline/ack', { schema: { params: ProjectParams, response: { 200: AckStatus } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, MEMBERS);
    return status(user, project.id);
  });

  app.post('/api/projects/:projectId/guideline/ack', { schema: { params: ProjectParams, body: AckRequest, response: { 200: AckStatus } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, MEMBERS);
    const [v] = await ctx.db
      .select({ id: guidelineVersions.id })
      .from(guidelineVersions)
      .where(and(eq(guidelineVersions.id, req.body.versionId), eq(guidelineVersions.projectId, project.id)))
      .limit(1);
    if (!v) throw new HttpError('not_found', 'That guideline version was not found in this project.');
    // Idempotent: acknowledging twice (a retry, two tabs) keeps the first time.
    await ctx.db.insert(guidelineAcks).values({ userId: user.id, versionId: v.id, acknowledgedAt: ctx.now() }).onConflictDoNothing();
    return status(user, project.id);
  });

  /** An item the guideline may show: annotators only those the current version's examples point at. */
  const exampleItem = async (user: SessionUser, projectId: string, itemId: string) => {
    const { project, roles } = await requireProjectRole(ctx, user, projectId, MEMBERS);
    const staff = roles.some((r) => r === 'lead' || r === 'author');
    if (!staff && !exampleItemIds((await currentGuideline(ctx.db, project.id)).sections).includes(itemId))
      throw new HttpError('not_found', 'That example item was not found.');
    const [item] = await ctx.db
      .select()
      .from(items)
      .where(and(eq(items.id, itemId), eq(items.projectId, project.id)))
      .limit(1);
    if (!item) throw new HttpError('not_found', 'That example item was not found.');
    return { project, item };
  };

  app.get('/api/projects/:projectId/guideline/items/:itemId', { schema: { params: ItemParams, response: { 200: ExampleItem } } }, async (req) => {
    const { project, item } = await exampleItem(requireUser(req), req.params.projectId, req.params.itemId);
    return {
      id: item.id,
      kind: project.kind,
      image:
        project.kind === 'image' && item.assetId
          ? { url: `/api/projects/${project.id}/guideline/items/${item.id}/image`, width: item.width ?? 1, height: item.height ?? 1 }
          : null,
      text: project.kind === 'text' ? (item.text ?? '') : null,
    };
  });

  app.get('/api/projects/:projectId/guideline/items/:itemId/image', { schema: { params: ItemParams } }, async (req, reply) => {
    const { item } = await exampleItem(requireUser(req), req.params.projectId, req.params.itemId);
    const [row] = item.assetId
      ? await ctx.db.select({ bytes: assets.bytes, contentType: assets.contentType }).from(assets).where(eq(assets.id, item.assetId)).limit(1)
      : [];
    if (!row) throw new HttpError('not_found', 'That example has no image.');
    return reply
      .header('content-type', row.contentType)
      .header('cache-control', 'private, max-age=86400')
      .header('content-disposition', 'inline')
      .send(row.bytes);
  });

  app.post(
    '/api/projects/:projectId/gold/:itemId/reverify',
    { schema: { params: ItemParams, body: ReverifyRequest.optional(), response: { 200: ReverifyResponse } } },
    async (req) => {
      const user = requireUser(req);
      const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead', 'author']);
      const current = await currentGuideline(ctx.db, project.id);
      const row = await ctx.db.transaction(async (tx) => {
        const [was] = await tx
          .select({ active: goldAnswers.active, guidelineVersionId: goldAnswers.guidelineVersionId, answer: goldAnswers.answer })
          .from(goldAnswers)
          .where(and(eq(goldAnswers.itemId, req.params.itemId), eq(goldAnswers.projectId, project.id)))
          .for('update');
        if (!was) throw new HttpError('not_found', 'That item has no gold answer in this project.');
        const [updated] = await tx
          .update(goldAnswers)
          .set({ active: true, guidelineVersionId: current.id, ...(req.body?.justification !== undefined ? { justification: req.body.justification } : {}) })
          .where(and(eq(goldAnswers.itemId, req.params.itemId), eq(goldAnswers.projectId, project.id)))
          .returning({ itemId: goldAnswers.itemId });
        // Gold decides who keeps working: re-verifying is audit-logged like every other gold change,
        // and the item's past submissions are scored again (an answer back in scoring counts again).
        await audit(tx, {
          actorId: user.id,
          action: 'gold_reverified',
          projectId: project.id,
          details: { itemId: req.params.itemId, wasActive: was.active, fromVersionId: was.guidelineVersionId, guidelineVersionId: current.id },
          at: ctx.now(),
        });
        await rescoreGoldItems(ctx, tx, project.id, [req.params.itemId]);
        // Back in scoring, the answer must not stand beside a suggestion that gives it away.
        await dropSuggestionPassingGold(ctx, tx, project.id, req.params.itemId, was.answer);
        return updated!;
      });
      return { itemId: row.itemId, active: true as const, guidelineVersionId: current.id };
    },
  );
}
