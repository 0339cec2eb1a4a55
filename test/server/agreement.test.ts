import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, goldAnswers, guidelineVersions, items, users } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { handlesOf, queueOf, storeRevisions, submission, sync } from './fixtures.ts';
import { ANNOTATOR, ANNOTATOR2, AUTHOR, engines, LEAD, startTestServer, type TestServer } from './harness.ts';
import { textProject } from './sync-fixtures.ts';

// GET /api/projects/:id/agreement on both engines: who may read it, and figures on a seeded case
// with a known Cohen's kappa. Two annotators, 10 items, labels a/b split 5/5 each, agreeing on 8:
// p_o = 0.8, p_e = 0.5·0.5 + 0.5·0.5 = 0.5, κ = (0.8 − 0.5)/(1 − 0.5) = 0.6.
const A1 = ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b'];
const A2 = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'a'];

describe.each(engines)('agreement report on %s', (engine) => {
  let server: TestServer;
  let projectId: string;
  let itemIds: string[];

  beforeAll(async () => {
    server = await startTestServer(engine);
    projectId = server.demo.textProjectId;
    const db = server.ctx.db;
    // Not gold items: those are scored against gold and left out of agreement.
    const gold = new Set((await db.select({ id: goldAnswers.itemId }).from(goldAnswers).where(eq(goldAnswers.projectId, projectId))).map((g) => g.id));
    itemIds = (await db.select({ id: items.id }).from(items).where(eq(items.projectId, projectId)).orderBy(items.seq))
      .map((r) => r.id)
      .filter((id) => !gold.has(id))
      .slice(0, 10);
    expect(itemIds).toHaveLength(10);
    const [gv] = await db.select({ id: guidelineVersions.id }).from(guidelineVersions).where(eq(guidelineVersions.projectId, projectId)).limit(1);
    const people = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, [ANNOTATOR, ANNOTATOR2]));
    const id = (email: string) => people.find((p) => p.email === email)!.id;
    const now = new Date();
    const row = (itemId: string, email: string, label: string) => ({
      id: randomUUID(),
      projectId,
      itemId,
      userId: id(email),
      revision: 1,
      guidelineVersionId: gv!.id,
      payload: { shapes: [], spans: [], classes: [label] },
      durationMs: 1000,
      startedAt: now,
      submittedAt: now,
      mutationId: randomUUID(),
    });
    await storeRevisions(
      db,
      itemIds.flatMap((it, i) => [row(it, ANNOTATOR, A1[i]!), row(it, ANNOTATOR2, A2[i]!)]),
    );
  });
  afterAll(async () => server?.close());

  it('gives leads and authors the figures with n; annotators get 403', async () => {
    for (const email of [LEAD, AUTHOR]) {
      const res = await (await server.as(email)).get(`/api/projects/${projectId}/agreement`);
      expect(res.status).toBe(200);
      const { overall } = res.body;
      expect(overall.cohen.items).toBe(10);
      expect(overall.cohen.value).toBeCloseTo(0.6, 12);
      expect(overall.alpha.items).toBe(10);
      // Krippendorff's alpha: n = 20 values, 10 'a' and 10 'b'; D_o = 4/20, D_e = 2·10·10/(20·19);
      // α = 1 − D_o/D_e = 1 − 0.2·380/200 = 0.62.
      expect(overall.alpha.value).toBeCloseTo(0.62, 12);
      expect(overall.pairF1).toMatchObject({ value: null, insufficient: true });
      expect(res.body.confused[0]).toMatchObject({ a: 'a', b: 'b', count: 2, items: 2 });
      expect(res.body.worstItems.map((w: { itemId: string }) => w.itemId).sort()).toEqual([itemIds[4], itemIds[9]].sort());
      expect(res.body.perLabel.map((p: { label: string }) => p.label)).toEqual(['a', 'b']);
      expect(res.body.byVersion.length).toBeGreaterThanOrEqual(1);
    }
    expect((await (await server.as(ANNOTATOR)).get(`/api/projects/${projectId}/agreement`)).status).toBe(403);
  });

  it('says "too few items" instead of a number on a project with no overlap', async () => {
    const res = await (await server.as(LEAD)).get(`/api/projects/${server.demo.imageProjectId}/agreement`);
    expect(res.status).toBe(200);
    expect(res.body.overall.alpha).toMatchObject({ value: null, insufficient: true });
    expect(res.body.overall.cohen).toMatchObject({ value: null, insufficient: true });
  });

  it("counts each annotator's current revision only", async () => {
    // The second annotator revises item 5 from b to a (revision 3): now 9 of 10 agree. A2 has
    // 6 a and 4 b, so p_e = 0.5·0.6 + 0.5·0.4 = 0.5 and κ = (0.9 − 0.5)/(1 − 0.5) = 0.8.
    const db = server.ctx.db;
    const [first] = await db
      .select()
      .from(annotations)
      .innerJoin(users, eq(users.id, annotations.userId))
      .where(and(eq(annotations.itemId, itemIds[4]!), eq(users.email, ANNOTATOR2)));
    const now = new Date();
    // Stored out of order (revision 3 before 2): the highest revision counts, whatever order the rows are read in.
    const revise = (revision: number, label: string) => ({
      ...first!.annotations,
      id: randomUUID(),
      revision,
      payload: { shapes: [], spans: [], classes: [label] },
      submittedAt: now,
      receivedAt: now,
      mutationId: randomUUID(),
    });
    await storeRevisions(db, [revise(3, 'a')]);
    await storeRevisions(db, [revise(2, 'b')]);
    const res = await (await server.as(LEAD)).get(`/api/projects/${projectId}/agreement`);
    expect(res.body.overall.cohen).toMatchObject({ items: 10 });
    expect(res.body.overall.cohen.value).toBeCloseTo(0.8, 12);
    expect(res.body.worstItems.map((w: { itemId: string }) => w.itemId)).toEqual([itemIds[9]]);
  });
});

