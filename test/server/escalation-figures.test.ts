import { readFileSync } from 'node:fs';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateEscalation } from '../../src/domain/api/index.ts';
import { WHOLE_ITEM } from '../../src/domain/dashboard/aggregates.ts';
import { ageBucketCounts, quantile } from '../../src/domain/escalations/figures.ts';
import { auditLog, escalationCounts, escalationWork, goldAnswers, goldScores, goldTotals } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { ANNOTATOR, ANNOTATOR2, AUTHOR, LEAD, engines, startTestServer, type Caller, type TestServer } from './harness.ts';
import { escalationOf, handlesOf, queueOf, submission, sync } from './fixtures.ts';
import { textProject } from './sync-fixtures.ts';

// Escalation figures: rates per annotator and label from the sync-time work counts,
// time to resolution, the open backlog by age and the overdue alert — and who may read them.
// The clock is the context's, moved by hand, so ages and durations are exact.
const H = 3_600_000;
const T0 = Date.parse('2026-11-20T08:00:00.000Z');

const escalation = (projectId: string, itemId: string, guidelineVersionId: string, extra: Partial<CreateEscalation> = {}) =>
  escalationOf(projectId, itemId, guidelineVersionId, { createdAt: new Date(T0).toISOString(), ...extra });

describe.each(engines)('escalation figures on %s', (engine) => {
  let server: TestServer;
  let clock = T0;
  beforeAll(async () => {
    server = await startTestServer(engine, { now: () => new Date(clock) });
  });
  afterAll(async () => server?.close());
  const uid = (email: string) => server.demo.userIds[email] as string;
  const applied = async (c: Caller, ...ms: unknown[]) => {
    const res = await sync(c, ...ms);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(ms.map(() => 'applied'));
    return res.body.results as Array<{ result: { revisionId: string } }>;
  };

  it('lead and author read the figures; annotators get 403, another project’s user 404; only a lead sets the alert age (audited, bounded)', async () => {
    clock = T0;
    const p = await textProject(server.ctx, { items: 2, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    await grantRole(server.ctx, p.id, uid(AUTHOR), 'author');
    const url = `/api/projects/${p.id}/escalation-figures`;
    const lead = await server.as(LEAD);
    const first = await lead.get(url);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      alertHours: 48,
      openTotal: 0,
      overdue: { count: 0, escalations: [] },
      resolution: { n: 0, medianHours: null, p90Hours: null },
      team: { escalations: 0, worked: 0, rate: null },
    });
    expect((await (await server.as(AUTHOR)).get(url)).status).toBe(200);
    const annotator = await server.as(ANNOTATOR);
    const refused = await annotator.get(url);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toMatch(/byAnnotator/);
    expect((await (await server.as(ANNOTATOR2)).get(url)).status).toBe(404);

    const settings = `/api/projects/${p.id}/escalation-settings`;
    expect((await annotator.put(settings, { alertHours: 1 })).status).toBe(403);
    expect((await (await server.as(AUTHOR)).put(settings, { alertHours: 1 })).status).toBe(403);
    const bad = await lead.put(settings, { alertHours: 0 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/at least 1 hour/);
    expect((await lead.put(settings, { alertHours: 1000 })).status).toBe(400);
    expect((await lead.put(settings, { alertHours: 72 })).body).toEqual({ alertHours: 72 });
    expect((await lead.get(url)).body.alertHours).toBe(72);
    const audits = await server.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, p.id), eq(auditLog.action, 'escalation_settings_changed')));
    expect(audits.map((a) => a.details)).toEqual([{ from: 48, to: 72 }]);
  });

  it('rates per annotator and per label, time to resolution (median, p90), the open backlog by age and the overdue alert', async () => {
    clock = T0;
    const p = await textProject(server.ctx, { items: 8, overlap: 2, annotatorIds: [uid(ANNOTATOR), uid(ANNOTATOR2)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const a1 = await server.as(ANNOTATOR);
    const a2 = await server.as(ANNOTATOR2);
    const q1 = (await queueOf(a1, p.id)).items.map((i) => i.id);
    const q2 = (await queueOf(a2, p.id)).items.map((i) => i.id);
    expect(q1).toHaveLength(8);
    expect(q2).toHaveLength(8);
    const v = p.guidelineVersionId;
    // The lead's figures name the real item (decoded now, while a1's session is fresh).
    const real7 = (await handlesOf(a1, p.id)).real(q1[7]!);

    // T0: A1 labels six items 'sports' and escalates one (sports or business?); A2 labels four 'politics' and escalates one.
    const [e1] = (await applied(
      a1,
      escalation(p.id, q1[6]!, v, { reason: 'ambiguous_labels', labels: ['sports', 'business'] }),
      ...q1.slice(0, 6).map((id) => submission(p.id, id, v, { classes: ['sports'] })),
    )) as [{ result: { revisionId: string } }];
    const [e3] = (await applied(a2, escalation(p.id, q2[4]!, v), ...q2.slice(0, 4).map((id) => submission(p.id, id, v, { classes: ['politics'] })))) as [
      { result: { revisionId: string } },
    ];
    // T0 + 1 h: A1 escalates a bad asset with a tentative 'science'. T0 + 2 h: A1 changes item 0 to 'business' (a revision, not a new item).
    clock = T0 + H;
    await applied(a1, escalation(p.id, q1[7]!, v, { reason: 'bad_asset', tentative: { shapes: [], spans: [], classes: ['science'] } }));
    clock = T0 + 2 * H;
    await applied(a1, submission(p.id, q1[0]!, v, { classes: ['business'] }));

    // Rulings after 3 h and 11 h.
    const lead = await server.as(LEAD);
    const ruling = { action: 'resolve', ruling: { shapes: [], spans: [], classes: ['sports'] }, explanation: 'A club sale is sports business: sports.' };
    clock = T0 + 3 * H;
    expect((await lead.post(`/api/projects/${p.id}/escalations/${e1.result.revisionId}/decision`, ruling)).status).toBe(200);
    clock = T0 + 11 * H;
    expect((await lead.post(`/api/projects/${p.id}/escalations/${e3.result.revisionId}/decision`, ruling)).status).toBe(200);

    clock = T0 + 50 * H;
    const res = await (await server.as(LEAD)).get(`/api/projects/${p.id}/escalation-figures`);
    expect(res.status).toBe(200);
    const f = res.body;
    expect(f.team).toEqual({ escalations: 3, worked: 13, rate: 3 / 13 });
    const who = (id: string) => f.byAnnotator.find((r: { key: string }) => r.key === id);
    expect(who(uid(ANNOTATOR))).toMatchObject({ escalations: 2, worked: 8, rate: 0.25, flag: null, othersRate: 1 / 5 });
    expect(who(uid(ANNOTATOR2))).toMatchObject({ escalations: 1, worked: 5, rate: 0.2, othersRate: 2 / 8 });
    expect(who(uid(ANNOTATOR)).name).toBeTruthy();
    const label = Object.fromEntries(f.byLabel.map((r: { key: string; escalations: number; worked: number }) => [r.key, [r.escalations, r.worked]]));
    // sports: 5 items still 'sports' + the escalation naming it; business: item 0 after its revision + the same escalation; science: only the tentative label.
    expect(label).toMatchObject({ sports: [1, 6], business: [1, 2], science: [1, 1], politics: [0, 4], culture: [0, 0] });
    expect(f.byLabel.find((r: { key: string }) => r.key === 'sports').name).toBe('Sports');

    // percentile_cont in SQL agrees with the domain's type-7 quantile.
    expect(f.resolution.n).toBe(2);
    expect(f.resolution.medianHours).toBeCloseTo(quantile([3, 11], 0.5) as number, 9);
    expect(f.resolution.p90Hours).toBeCloseTo(quantile([3, 11], 0.9) as number, 9);
    expect(f.resolution.p90Hours).toBeCloseTo(10.2, 9);

    // One open escalation, received at T0 + 1 h: 49 h old at T0 + 50 h.
    expect(f.openTotal).toBe(1);
    expect(f.openByAge.map((b: { count: number }) => b.count)).toEqual(ageBucketCounts([49 * H]));
    expect(f.openByAge[3]).toEqual({ label: '2–7 days', count: 1 });
    expect(f.overdue.count).toBe(1);
    expect(f.overdue.escalations).toEqual([expect.objectContaining({ itemId: real7, annotatorId: uid(ANNOTATOR), reason: 'bad_asset', ageHours: 49 })]);

    // A longer alert age takes it off the alert list; the backlog is unchanged.
    await (await server.as(LEAD)).put(`/api/projects/${p.id}/escalation-settings`, { alertHours: 72 });
    const later = (await (await server.as(LEAD)).get(`/api/projects/${p.id}/escalation-figures`)).body;
    expect(later.overdue).toEqual({ count: 0, escalations: [] });
    expect(later.openTotal).toBe(1);
    // Exactly at the alert age is not yet overdue (older than, not as old as).
    clock = T0 + 73 * H;
    expect((await (await server.as(LEAD)).get(`/api/projects/${p.id}/escalation-figures`)).body.overdue.count).toBe(0);
    clock = T0 + 73 * H + 1000;
    expect((await (await server.as(LEAD)).get(`/api/projects/${p.id}/escalation-figures`)).body.overdue.count).toBe(1);
  });

  it('roll-ups fold exactly: reads before, during and after the lag, and three at once, count each escalation and ruling once', async () => {
    clock = T0;
    const p = await textProject(server.ctx, { items: 4, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const a1 = await server.as(ANNOTATOR);
    const q = (await queueOf(a1, p.id)).items.map((i) => i.id);
    const v = p.guidelineVersionId;
    const figures = async () => {
      const res = await (await server.as(LEAD)).get(`/api/projects/${p.id}/escalation-figures`);
      expect(res.status).toBe(200);
      const f = res.body;
      return {
        esc: f.team.escalations as number,
        sports: f.byLabel.find((r: { key: string }) => r.key === 'sports').escalations as number,
        resolved: f.resolution.n as number,
        median: f.resolution.medianHours as number | null,
      };
    };
    const [e1] = await applied(a1, escalation(p.id, q[0]!, v));
    clock = T0 + 5 * 60_000; // inside the lag: counted live
    expect(await figures()).toEqual({ esc: 1, sports: 0, resolved: 0, median: null });
    clock = T0 + 30 * 60_000; // folded
    expect(await figures()).toEqual({ esc: 1, sports: 0, resolved: 0, median: null });
    await applied(a1, escalation(p.id, q[1]!, v, { reason: 'ambiguous_labels', labels: ['sports', 'business'] }));
    expect(await figures()).toEqual({ esc: 2, sports: 1, resolved: 0, median: null });
    clock = T0 + 32 * 60_000;
    const ruling = { action: 'resolve', ruling: { shapes: [], spans: [], classes: ['sports'] }, explanation: 'Sports.' };
    expect((await (await server.as(LEAD)).post(`/api/projects/${p.id}/escalations/${e1!.result.revisionId}/decision`, ruling)).status).toBe(200);
    expect(await figures()).toEqual({ esc: 2, sports: 1, resolved: 1, median: 32 / 60 });
    clock = T0 + 2 * H;
    const together = await Promise.all([figures(), figures(), figures()]);
    expect(together).toEqual(Array(3).fill({ esc: 2, sports: 1, resolved: 1, median: 32 / 60 }));
    expect(await figures()).toEqual({ esc: 2, sports: 1, resolved: 1, median: 32 / 60 });
    const rows = await server.ctx.db.select().from(escalationCounts).where(eq(escalationCounts.projectId, p.id));
    expect(rows.map((r) => [r.label, r.n]).sort()).toEqual([
      ['', 2],
      ['business', 1],
      ['sports', 1],
    ]);
  });

  it('an escalated gold item counts as escalated, not wrong: no gold score, accuracy from the answered gold only', async () => {
    clock = T0;
    const p = await textProject(server.ctx, { items: 3, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const a1 = await server.as(ANNOTATOR);
    const { items, guidelineVersionId: v } = await queueOf(a1, p.id);
    const [answered, escalated] = items.map((i) => i.id) as [string, string];
    const handles = await handlesOf(a1, p.id);
    // Both made gold after they were served: at submission they are gold items like any other.
    for (const itemId of [handles.real(answered), handles.real(escalated)])
      await server.ctx.db
        .insert(goldAnswers)
        .values({ itemId, projectId: p.id, answer: { shapes: [], spans: [], classes: ['sports'] }, guidelineVersionId: v });
    await applied(
      a1,
      submission(p.id, answered, v, { classes: ['sports'] }),
      escalation(p.id, escalated, v, {
        reason: 'ambiguous_labels',
        labels: ['sports', 'business'],
        tentative: { shapes: [], spans: [], classes: ['business'] },
      }),
    );

    const scores = await server.ctx.db.select().from(goldScores).where(eq(goldScores.projectId, p.id));
    expect(scores.map((s) => [s.itemId, s.score])).toEqual([[handles.real(answered), 1]]);
    const [total] = await server.ctx.db
      .select()
      .from(goldTotals)
      .where(and(eq(goldTotals.projectId, p.id), eq(goldTotals.userId, uid(ANNOTATOR)), eq(goldTotals.label, WHOLE_ITEM)));
    expect(total).toMatchObject({ n: 1, sum: 1 });
    const lead = await server.as(LEAD);
    const dash = await lead.get(`/api/projects/${p.id}/dashboard`);
    expect(dash.status).toBe(200);
    // The dashboard's gold accuracy: 1 of 1, not 1 of 2.
    expect(dash.body.throughput.find((t: { annotatorId: string }) => t.annotatorId === uid(ANNOTATOR))).toMatchObject({ accuracy: 1, n: 1 });
    // …and it is in the escalation figures as an escalation.
    const f = (await lead.get(`/api/projects/${p.id}/escalation-figures`)).body;
    expect(f.byAnnotator.find((r: { key: string }) => r.key === uid(ANNOTATOR))).toMatchObject({ escalations: 1, worked: 2 });
  });

  // Runs last: the work of every test above (including a revision that changed labels) is in the database.
  it('the migration’s backfill of escalation_work gives what the sync hook kept', async () => {
    const kept = await server.ctx.db
      .select()
      .from(escalationWork)
      .orderBy(asc(escalationWork.projectId), asc(escalationWork.userId), asc(escalationWork.label));
    expect(kept.length).toBeGreaterThan(5);
    const migration = readFileSync(new URL('../../src/server/db/migrations/0004_escalation_alert_age.sql', import.meta.url), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').filter((st) => st.includes('INSERT INTO "escalation_work"'));
    expect(backfill).toHaveLength(2);
    await server.ctx.db.delete(escalationWork);
    for (const statement of backfill) await server.ctx.db.execute(sql.raw(statement));
    const rebuilt = await server.ctx.db
      .select()
      .from(escalationWork)
      .orderBy(asc(escalationWork.projectId), asc(escalationWork.userId), asc(escalationWork.label));
    // The hook leaves a label at 0 when a revision drops it; the backfill has no row for it.
    expect(rebuilt).toEqual(kept.filter((r) => r.items !== 0));
  });
});
