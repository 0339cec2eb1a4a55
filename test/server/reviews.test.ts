import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHOLE_ITEM } from '../../src/domain/dashboard/aggregates.ts';
import { annotations, annotatorHolds, auditLog, goldAggregates, goldAnswers, goldTotals, reviewTasks } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { seeded } from '../domain/queue/seeded.ts';
import { ANNOTATOR, ANNOTATOR2, AUTHOR, LEAD, engines, startTestServer, type Caller, type TestServer } from './harness.ts';
import { scoringRunner } from '../../src/server/gold/gold-scoring.ts';
import { handlesOf, queueOf, submission, sync, syncReal } from './fixtures.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// The review stage: live labels sampled right after the sync commits (weighted towards annotators with
// lower gold accuracy), accepted or corrected by a lead; a correction is a revision with the
// reviewer recorded. Every transition and refusal, on both engines.
describe.each(engines)('review stage on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { random: seeded(20261123) });
  });
  afterAll(async () => server?.close());
  const uid = (email: string) => server.demo.userIds[email] as string;

  async function submitAll(c: Caller, projectId: string, classes: string[] = ['sports']) {
    const { items, guidelineVersionId } = await queueOf(c, projectId);
    const res = await sync(c, ...items.map((i) => submission(projectId, i.id, guidelineVersionId, { classes })));
    expect(res.status).toBe(200);
    const handles = await handlesOf(c, projectId);
    return items.map((i) => handles.real(i.id));
  }

  it('lets a lead set the review rate (audited), refuses annotators and rates outside [0, 1]', async () => {
    const p = await textProject(server.ctx, { items: 2, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const lead = await server.as(LEAD);
    expect((await lead.get(`/api/projects/${p.id}/review-settings`)).body).toEqual({ reviewRate: 0 });
    const bad = await lead.put(`/api/projects/${p.id}/review-settings`, { reviewRate: 1.5 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/at most 1/);
    expect((await lead.get(`/api/projects/${p.id}/review-settings`)).body).toEqual({ reviewRate: 0 });
    expect((await lead.put(`/api/projects/${p.id}/review-settings`, { reviewRate: 0.25 })).body).toEqual({ reviewRate: 0.25 });
    const audits = await server.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, p.id), eq(auditLog.action, 'review_settings_changed')));
    expect(audits.map((a) => a.details)).toEqual([{ from: 0, to: 0.25 }]);

    const annotator = await server.as(ANNOTATOR);
    expect((await annotator.put(`/api/projects/${p.id}/review-settings`, { reviewRate: 0 })).status).toBe(403);
    expect((await annotator.get(`/api/projects/${p.id}/reviews`)).status).toBe(403);
    await grantRole(server.ctx, p.id, uid(AUTHOR), 'author');
    expect((await (await server.as(AUTHOR)).get(`/api/projects/${p.id}/reviews`)).status).toBe(403);
  });

  it('samples nothing while the stage is off, and never a gold item when it is on', async () => {
    const p = await textProject(server.ctx, { items: 6, annotatorIds: [uid(ANNOTATOR)] });
    const annotator = await server.as(ANNOTATOR);
    const { items, guidelineVersionId } = await queueOf(annotator, p.id);
    const handles = await handlesOf(annotator, p.id);
    const [offItem, goldItem, ...live] = items.map((i) => handles.real(i.id));
    // Made gold after it was served: at submission it is a gold item like any other.
    await server.ctx.db
      .insert(goldAnswers)
      .values({ itemId: goldItem!, projectId: p.id, answer: { shapes: [], spans: [], classes: ['sports'] }, guidelineVersionId });
    await sync(annotator, submission(p.id, handles.handle(offItem!), guidelineVersionId, { classes: ['sports'] }));
    expect(await server.ctx.db.$count(reviewTasks, eq(reviewTasks.projectId, p.id))).toBe(0);

    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    await (await server.as(LEAD)).put(`/api/projects/${p.id}/review-settings`, { reviewRate: 1 });
    await sync(annotator, ...[goldItem!, ...live].map((id) => submission(p.id, handles.handle(id), guidelineVersionId, { classes: ['sports'] })));
    const tasks = await server.ctx.db.select().from(reviewTasks).where(eq(reviewTasks.projectId, p.id));
    expect(live.length).toBeGreaterThan(0);
    expect(tasks.map((t) => t.itemId).sort()).toEqual([...live].sort());
  });

  it('accepts and corrects; a correction is the annotator’s new current revision with the reviewer recorded; a second decision is 409', async () => {
    const p = await textProject(server.ctx, { items: 3, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const lead = await server.as(LEAD);
    await lead.put(`/api/projects/${p.id}/review-settings`, { reviewRate: 1 });
    await submitAll(await server.as(ANNOTATOR), p.id, ['sports']);

    const list = await lead.get(`/api/projects/${p.id}/reviews`);
    expect(list.status).toBe(200);
    expect(list.body.open).toBe(3);
    const [r1, r2, r3] = list.body.reviews;
    expect(r1).toMatchObject({
      status: 'open',
      annotator: { id: uid(ANNOTATOR) },
      revision: 1,
      guidelineVersion: '1.0',
      payload: { classes: ['sports'] },
      item: { kind: 'text' },
    });
    expect(r1.item.text).toMatch(/Sentence number/);

    const accepted = await lead.post(`/api/projects/${p.id}/reviews/${r1.id}/decision`, { action: 'accept', comment: 'Fine.' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', reviewer: { id: uid(LEAD) }, comment: 'Fine.', correction: null });

    // A correction whose labels break the schema: refused, the review stays open, no revision.
    const broken = await lead.post(`/api/projects/${p.id}/reviews/${r2.id}/decision`, {
      action: 'correct',
      payload: { shapes: [], spans: [], classes: ['no-such-class'] },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/break the label schema/);
    const [still] = await server.ctx.db.select().from(reviewTasks).where(eq(reviewTasks.id, r2.id));
    expect(still?.status).toBe('open');

    // The agreement report counts the correction as the annotator's current answer.
    const agreementLabels = async () => (await lead.get(`/api/projects/${p.id}/agreement`)).body.perLabel.map((l: { label: string }) => l.label);
    expect(await agreementLabels()).toEqual(['sports']);
    const corrected = await lead.post(`/api/projects/${p.id}/reviews/${r2.id}/decision`, {
      action: 'correct',
      payload: { shapes: [], spans: [], classes: ['business'] },
      comment: 'A club sale is business.',
    });
    expect(corrected.status).toBe(200);
    expect(await agreementLabels()).toEqual(['business', 'sports']);
    expect(corrected.body).toMatchObject({ status: 'corrected', correction: { classes: ['business'] }, payload: { classes: ['sports'] } });
    const revisions = await lead.get(`/api/projects/${p.id}/annotations?itemId=${r2.item.id}`);
    expect(
      revisions.body.annotations.map((a: { revision: number; payload: { classes: string[] }; reviewerId: string | null; annotatorId: string }) => [
        a.revision,
        a.payload.classes[0],
        a.reviewerId,
        a.annotatorId,
      ]),
    ).toEqual([
      [2, 'business', uid(LEAD), uid(ANNOTATOR)],
      [1, 'sports', null, uid(ANNOTATOR)],
    ]);

    // Two reviewers at once: the second is told, nothing is overwritten.
    const again = await lead.post(`/api/projects/${p.id}/reviews/${r2.id}/decision`, { action: 'accept' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/no longer open/);
    expect(await server.ctx.db.$count(annotations, eq(annotations.itemId, r2.item.id))).toBe(2);
    const [after] = await server.ctx.db.select().from(reviewTasks).where(eq(reviewTasks.id, r2.id));
    expect(after?.status).toBe('corrected');

    expect((await lead.get(`/api/projects/${p.id}/reviews?status=corrected`)).body.reviews.map((r: { id: string }) => r.id)).toEqual([r2.id]);
    expect((await lead.get(`/api/projects/${p.id}/reviews`)).body.open).toBe(1);
    expect((await lead.get(`/api/projects/${p.id}/reviews?status=bogus`)).status).toBe(400);
    void r3;
    const audits = await server.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, p.id), eq(auditLog.action, 'review_decided')));
    expect(audits).toHaveLength(2);
  });

  it('samples after the commit; a reviewer deciding before the sampling caught up is told the labels changed, and that task is closed', async () => {
    const p = await textProject(server.ctx, { items: 1, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const lead = await server.as(LEAD);
    await lead.put(`/api/projects/${p.id}/review-settings`, { reviewRate: 1 });
    const annotator = await server.as(ANNOTATOR);
    const { items, guidelineVersionId } = await queueOf(annotator, p.id);
    await sync(annotator, submission(p.id, items[0]!.id, guidelineVersionId, { classes: ['sports'] }));
    const [task] = (await lead.get(`/api/projects/${p.id}/reviews`)).body.reviews;
    expect(task.revision).toBe(1);
    // The annotator saves again; the runner that would supersede the task has not come yet.
    const again = await annotator.post('/api/sync', {
      schemaVersion: 1,
      mutations: [submission(p.id, items[0]!.id, guidelineVersionId, { classes: ['politics'] })],
    });
    expect(again.body.results[0].status).toBe('applied');
    scoringRunner(server.ctx).cancel();
    expect((await lead.get(`/api/projects/${p.id}/reviews`)).body.reviews.map((r: { id: string }) => r.id)).toEqual([task.id]);
    for (const decision of [{ action: 'accept' }, { action: 'correct', payload: { shapes: [], spans: [], classes: ['business'] } }]) {
      const late = await lead.post(`/api/projects/${p.id}/reviews/${task.id}/decision`, decision);
      expect(late.status).toBe(409);
      expect(late.body.error.message).toMatch(/annotator has since changed these labels/);
    }
    // The stale task is closed by the refusal, not offered again.
    expect((await lead.get(`/api/projects/${p.id}/reviews`)).body.open).toBe(0);
    const revisions = await server.ctx.db.select().from(annotations).where(eq(annotations.projectId, p.id));
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
    // Once it runs, the newer revision is the one under review.
    await scoringRunner(server.ctx).flush();
    const open = (await lead.get(`/api/projects/${p.id}/reviews`)).body.reviews;
    expect(open.map((r: { revision: number; payload: unknown }) => [r.revision, r.payload])).toEqual([[2, { shapes: [], spans: [], classes: ['politics'] }]]);
  });

  it('refuses a lead of another project (nothing changes) and a review of one’s own labels', async () => {
    const p = await textProject(server.ctx, { items: 1, annotatorIds: [uid(ANNOTATOR2)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    await (await server.as(LEAD)).put(`/api/projects/${p.id}/review-settings`, { reviewRate: 1 });
    await submitAll(await server.as(ANNOTATOR2), p.id);
    const [task] = await server.ctx.db.select().from(reviewTasks).where(eq(reviewTasks.projectId, p.id));
    const other = await textProject(server.ctx, { items: 1, annotatorIds: [] });
    const [outsider] = await annotators(server.ctx, 1, `rev-${engine}`);
    await grantRole(server.ctx, other.id, outsider!.id, 'lead');
    const foreign = await server.as(outsider!.email);
    // Not a member: the project is not there for them (404, as everywhere), nor is the review through their own project's URL.
    expect((await foreign.post(`/api/projects/${p.id}/reviews/${task!.id}/decision`, { action: 'accept' })).status).toBe(404);
    expect((await foreign.post(`/api/projects/${other.id}/reviews/${task!.id}/decision`, { action: 'accept' })).status).toBe(404);

    await grantRole(server.ctx, p.id, uid(ANNOTATOR2), 'lead');
    const self = await (await server.as(ANNOTATOR2)).post(`/api/projects/${p.id}/reviews/${task!.id}/decision`, { action: 'accept' });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/own labels/);
    const [unchanged] = await server.ctx.db.select().from(reviewTasks).where(eq(reviewTasks.id, task!.id));
    expect(unchanged?.status).toBe('open');
  });

  it('samples an annotator with poor gold accuracy far more often than a proven one', async () => {
    const crew = await annotators(server.ctx, 2, `weight-${engine}`);
    const p = await textProject(server.ctx, { items: 120, annotatorIds: crew.map((c) => c.id) });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    await (await server.as(LEAD)).put(`/api/projects/${p.id}/review-settings`, { reviewRate: 0.3 });
    const bucket = new Date('2026-11-01T00:00:00Z');
    const record = (userId: string, sum: number) => ({
      projectId: p.id,
      userId,
      label: WHOLE_ITEM,
      bucket,
      guidelineVersionId: p.guidelineVersionId,
      n: 100,
      sum,
    });
    await server.ctx.db.insert(goldAggregates).values([record(crew[0]!.id, 40), record(crew[1]!.id, 98)]);
    // Scoring keeps the all-time roll-up beside the hourly rows (gold-scoring.ts's fold); sampling reads the roll-up.
    const { bucket: _bucket, ...total } = record(crew[0]!.id, 40);
    await server.ctx.db.insert(goldTotals).values([total, { ...total, userId: crew[1]!.id, sum: 98 }]);
    const sampled: number[] = [];
    for (const c of crew) {
      const caller = await server.as(c.email);
      let ids: string[] = [];
      for (let round = 0; round < 3; round++) ids = ids.concat(await submitAll(caller, p.id));
      expect(ids).toHaveLength(60);
      sampled.push(await server.ctx.db.$count(reviewTasks, and(eq(reviewTasks.projectId, p.id), eq(reviewTasks.annotatorId, c.id))));
    }
    // Expected: 60 × 0.87 ≈ 52 for the 40 % annotator, 60 × 0.075 ≈ 4.5 for the 98 % one.
    console.log(`[reviews ${engine}] sampled of 60: poor ${sampled[0]}, proven ${sampled[1]}`);
    expect(sampled[0]).toBeGreaterThan(40);
    expect(sampled[1]).toBeLessThan(12);
  });

  it('exports the review outcome in the lineage, and only reviewed labels when asked', async () => {
    const p = await textProject(server.ctx, { items: 3, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const lead = await server.as(LEAD);
    await lead.put(`/api/projects/${p.id}/review-settings`, { reviewRate: 1 });
    await submitAll(await server.as(ANNOTATOR), p.id, ['sports']);
    const [r1, r2] = (await lead.get(`/api/projects/${p.id}/reviews`)).body.reviews;
    await lead.post(`/api/projects/${p.id}/reviews/${r1.id}/decision`, { action: 'accept' });
    await lead.post(`/api/projects/${p.id}/reviews/${r2.id}/decision`, {
      action: 'correct',
      payload: { shapes: [], spans: [], classes: ['business'] },
      comment: 'Business.',
    });
    const lines = async (q: string) => {
      const res = await lead.get(`/api/projects/${p.id}/export?format=touchstone&${q}`);
      expect(res.status).toBe(200);
      const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
      return text
        .trim()
        .split('\n')
        .map((l: string) => JSON.parse(l));
    };
    const all = await lines('history=all');
    const byItem = (itemId: string) => all.filter((l) => l.item.id === itemId).sort((a, b) => a.revision - b.revision);
    expect(byItem(r1.item.id).map((l) => l.review?.outcome)).toEqual(['accepted']);
    expect(byItem(r2.item.id).map((l) => [l.revision, l.review?.outcome, l.review?.reviewer?.id])).toEqual([
      [1, 'corrected', uid(LEAD)],
      [2, 'correction', uid(LEAD)],
    ]);
    expect(byItem(r2.item.id)[1].review.of).toBe(byItem(r2.item.id)[0].annotation_id);
    const third = all.find((l) => l.item.id !== r1.item.id && l.item.id !== r2.item.id);
    expect(third.review).toEqual({ outcome: 'pending', reviewer: null, at: null, comment: '' });

    const reviewed = await lines('history=latest&reviewedOnly=true');
    expect(reviewed.map((l) => [l.item.id, l.payload.classes[0]]).sort()).toEqual(
      [
        [r1.item.id, 'sports'],
        [r2.item.id, 'business'],
      ].sort(),
    );
  });

  it('sends the labels the gold policy flags to review (live ones only, each once), even with the stage off', async () => {
    const p = await textProject(server.ctx, { items: 4, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const annotator = await server.as(ANNOTATOR);
    const { items, guidelineVersionId } = await queueOf(annotator, p.id);
    const handles = await handlesOf(annotator, p.id);
    const [goldItem, ...live] = items.map((i) => handles.real(i.id));
    await server.ctx.db
      .insert(goldAnswers)
      .values({ itemId: goldItem!, projectId: p.id, answer: { shapes: [], spans: [], classes: ['politics'] }, guidelineVersionId });
    await sync(annotator, ...[goldItem!, ...live].map((id) => submission(p.id, handles.handle(id), guidelineVersionId, { classes: ['sports'] })));
    expect(await server.ctx.db.$count(reviewTasks, eq(reviewTasks.projectId, p.id))).toBe(0);

    const lead = await server.as(LEAD);
    const flag = await lead.post(`/api/projects/${p.id}/gold-policy/actions`, { action: 'flag', userId: uid(ANNOTATOR) });
    expect(flag.status).toBe(200);
    expect(flag.body.flagged).toHaveLength(4);
    const queued = await lead.get(`/api/projects/${p.id}/reviews`);
    expect(queued.body.reviews.map((r: { item: { id: string } }) => r.item.id).sort()).toEqual([...live].sort());
    await lead.post(`/api/projects/${p.id}/gold-policy/actions`, { action: 'flag', userId: uid(ANNOTATOR) });
    expect((await lead.get(`/api/projects/${p.id}/reviews`)).body.open).toBe(live.length);
  });

  it("the project's 'flag' policy sends a clearly poor annotator's live labels to review by itself, and leaves a good one alone", async () => {
    const p = await textProject(server.ctx, { items: 10, annotatorIds: [uid(ANNOTATOR), uid(ANNOTATOR2)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const lead = await server.as(LEAD);
    expect((await lead.put(`/api/projects/${p.id}/gold-policy`, { policy: 'flag' })).status).toBe(200);
    const poor = await server.as(ANNOTATOR);
    const good = await server.as(ANNOTATOR2);
    const { items, guidelineVersionId } = await queueOf(poor, p.id);
    // Real ids, as the gold set and the review queue name them; syncReal sends each annotator's own handles.
    const real = (await handlesOf(poor, p.id)).real;
    const ids = items.map((i) => real(i.id));
    const gold = ids.slice(0, 5);
    const live = ids.slice(5);
    for (const id of gold)
      await server.ctx.db
        .insert(goldAnswers)
        .values({ itemId: id, projectId: p.id, answer: { shapes: [], spans: [], classes: ['politics'] }, guidelineVersionId });
    // Live work first, then five gold answers: the first four leave the interval too wide to act on.
    await syncReal(poor, ...live.map((id) => submission(p.id, id, guidelineVersionId, { classes: ['sports'] })));
    await syncReal(poor, ...gold.slice(0, 4).map((id) => submission(p.id, id, guidelineVersionId, { classes: ['sports'] })));
    expect(await server.ctx.db.$count(reviewTasks, eq(reviewTasks.projectId, p.id))).toBe(0);
    await syncReal(poor, submission(p.id, gold[4]!, guidelineVersionId, { classes: ['sports'] }));
    const queued = (await lead.get(`/api/projects/${p.id}/reviews`)).body as { reviews: Array<{ item: { id: string } }> };
    expect(queued.reviews.map((r) => r.item.id).sort()).toEqual([...live].sort());
    // Nothing is held: 'flag' reviews the labels, it does not stop the work.
    expect(await server.ctx.db.$count(annotatorHolds, eq(annotatorHolds.projectId, p.id))).toBe(0);

    // The same items answered right by another annotator: nothing of theirs is flagged.
    await syncReal(good, ...ids.map((id) => submission(p.id, id, guidelineVersionId, { classes: gold.includes(id) ? ['politics'] : ['sports'] })));
    const after = await server.ctx.db.select({ annotatorId: reviewTasks.annotatorId }).from(reviewTasks).where(eq(reviewTasks.projectId, p.id));
    expect(new Set(after.map((r) => r.annotatorId))).toEqual(new Set([uid(ANNOTATOR)]));
  });
});