describe.each(engines)('agreement as annotators submit, on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  it('reports every answer synced before the request, revisions included', async () => {
    // A fresh project where both annotators get all 4 items (overlap 2) through the real queue and
    // sync; the report is asked right after each sync, before the background refresh would run.
    const ids = await server.ctx.db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, [ANNOTATOR, ANNOTATOR2, LEAD]));
    const idOf = (email: string) => ids.find((p) => p.email === email)!.id;
    const project = await textProject(server.ctx, { items: 4, overlap: 2, annotatorIds: [idOf(ANNOTATOR), idOf(ANNOTATOR2)], name: 'Agreement live' });
    await grantRole(server.ctx, project.id, idOf(LEAD), 'lead');
    const submitAll = async (email: string, label: (i: number) => string) => {
      const caller = await server.as(email);
      const { items: queue, guidelineVersionId } = await queueOf(caller, project.id);
      expect(queue).toHaveLength(4);
      const handles = await handlesOf(caller, project.id);
      const byIndex = (id: string) => project.itemIds.indexOf(handles.real(id));
      const res = await sync(caller, ...queue.map((it) => submission(project.id, it.id, guidelineVersionId, { classes: [label(byIndex(it.id))] })));
      expect(res.body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
      return { caller, guidelineVersionId, handles };
    };
    const report = async () => (await (await server.as(LEAD)).get(`/api/projects/${project.id}/agreement`)).body;

    await submitAll(ANNOTATOR, (i) => (i < 2 ? 'politics' : 'sports'));
    expect((await report()).overall.alpha.items).toBe(0);
    const second = await submitAll(ANNOTATOR2, (i) => (i < 1 ? 'politics' : 'sports'));
    const before = await report();
    expect(before.overall.cohen.items).toBe(4);
    expect(before.worstItems.map((w: { itemId: string }) => w.itemId)).toEqual([project.itemIds[1]]);
    expect(before.confused).toMatchObject([{ a: 'politics', b: 'sports', count: 1 }]);

    // The second annotator changes their mind on item 1: now all four agree.
    await sync(second.caller, submission(project.id, second.handles.handle(project.itemIds[1]!), second.guidelineVersionId, { classes: ['politics'] }));
    const after = await report();
    expect(after.overall.cohen.items).toBe(4);
    expect(after.worstItems).toEqual([]);
    expect(after.confused).toEqual([]);
  });
});

describe.each(engines)('agreement item view on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());
  it('shows an item to leads and authors, 403 to annotators, 404 for an item of another project', async () => {
    const [item] = await server.ctx.db.select({ id: items.id }).from(items).where(eq(items.projectId, server.demo.textProjectId)).limit(1);
    const [other] = await server.ctx.db.select({ id: items.id }).from(items).where(eq(items.projectId, server.demo.imageProjectId)).limit(1);
    const url = (p: string, i: string) => `/api/projects/${p}/agreement/items/${i}`;
    const res = await (await server.as(AUTHOR)).get(url(server.demo.textProjectId, item!.id));
    expect(res.status).toBe(200);
    expect(typeof res.body.text).toBe('string');
    expect((await (await server.as(ANNOTATOR)).get(url(server.demo.textProjectId, item!.id))).status).toBe(403);
    expect((await (await server.as(LEAD)).get(url(server.demo.textProjectId, other!.id))).status).toBe(404);
  });
});
