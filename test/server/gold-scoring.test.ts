import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardView, GoldPolicyActionResult } from '../../src/domain/api/index.ts';
import { assignments, goldAggregates, goldAnswers, goldDaily, goldScores, goldTotals } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { isAnnotatorPaused } from '../../src/server/gold/gold-policy.ts';
import { currentGuideline } from '../../src/server/guidelines/guidelines.ts';
import { handlesOf, submission, sync } from './fixtures.ts';
import { AUTHOR, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// Gold scoring at sync time and the lead's monitoring on both engines: stored scores and
// aggregates, the dashboard read from them, the policy actions, and that annotators see none of it.
describe.each(engines)('gold scoring and monitoring on %s', (engine) => {
  let server: TestServer;
  let projectId = '';
  let versionId = '';
  let itemIds: string[] = [];
  let people: Array<{ id: string; email: string }> = [];
  let lead: Caller;
  const GOLD = 6;
  beforeAll(async () => {
    server = await startTestServer(engine);
    people = await annotators(server.ctx, 2, `gold-${engine}`);
    const p = await textProject(server.ctx, { items: 10, annotatorIds: people.map((x) => x.id), name: 'Gold scoring' });
    projectId = p.id;
    itemIds = p.itemIds;
    await grantRole(server.ctx, projectId, server.demo.userIds[LEAD] as string, 'lead');
    await grantRole(server.ctx, projectId, server.demo.userIds[AUTHOR] as string, 'author');
    versionId = (await currentGuideline(server.ctx.db, projectId))!.id;
    await server.ctx.db
      .insert(goldAnswers)
      .values(
        itemIds.slice(0, GOLD).map((itemId) => ({ itemId, projectId, answer: { shapes: [], spans: [], classes: ['sports'] }, guidelineVersionId: versionId })),
      );
    // Assignments made directly: this file tests scoring, not how the queue mixes gold in.
    const lease = new Date(Date.now() + 3_600_000);
    await server.ctx.db
      .insert(assignments)
      .values(
        people.flatMap((u) =>
          itemIds.map((itemId, position) => ({ id: server.ctx.newId(), projectId, itemId, userId: u.id, position, leaseExpiresAt: lease })),
        ),
      );
    lead = await server.as(LEAD);
  }, 120_000);
  afterAll(async () => server?.close());

  // Items are named by real ids here; the annotator sends their own handle of each.
  const answer = async (c: Caller, itemId: string, topic: string) =>
    sync(c, submission(projectId, (await handlesOf(c, projectId)).handle(itemId), versionId, { classes: [topic] }));
  const dashboard = async () => {
    const res = await lead.get(`/api/projects/${projectId}/dashboard?bucket=day`);
    expect(res.status).toBe(200);
    return DashboardView.parse(res.body);
  };
  const wholeOf = (v: DashboardView, userId: string) => v.throughput.find((t) => t.annotatorId === userId);

  it('scores each gold submission once, keeps the aggregates current, and the lead sees it', async () => {
    const [good, bad] = await Promise.all(people.map((p) => server.as(p.email)));
    for (const [i, id] of itemIds.slice(0, 4).entries()) expect((await answer(good!, id, i === 3 ? 'politics' : 'sports')).status).toBe(200);
    for (const id of itemIds.slice(0, 4)) expect((await answer(bad!, id, 'politics')).status).toBe(200);
    // A live item is not scored.
    expect((await answer(good!, itemIds[GOLD]!, 'sports')).status).toBe(200);

    const scores = await server.ctx.db.select().from(goldScores).where(eq(goldScores.projectId, projectId));
    expect(scores).toHaveLength(8);
    expect(
      scores
        .filter((s) => s.userId === people[0]!.id)
        .map((s) => s.score)
        .sort(),
    ).toEqual([0, 1, 1, 1]);

    let v = await dashboard();
    expect(wholeOf(v, people[0]!.id)).toMatchObject({ accuracy: 0.75, n: 4 });
    expect(wholeOf(v, people[1]!.id)).toMatchObject({ accuracy: 0, n: 4 });
    // Throughput counts every submission, live ones too: 5 of 5 s each.
    expect(wholeOf(v, people[0]!.id)).toMatchObject({ secondsPerItem: 5, itemsPerHour: 720 });
    expect(v.confusion).toContainEqual({ truth: 'sports', answer: 'politics', count: 5 });
    const below = v.alerts.find((a) => a.id === `below:${people[1]!.id}`);
    expect(below?.severity).toBe('critical');
    expect(below?.actions.map((a) => a.id)).toEqual(['pause', 'recalibrate', 'flag']);
    expect(v.alerts.some((a) => a.id === `below:${people[0]!.id}`)).toBe(true);
    const series = v.accuracy.find((s) => s.annotatorId === people[0]!.id);
    expect(series?.points.reduce((n, p) => n + p.n, 0)).toBe(4);
    const cell = v.heatmap.find((c) => c.annotatorId === people[0]!.id && c.label === 'sports');
    expect(cell).toMatchObject({ n: 4, accuracy: 0.75, sufficient: true });

    // Correcting the wrong answer replaces it: still 4 scored items, now all right.
    expect((await answer(good!, itemIds[3]!, 'sports')).status).toBe(200);
    v = await dashboard();
    expect(wholeOf(v, people[0]!.id)).toMatchObject({ accuracy: 1, n: 4 });
    expect(v.alerts.some((a) => a.id === `below:${people[0]!.id}`)).toBe(false);
    expect(v.confusion).toContainEqual({ truth: 'sports', answer: 'politics', count: 4 });
    const agg = await server.ctx.db.select().from(goldAggregates).where(eq(goldAggregates.userId, people[0]!.id));
    expect(agg.filter((r) => r.label === '').reduce((n, r) => n + r.n, 0)).toBe(4);
    // The dashboard's roll-ups follow the correction too (they, not the hourly rows, feed it).
    for (const table of [goldTotals, goldDaily]) {
      const rows = await server.ctx.db.select().from(table).where(eq(table.userId, people[0]!.id));
      expect(rows.filter((r) => r.label === '').map((r) => [r.n, r.sum])).toEqual([[4, 4]]);
    }
    // Per guideline version: the team's accuracy, then each annotator's (all worked under one version).
    expect(v.versions.filter((c) => c.annotatorId === null)).toEqual([expect.objectContaining({ versionId, version: 'v1.0', n: 8, accuracy: 0.5 })]);
    expect(v.versions.find((c) => c.annotatorId === people[1]!.id)).toMatchObject({ versionId, n: 4, accuracy: 0 });
    expect(v.seriesTotal).toBe(2);
    // Asking for one annotator's line draws only theirs; a stranger's id is ignored.
    const res = await lead.get(`/api/projects/${projectId}/dashboard?bucket=week&annotators=${people[1]!.id},${server.demo.userIds[LEAD]}`);
    expect(DashboardView.parse(res.body).accuracy.map((s) => s.annotatorId)).toEqual([people[1]!.id]);
  });

  it('refuses annotators (403) on every monitoring route and tells them nothing about gold', async () => {
    const a = await server.as(people[0]!.email);
    const author = await server.as(AUTHOR);
    for (const c of [a, author]) {
      const calls = [
        c.get(`/api/projects/${projectId}/dashboard`),
        c.get(`/api/projects/${projectId}/gold-policy`),
        c.request('PUT', `/api/projects/${projectId}/gold-policy`, { policy: 'pause' }),
        c.post(`/api/projects/${projectId}/gold-policy/actions`, { action: 'pause', userId: people[1]!.id }),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(403);
        expect(JSON.stringify(res.body)).not.toMatch(/gold answer|score|accuracy/i);
      }
    }
    // The sync answer for a gold item and a live item have the same shape and say nothing of gold.
    const gold = await answer(a, itemIds[4]!, 'politics');
    const live = await answer(a, itemIds[GOLD + 1]!, 'politics');
    const shape = (body: unknown) =>
      JSON.stringify(body)
        .replace(/"[0-9a-f-]{36}"/g, '"id"')
        .replace(/"\d{4}-\d\d-\d\dT[^"]+"/g, '"t"')
        .replace(/"revision":\d+/g, '"revision":0');
    expect(shape(gold.body)).toBe(shape(live.body));
    expect(JSON.stringify(gold.body)).not.toMatch(/gold|score/i);
  });

  it('carries out each policy action: pause, resume, recalibrate, flag; and stores the policy', async () => {
    const act = async (action: string, userId = people[1]!.id) => {
      const res = await lead.post(`/api/projects/${projectId}/gold-policy/actions`, { action, userId });
      expect(res.status).toBe(200);
      return GoldPolicyActionResult.parse(res.body);
    };
    const bad = people[1]!.id;
    expect(await isAnnotatorPaused(server.ctx.db, projectId, bad)).toBe(false);
    expect((await act('pause')).held).toBe('pause');
    expect(await isAnnotatorPaused(server.ctx.db, projectId, bad)).toBe(true);
    expect(await isAnnotatorPaused(server.ctx.db, projectId, people[0]!.id)).toBe(false);
    const alert = (await dashboard()).alerts.find((a) => a.id === `below:${bad}`);
    expect(alert?.actions.map((a) => a.id)).toEqual(['resume']);
    expect((await act('resume')).held).toBeNull();
    expect(await isAnnotatorPaused(server.ctx.db, projectId, bad)).toBe(false);
    expect((await act('recalibrate')).held).toBe('recalibrate');
    expect(await isAnnotatorPaused(server.ctx.db, projectId, bad)).toBe(true);
    await act('resume');
    // Never a good hour: every current revision of theirs is flagged (4 gold items answered).
    const flagged = await act('flag');
    expect(flagged.flagged).toHaveLength(4);
    expect(flagged.since).toBeNull();
    // The one who answered well has a good hour, so nothing after it.
    expect((await act('flag', people[0]!.id)).flagged).toEqual([]);
    // Someone who is not an annotator here.
    expect((await lead.post(`/api/projects/${projectId}/gold-policy/actions`, { action: 'pause', userId: server.demo.userIds[AUTHOR] })).status).toBe(404);

    const put = await lead.request('PUT', `/api/projects/${projectId}/gold-policy`, { policy: 'pause', iouThreshold: 0.6 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ policy: 'pause', iouThreshold: 0.6, accuracyThreshold: 0.8 });
    expect((await lead.get(`/api/projects/${projectId}/gold-policy`)).body).toEqual(put.body);
    expect((await lead.request('PUT', `/api/projects/${projectId}/gold-policy`, { policy: 'fire' })).status).toBe(400);

    // With policy "pause", the fifth wrong gold answer (whole interval below 80%) pauses them by itself.
    const b = await server.as(people[1]!.email);
    expect(await isAnnotatorPaused(server.ctx.db, projectId, bad)).toBe(false);
    expect((await answer(b, itemIds[4]!, 'politics')).status).toBe(200);
    expect(await isAnnotatorPaused(server.ctx.db, projectId, bad)).toBe(true);
    expect(await isAnnotatorPaused(server.ctx.db, projectId, people[0]!.id)).toBe(false);
  });
});
