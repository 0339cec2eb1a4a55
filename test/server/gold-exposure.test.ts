import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardView } from '../../src/domain/api/index.ts';
import { assignments, goldAnswers, projects } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { currentGuideline } from '../../src/server/guidelines/guidelines.ts';
import { engines, LEAD, startTestServer, type TestServer } from './harness.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// Gold against collusion: a gold item is served to at most the project's exposure cap
// of annotators; the lead is told when gold recurs far more than live work, and when the capped
// pool is used up. On both engines.
describe.each(engines)('gold exposure on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  // Gold is only served among live work, so the project has plenty of live items (300) beside its gold,
  // and a high gold rate with no gap so every fetch brings gold; no cap and no decoys unless a test sets them.
  async function goldOnlyProject(people: number, goldItems: number, tag: string) {
    const team = await annotators(server.ctx, people, tag);
    const p = await textProject(server.ctx, { items: goldItems + 300, annotatorIds: team.map((t) => t.id) });
    await server.ctx.db.update(projects).set({ goldRate: 0.5, goldMinGap: 0, goldExposureCap: null, collusionPrecision: 1 }).where(eq(projects.id, p.id));
    const version = await currentGuideline(server.ctx.db, p.id);
    const goldIds = p.itemIds.slice(0, goldItems);
    for (const itemId of goldIds)
      await server.ctx.db
        .insert(goldAnswers)
        .values({ itemId, projectId: p.id, answer: { shapes: [], spans: [], classes: ['sports'] }, guidelineVersionId: version!.id });
    await grantRole(server.ctx, p.id, server.demo.userIds[LEAD]!, 'lead');
    return { p: { ...p, itemIds: goldIds }, team, lead: await server.as(LEAD) };
  }
  const servedPerItem = async (itemIds: string[]) => {
    const rows = await server.ctx.db.select({ itemId: assignments.itemId }).from(assignments).where(inArray(assignments.itemId, itemIds));
    const count = new Map<string, number>();
    for (const r of rows) count.set(r.itemId, (count.get(r.itemId) ?? 0) + 1);
    return itemIds.map((id) => count.get(id) ?? 0);
  };
  const alerts = async (lead: Awaited<ReturnType<TestServer['as']>>, projectId: string) =>
    DashboardView.parse((await lead.get(`/api/projects/${projectId}/dashboard`)).body).alerts;

  it('serves each gold item to at most the cap, and says so when the pool is used up', async () => {
    const { p, team, lead } = await goldOnlyProject(5, 3, 'cap');
    const saved = await lead.put(`/api/projects/${p.id}/queue-settings`, { goldExposureCap: 2 });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.goldExposureCap).toBe(2);
    for (const t of team) await (await server.as(t.email)).post(`/api/projects/${p.id}/queue?limit=20`);
    // 3 gold items × cap 2 = 6 servings for 5 annotators, then nothing more.
    expect((await servedPerItem(p.itemIds)).reduce((a, b) => a + b, 0)).toBe(6);
    expect(Math.max(...(await servedPerItem(p.itemIds)))).toBe(2);
    expect(await alerts(lead, p.id)).toContainEqual(expect.objectContaining({ id: 'exposure:pool', severity: 'critical', title: 'The gold pool is used up' }));

    // Raising the cap lets the pool serve again.
    await lead.put(`/api/projects/${p.id}/queue-settings`, { goldExposureCap: 5 });
    for (const t of team) await (await server.as(t.email)).post(`/api/projects/${p.id}/queue?limit=40`);
    expect((await servedPerItem(p.itemIds)).reduce((a, b) => a + b, 0)).toBeGreaterThan(6);
  });

  it('without a cap, warns that gold recurring far beyond live work stands out', async () => {
    const { p, team, lead } = await goldOnlyProject(6, 2, 'open');
    expect(await alerts(lead, p.id)).toEqual([]);
    for (const t of team) await (await server.as(t.email)).post(`/api/projects/${p.id}/queue?limit=20`);
    const standout = (await alerts(lead, p.id)).find((a) => a.id === 'exposure:standout');
    expect(standout?.title).toBe('2 gold items recur far more than live work');
    expect(standout?.detail).toMatch(/Served to up to 6 annotators, while no live item went to more than 1/);
  });

  // The queue draws gold from a window of the gold set, not from the whole set, once the set is large.
  // A window that holds none of what the annotator has left must not leave them without that gold.
  it('serves the last unseen items of a gold set larger than its draw window', async () => {
    const { p, team } = await goldOnlyProject(1, 300, 'window');
    const [annotator] = team;
    const unseen = p.itemIds.slice(-5);
    await server.ctx.db.insert(assignments).values(
      p.itemIds.slice(0, -5).map((itemId, k) => ({
        id: server.ctx.newId(),
        projectId: p.id,
        itemId,
        userId: annotator!.id,
        position: k,
        status: 'done' as const,
        leaseExpiresAt: new Date(0),
        doneAt: new Date(0),
      })),
    );
    const res = await (await server.as(annotator!.email)).post(`/api/projects/${p.id}/queue?limit=100`);
    expect(res.status).toBe(200);
    const served = await server.ctx.db
      .select({ itemId: assignments.itemId })
      .from(assignments)
      .where(and(eq(assignments.userId, annotator!.id), eq(assignments.status, 'open')));
    expect(served.map((r) => r.itemId)).toEqual(expect.arrayContaining(unseen));
  });

  it('refuses a cap that is not a whole number of at least 2, and changes nothing', async () => {
    const { p, lead } = await goldOnlyProject(1, 1, 'bad');
    for (const goldExposureCap of [1, 2.5, -3]) {
      const res = await lead.put(`/api/projects/${p.id}/queue-settings`, { goldExposureCap });
      expect(res.status).toBe(400);
    }
    expect(JSON.stringify((await lead.put(`/api/projects/${p.id}/queue-settings`, { goldExposureCap: 1 })).body)).toMatch(/at least 2 annotators/);
    expect((await lead.get(`/api/projects/${p.id}/queue-settings`)).body.settings.goldExposureCap).toBeNull();
    const annotator = await server.as(`annotator-bad-0@sync.test`);
    expect((await annotator.put(`/api/projects/${p.id}/queue-settings`, { goldExposureCap: 3 })).status).toBe(403);
  });
});
