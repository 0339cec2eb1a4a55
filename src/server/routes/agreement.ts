// Agreement report for leads and authors; annotators get 403 (others' figures).
// Summed from one stored summary per non-gold item (agreement/agreement-items.ts: each redone when
// its answers change; the request first redoes what is still queued) by the domain's linear-time
// statistics (1M ratings ≈ 1 s, test/bench/agreement.bench.ts).
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { AgreementItem, AgreementReport, Id } from '../../domain/api/index.ts';
import { agreementReportOf } from '../../domain/metrics/agreement-report.ts';
import { requireProjectRole, requireUser } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { guidelineVersions, items } from '../db/schema.ts';
import type { ZApp } from '../http/types.ts';
import { agreementRunner, readAgreementItems, refreshAgreementItems } from '../agreement/agreement-items.ts';
import { currentAnswers } from '../agreement/consensus.ts';
import { HttpError } from '../http/errors.ts';
import { ProjectParams } from './projects.ts';

const ItemParams = z.strictObject({ projectId: Id, itemId: Id });

export function agreementRoutes(app: ZApp, ctx: AppContext): void {
  // Every stored revision queues its item's summary (a sync hook) to be redone soon after the
  // commit (and at start, for what a crash left queued); a report redoes what is still queued itself.
  const runner = agreementRunner(ctx);
  app.addHook('onReady', async () => runner.schedule());
  app.addHook('onClose', async () => {
    runner.cancel();
    await runner.idle();
  });

  app.get('/api/projects/:projectId/agreement', { schema: { params: ProjectParams, response: { 200: AgreementReport } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead', 'author']);
    await refreshAgreementItems(ctx.db, project.id);
    const [summaries, versions] = await Promise.all([
      readAgreementItems(ctx.db, project.id),
      ctx.db
        .select()
        .from(guidelineVersions)
        .where(eq(guidelineVersions.projectId, project.id))
        .orderBy(asc(guidelineVersions.major), asc(guidelineVersions.minor)),
    ]);
    return agreementReportOf(
      summaries,
      versions.map((v) => ({ id: v.id, version: `${v.major}.${v.minor}`, kind: v.kind, sections: v.sections })),
      {},
    );
  });

  app.get('/api/projects/:projectId/agreement/items/:itemId', { schema: { params: ItemParams, response: { 200: AgreementItem } } }, async (req) => {
    const user = requireUser(req);
    const { project } = await requireProjectRole(ctx, user, req.params.projectId, ['lead', 'author']);
    const [item] = await ctx.db
      .select()
      .from(items)
      .where(and(eq(items.id, req.params.itemId), eq(items.projectId, project.id)));
    if (!item) throw new HttpError('not_found', 'That item is not in this project.');
    const answers = await currentAnswers(ctx.db, project.id, [item.id]);
    return {
      itemId: item.id,
      text: item.text,
      image: project.kind === 'image' && item.assetId ? { url: `/api/assets/${item.assetId}`, width: item.width ?? 1, height: item.height ?? 1 } : null,
      answers: answers.map(({ annotatorId, displayName, payload }) => ({ annotatorId, displayName, payload })),
    };
  });
}
