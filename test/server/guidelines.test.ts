import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuidelineSection } from '../../src/domain/api/index.ts';
import { annotations, assignments, auditLog, goldAnswers, guidelineVersions, items, reannotationTasks } from '../../src/server/db/schema.ts';
import { createUser, grantRole } from '../../src/server/admin/create.ts';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-content.ts';
import { handlesOf, submission, sync } from './fixtures.ts';
import { ANNOTATOR, ANNOTATOR2, AUTHOR, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';
import { textProject } from './sync-fixtures.ts';

// Authoring, publishing rules, acknowledgements and re-annotation, on both engines.
describe.each(engines)('versioned guidelines on %s', (engine) => {
  let server: TestServer;
  let author: Caller;
  let lead: Caller;
  let a1: Caller;
  let a2: Caller;
  beforeAll(async () => {
    server = await startTestServer(engine);
    [author, lead, a1, a2] = await Promise.all([server.as(AUTHOR), server.as(LEAD), server.as(ANNOTATOR), server.as(ANNOTATOR2)]);
  });
  afterAll(async () => server?.close());

  const uid = (email: string) => server.demo.userIds[email] as string;
  const base = (p: string) => `/api/projects/${p}/guideline`;
  const put = (c: Caller, p: string, baseVersionId: string, sections: GuidelineSection[]) => c.request('PUT', `${base(p)}/draft`, { baseVersionId, sections });
  const versionCount = async (projectId: string) =>
    (await server.ctx.db.select().from(guidelineVersions).where(eq(guidelineVersions.projectId, projectId))).length;
  /** A fresh text project with the two demo annotators and the demo author and lead. */
  const project = async (n = 8, overlap = 1) => {
    const p = await textProject(server.ctx, { items: n, overlap, annotatorIds: [uid(ANNOTATOR), uid(ANNOTATOR2)] });
    await grantRole(server.ctx, p.id, uid(AUTHOR), 'author');
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const current = await author.get(`${base(p.id)}/versions/${p.guidelineVersionId}`);
    return { ...p, sections: current.body.sections as GuidelineSection[] };
  };
  const queue = async (c: Caller, projectId: string, limit = 20) =>
    (await c.post(`/api/projects/${projectId}/queue?limit=${limit}`)).body.items as Array<{
      id: string;
      reannotation: null | { version: string; labels: string[] };
    }>;

  it('publishes a clarification as x.y+1, keeps history, diffs any two versions and logs it', async () => {
    const p = await project(2);
    const edited = p.sections.map((s, i) => (i === 0 ? { ...s, body: `${s.body}\nAlso label headlines.` } : s));
    const draft = await put(author, p.id, p.guidelineVersionId, [
      ...edited,
      { id: 'new', kind: 'edge_case', title: 'Unsure', body: 'Choose misc.', labels: ['misc'] },
    ]);
    expect(draft.status).toBe(200);
    expect(draft.body.stale).toBe(false);
    const res = await author.post(`${base(p.id)}/publish`, {
      kind: 'clarification',
      affectedLabels: [],
      changelog: 'Headlines and unsure cases.',
      baseVersionId: p.guidelineVersionId,
    });
    expect(res.status).toBe(200);
    expect(res.body.version).toMatchObject({ version: '1.1', kind: 'clarification', changelog: 'Headlines and unsure cases.' });
    expect(res.body.reannotation).toEqual({ annotations: 0, goldDeactivated: 0 });

    const list = await a1.get(`${base(p.id)}/versions`);
    expect(list.body.versions.map((v: { version: string }) => v.version)).toEqual(['1.0', '1.1']);
    const diff = await a1.get(`${base(p.id)}/diff?from=${p.guidelineVersionId}&to=${res.body.version.id}`);
    expect(diff.status).toBe(200);
    expect(diff.body.added.map((s: { id: string }) => s.id)).toEqual(['new']);
    expect(diff.body.removed).toEqual([]);
    expect(diff.body.changed).toHaveLength(1);
    expect(diff.body.changed[0].body.filter((o: { op: string }) => o.op !== 'same')).toEqual([{ op: 'add', text: 'Also label headlines.' }]);
    // The draft is gone after publishing: the next one starts from 1.1.
    expect((await author.get(`${base(p.id)}/draft`)).body).toMatchObject({ baseVersion: '1.1', updatedAt: null, stale: false });
    const [entry] = await server.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, p.id), eq(auditLog.action, 'guideline_published')));
    expect(entry?.details).toMatchObject({ version: '1.1', kind: 'clarification' });
  });

  it('refuses bad publishes with a clear message and changes nothing', async () => {
    const p = await project(2);
    const publish = (c: Caller, body: Record<string, unknown>) =>
      c.post(`${base(p.id)}/publish`, { kind: 'clarification', affectedLabels: [], changelog: 'x', baseVersionId: p.guidelineVersionId, ...body });
    const expectRefused = async (res: { status: number; body: { error: { message: string } } }, status: number, message: RegExp) => {
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
      expect(await versionCount(p.id)).toBe(1);
    };
    await expectRefused(await publish(author, {}), 400, /You have no draft: version 1.0 is unchanged/);
    await put(author, p.id, p.guidelineVersionId, p.sections);
    await expectRefused(await publish(author, {}), 400, /no changes against the current version 1.0/);

    const changed = [...p.sections, { id: 'extra', kind: 'rule' as const, title: 'Extra', body: 'New rule.', labels: [] }];
    await put(author, p.id, p.guidelineVersionId, changed);
    await expectRefused(await publish(author, { kind: 'label_change' }), 400, /must name the labels/);
    await expectRefused(await publish(author, { kind: 'label_change', affectedLabels: ['sports', 'cricket'] }), 400, /Unknown label "cricket"/);

    const [foreign] = await server.ctx.db.select({ id: items.id }).from(items).where(eq(items.projectId, server.demo.imageProjectId)).limit(1);
    await put(author, p.id, p.guidelineVersionId, [
      ...changed,
      { id: 'ex', kind: 'example', title: 'A cup', body: '', labels: [], itemId: foreign!.id, reason: 'shows a cup' },
    ]);
    await expectRefused(await publish(author, {}), 400, /"A cup" points at an item that is not part of this project/);
    await put(author, p.id, p.guidelineVersionId, changed);

    await expectRefused(await publish(a1, {}), 403, /needs the author role/);
    await expectRefused(await publish(lead, {}), 403, /needs the author role/);
    expect((await a1.request('PUT', `${base(p.id)}/draft`, { baseVersionId: p.guidelineVersionId, sections: changed })).status).toBe(403);
    expect((await a1.get(`${base(p.id)}/impact?labels=sports`)).status).toBe(403);
  });

  it('refuses a stale draft (another author published meanwhile), saving and publishing nothing', async () => {
    const p = await project(2);
    const otherId = await createUser(server.ctx, { email: `author-${engine}@g.test`, displayName: 'Other Author', password: DEMO_PASSWORD });
    await grantRole(server.ctx, p.id, otherId, 'author');
    const other = await server.as(`author-${engine}@g.test`);
    await put(author, p.id, p.guidelineVersionId, [...p.sections, { id: 'mine', kind: 'rule', title: 'Mine', body: 'a', labels: [] }]);
    await put(other, p.id, p.guidelineVersionId, [...p.sections, { id: 'theirs', kind: 'rule', title: 'Theirs', body: 'b', labels: [] }]);
    expect((await other.post(`${base(p.id)}/publish`, { kind: 'clarification', changelog: 'Theirs.', baseVersionId: p.guidelineVersionId })).status).toBe(200);

    expect((await author.get(`${base(p.id)}/draft`)).body).toMatchObject({ stale: true, baseVersion: '1.0' });
    const res = await author.post(`${base(p.id)}/publish`, { kind: 'clarification', changelog: 'Mine.', baseVersionId: p.guidelineVersionId });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/Version 1.1 was published after you started this draft from version 1.0/);
    const save = await put(author, p.id, p.guidelineVersionId, p.sections);
    expect(save.status).toBe(409);
    expect(await versionCount(p.id)).toBe(2);
    // The stale draft kept its content; discarding it starts again from 1.1.
    expect((await author.get(`${base(p.id)}/draft`)).body.sections.some((s: { id: string }) => s.id === 'mine')).toBe(true);
    expect((await author.request('DELETE', `${base(p.id)}/draft`)).body).toMatchObject({ stale: false, baseVersion: '1.1' });
  });

  it('a major update sends back exactly the affected current labels and takes affected gold out of scoring', async () => {
    const p = await project(8, 2);
    const q1 = await queue(a1, p.id, 3);
    const q2 = await queue(a2, p.id, 3);
    const [i0, i1, i2] = q1.map((x) => x.id);
    const j0 = q2[0]!.id;
    const [h1, h2] = [await handlesOf(a1, p.id), await handlesOf(a2, p.id)];
    const s = (itemId: string, cls: string, v = p.guidelineVersionId) => submission(p.id, itemId, v, { classes: [cls] });
    // a1: i0 sports (goes back), i1 science (stays), i2 sports then science (latest has no sports: stays).
    expect((await sync(a1, s(i0!, 'sports'), s(i1!, 'science'), s(i2!, 'sports'))).status).toBe(200);
    expect((await sync(a1, s(i2!, 'science'))).status).toBe(200);
    // a2: j0 (= i0, overlap 2) sports: goes back too, each annotator separately.
    expect(h2.real(j0)).toBe(h1.real(i0!));
    expect((await sync(a2, s(j0, 'sports'))).status).toBe(200);
    // Gold on two unassigned items: one uses sports (leaves scoring), one politics (stays).
    const [g1, g2] = p.itemIds.filter((id) => !q1.some((x) => h1.real(x.id) === id) && !q2.some((x) => h2.real(x.id) === id));
    expect(g2).toBeDefined();
    const gold = (itemId: string, cls: string) => ({
      itemId,
      projectId: p.id,
      answer: { shapes: [], spans: [], classes: [cls] },
      guidelineVersionId: p.guidelineVersionId,
    });
    await server.ctx.db.insert(goldAnswers).values([gold(g1!, 'sports'), gold(g2!, 'politics')]);

    const impact = await author.get(`${base(p.id)}/impact?labels=sports`);
    expect(impact.body).toEqual({ labels: ['sports'], annotations: 2, items: 1, annotators: 2, goldAnswers: 1 });
    expect((await lead.get(`${base(p.id)}/impact?labels=nope`)).body.error.message).toMatch(/Unknown label "nope"/);

    await put(
      author,
      p.id,
      p.guidelineVersionId,
      p.sections.map((x, k) => (k === 0 ? { ...x, body: 'Sports now includes e-sports.' } : x)),
    );
    const pub = await author.post(`${base(p.id)}/publish`, {
      kind: 'label_change',
      affectedLabels: ['sports'],
      changelog: 'E-sports count as sports.',
      baseVersionId: p.guidelineVersionId,
    });
    expect(pub.status).toBe(200);
    expect(pub.body.version).toMatchObject({ version: '2.0', kind: 'label_change', affectedLabels: ['sports'] });
    expect(pub.body.reannotation).toEqual({ annotations: 2, goldDeactivated: 1 });

    const tasks = await server.ctx.db.select().from(reannotationTasks).where(eq(reannotationTasks.projectId, p.id));
    expect(tasks.map((t) => [t.itemId, t.userId, t.status]).sort()).toEqual(
      [
        [h1.real(i0!), uid(ANNOTATOR), 'open'],
        [h2.real(j0), uid(ANNOTATOR2), 'open'],
      ].sort(),
    );
    const goldRows = await server.ctx.db.select().from(goldAnswers).where(eq(goldAnswers.projectId, p.id));
    expect(Object.fromEntries(goldRows.map((g) => [g.itemId, g.active]))).toEqual({ [g1!]: false, [g2!]: true });

    // Back in the queue, first, saying why; the others stay done.
    const back = await queue(a1, p.id);
    expect(back[0]).toMatchObject({ id: i0, reannotation: { version: '2.0', labels: ['sports'] } });
    expect(back.some((x) => x.id === i1 || x.id === i2)).toBe(false);
    expect(back.slice(1).every((x) => x.reannotation === null)).toBe(true);

    // Redone under 2.0: the task is done and the item leaves the queue.
    const v2 = pub.body.version.id as string;
    expect((await sync(a1, s(i0!, 'sports', v2))).body.results[0].status).toBe('applied');
    const [t1] = await server.ctx.db
      .select()
      .from(reannotationTasks)
      .where(and(eq(reannotationTasks.itemId, h1.real(i0!)), eq(reannotationTasks.userId, uid(ANNOTATOR))));
    expect(t1?.status).toBe('done');
    expect((await queue(a1, p.id)).some((x) => x.id === i0)).toBe(false);

    // A late offline submission under 1.0 using sports is accepted, never lost, and sent back;
    // one under 1.0 not using sports is accepted and stays.
    const late = s(i1!, 'sports');
    const fine = s(j0, 'science');
    expect((await sync(a1, late)).body.results[0].status).toBe('applied');
    expect(await server.ctx.db.select().from(annotations).where(eq(annotations.mutationId, late.id))).toHaveLength(1);
    expect((await queue(a1, p.id))[0]).toMatchObject({ id: i1, reannotation: { version: '2.0', labels: ['sports'] } });
    expect((await sync(a2, fine)).body.results[0].status).toBe('applied');
    const [t2] = await server.ctx.db
      .select()
      .from(reannotationTasks)
      .where(and(eq(reannotationTasks.itemId, h2.real(j0)), eq(reannotationTasks.userId, uid(ANNOTATOR2))));
    expect(t2?.status).toBe('done');
    const [asg] = await server.ctx.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.itemId, h2.real(j0)), eq(assignments.userId, uid(ANNOTATOR2))));
    expect(asg?.status).toBe('done');

    // Re-verifying gold: leads and authors only; it counts again under the current version.
    expect((await a1.post(`/api/projects/${p.id}/gold/${g1}/reverify`, {})).status).toBe(403);
    const rv = await lead.post(`/api/projects/${p.id}/gold/${g1}/reverify`, { justification: 'Still sports under 2.0.' });
    expect(rv.body).toEqual({ itemId: g1, active: true, guidelineVersionId: v2 });
    expect((await lead.post(`/api/projects/${p.id}/gold/${h1.real(i1!)}/reverify`, {})).status).toBe(404);
  });

  it('asks annotators to acknowledge published updates (not the initial version) and stores it', async () => {
    const p = await project(2);
    const first = await a1.get(`${base(p.id)}/ack`);
    expect(first.body).toMatchObject({ acknowledged: true, required: false, unread: [] });
    await put(author, p.id, p.guidelineVersionId, [...p.sections, { id: 'x', kind: 'rule', title: 'X', body: 'x', labels: [] }]);
    const v = (await author.post(`${base(p.id)}/publish`, { kind: 'clarification', changelog: 'Added rule X.', baseVersionId: p.guidelineVersionId })).body
      .version;
    const st = await a1.get(`${base(p.id)}/ack`);
    expect(st.body).toMatchObject({ acknowledged: false, required: true, current: { version: '1.1' } });
    expect(st.body.unread.map((u: { changelog: string }) => u.changelog)).toEqual(['Added rule X.']);
    const ack = await a1.post(`${base(p.id)}/ack`, { versionId: v.id });
    expect(ack.body).toMatchObject({ acknowledged: true, required: false, unread: [] });
    expect((await a1.post(`${base(p.id)}/ack`, { versionId: v.id })).status).toBe(200);
    expect((await a2.get(`${base(p.id)}/ack`)).body.required).toBe(true);
    expect((await a1.post(`${base(p.id)}/ack`, { versionId: server.demo.textProjectId })).status).toBe(404);
  });

  it('lets annotators read the items the current guideline shows as examples, and no others', async () => {
    const imageProject = server.demo.imageProjectId;
    const its = await server.ctx.db.select({ id: items.id }).from(items).where(eq(items.projectId, imageProject));
    const golds = new Set((await server.ctx.db.select({ id: goldAnswers.itemId }).from(goldAnswers)).map((g) => g.id));
    const [example, other] = its.filter((i) => !golds.has(i.id));
    const current = (await author.get(`/api/projects/${imageProject}`)).body.guideline;
    await put(author, imageProject, current.id, [
      ...current.sections,
      { id: 'ex', kind: 'example', title: 'Example', body: 'See the picture.', labels: ['cup'], itemId: example!.id, reason: 'The cup includes its handle.' },
    ]);
    const pub = await author.post(`${base(imageProject)}/publish`, { kind: 'clarification', changelog: 'An example.', baseVersionId: current.id });
    expect(pub.status).toBe(200);

    const item = await a1.get(`${base(imageProject)}/guideline/items/${example!.id}`.replace('/guideline/guideline', '/guideline'));
    expect(item.status).toBe(200);
    expect(item.body.image.url).toBe(`/api/projects/${imageProject}/guideline/items/${example!.id}/image`);
    const img = await a1.get(item.body.image.url);
    expect(img.status).toBe(200);
    expect(String(img.headers['content-type'])).toMatch(/^image\//);
    expect((await a1.get(`${base(imageProject)}/items/${other!.id}`)).status).toBe(404);
    expect((await lead.get(`${base(imageProject)}/items/${other!.id}`)).status).toBe(200);
  });
});
