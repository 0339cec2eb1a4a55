import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalations, reviewTasks } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { ANNOTATOR, ANNOTATOR2, LEAD, engines, startTestServer, type TestServer } from './harness.ts';
import { handlesOf, queueOf, submission, sync } from './fixtures.ts';
import { textProject } from './sync-fixtures.ts';

// The lead's data manager: every item with where it stands, filtered and paged on the server; one
// item with its revisions; and chosen items' current labels sent to review (what already exists,
// not only labels sampled as they arrive).
describe.each(engines)('data manager on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());
  const uid = (email: string) => server.demo.userIds[email] as string;

  it('lists items with status, labels and annotators; filters by status, label and annotator; pages; sends items to review', async () => {
    const p = await textProject(server.ctx, { items: 7, annotatorIds: [uid(ANNOTATOR), uid(ANNOTATOR2)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const lead = await server.as(LEAD);
    const annotator = await server.as(ANNOTATOR);
    const { items, guidelineVersionId } = await queueOf(annotator, p.id);
    const [ha, hb, hc] = items.map((i) => i.id) as [string, string, string];
    await sync(
      annotator,
      submission(p.id, ha, guidelineVersionId, { classes: ['sports'] }),
      submission(p.id, hb, guidelineVersionId, { classes: ['politics'] }),
      submission(p.id, hc, guidelineVersionId, { classes: ['sports'] }),
    );
    // The lead's data manager names items by their real ids; the annotator was served handles.
    const handles = await handlesOf(annotator, p.id);
    const [a, b, c] = [ha, hb, hc].map(handles.real) as [string, string, string];
    await server.ctx.db.insert(escalations).values({
      id: server.ctx.newId(),
      projectId: p.id,
      itemId: c,
      userId: uid(ANNOTATOR),
      guidelineVersionId,
      reason: 'not_covered',
      mutationId: server.ctx.newId(),
    });

    const all = await lead.get(`/api/projects/${p.id}/items?pageSize=5`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(7);
    expect(all.body.items).toHaveLength(5);
    const page2 = await lead.get(`/api/projects/${p.id}/items?pageSize=5&page=2`);
    expect(page2.body.items).toHaveLength(2);
    const byId = new Map<string, { status: string }>([...all.body.items, ...page2.body.items].map((r: { id: string; status: string }) => [r.id, r]));
    expect(byId.get(a)).toMatchObject({ status: 'labelled', labels: ['sports'], annotators: [{ id: uid(ANNOTATOR) }], guidelineVersions: ['1.0'] });
    expect(byId.get(c)).toMatchObject({ status: 'escalated' });
    expect([...byId.values()].filter((r) => r.status === 'unlabelled')).toHaveLength(4);

    const ids = async (query: string) => ((await lead.get(`/api/projects/${p.id}/items?${query}`)).body.items as { id: string }[]).map((r) => r.id).sort();
    expect(await ids('status=escalated')).toEqual([c]);
    expect(await ids('label=sports')).toEqual([a, c].sort());
    expect(await ids(`annotator=${uid(ANNOTATOR)}&label=politics`)).toEqual([b]);
    expect(await ids(`annotator=${uid(ANNOTATOR2)}`)).toEqual([]);
    expect((await lead.get(`/api/projects/${p.id}/items?status=done`)).status).toBe(400);
    expect((await lead.get(`/api/projects/${p.id}/items?page=0`)).status).toBe(400);

    const detail = await lead.get(`/api/projects/${p.id}/items/${a}`);
    expect(detail.status).toBe(200);
    expect(detail.body.revisions).toMatchObject([
      { annotator: { id: uid(ANNOTATOR) }, revision: 1, guidelineVersion: '1.0', payload: { classes: ['sports'] } },
    ]);
    expect(detail.body.content.text).toMatch(/Sentence number/);

    // Review what exists: the stage is off (rate 0), yet chosen items go to review, once.
    const sent = await lead.post(`/api/projects/${p.id}/reviews/from-items`, { itemIds: [a, b, handles.real(items[3]!.id)] });
    expect(sent.body).toEqual({ queued: 2, skipped: 1 });
    expect((await lead.post(`/api/projects/${p.id}/reviews/from-items`, { itemIds: [a] })).body).toEqual({ queued: 0, skipped: 1 });
    expect(await server.ctx.db.$count(reviewTasks, eq(reviewTasks.projectId, p.id))).toBe(2);
    expect(await ids('status=in_review')).toEqual([a, b].sort());
    expect((await lead.get(`/api/projects/${p.id}/reviews`)).body.open).toBe(2);
    expect((await lead.post(`/api/projects/${p.id}/reviews/from-items`, { itemIds: [] })).status).toBe(400);

    // Annotators cannot browse the project's items nor steer review.
    expect((await annotator.get(`/api/projects/${p.id}/items`)).status).toBe(403);
    expect((await annotator.post(`/api/projects/${p.id}/reviews/from-items`, { itemIds: [a] })).status).toBe(403);
  });
});
