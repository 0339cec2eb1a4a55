import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateEscalation } from '../../src/domain/api/index.ts';
import { assignments, escalations, goldAnswers, mutations } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { unresolvedEscalationItems } from '../../src/server/data/export-holdback.ts';
import { ANNOTATOR, ANNOTATOR2, LEAD, engines, startTestServer, type Caller, type TestServer } from './harness.ts';
import { escalationOf, handlesOf, submission, sync } from './fixtures.ts';
import { textProject } from './sync-fixtures.ts';

// The 'escalation.create' sync mutation: applied once through the outbox's ledger, rejected
// with a clear reason (and nothing written) when the item is not the caller's to escalate.
const escalation = (projectId: string, itemId: string, guidelineVersionId: string, extra: Partial<CreateEscalation> = {}) =>
  escalationOf(projectId, itemId, guidelineVersionId, {
    reason: 'ambiguous_labels',
    note: 'Sports or business? The sentence is about a club sale.',
    guidelineRef: 'sports',
    ...extra,
  });

describe.each(engines)('escalation.create through sync on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  const uid = (email: string) => server.demo.userIds[email] as string;
  const queue = async (c: Caller, projectId: string, limit: number) => {
    const res = await c.post(`/api/projects/${projectId}/queue?limit=${limit}`);
    expect(res.status).toBe(200);
    return res.body.items as Array<{ id: string }>;
  };
  const stored = (ids: string[]) => server.ctx.db.select().from(escalations).where(inArray(escalations.mutationId, ids));

  it('stores an open escalation with the tentative labels, marks the assignment done, and answers a retry as duplicate', async () => {
    const p = await textProject(server.ctx, { items: 3, annotatorIds: [uid(ANNOTATOR)] });
    const a1 = await server.as(ANNOTATOR);
    const [i1] = await queue(a1, p.id, 1);
    const m = escalation(p.id, i1!.id, p.guidelineVersionId, { tentative: { shapes: [], spans: [], classes: ['sports'] } });
    const res = await sync(a1, m);
    expect(res.status).toBe(200);
    expect(res.body.results[0].status).toBe('applied');
    const rows = await stored([m.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'open',
      reason: 'ambiguous_labels',
      guidelineRef: 'sports',
      userId: uid(ANNOTATOR),
      tentative: { classes: ['sports'] },
    });
    expect(rows[0]?.id).toBe(res.body.results[0].result.revisionId);
    const [a] = await server.ctx.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.itemId, (await handlesOf(a1, p.id)).real(i1!.id)), eq(assignments.userId, uid(ANNOTATOR))));
    expect(a?.status).toBe('done');
    // The queue moves on: the escalated item is not served again.
    expect((await queue(a1, p.id, 5)).map((i) => i.id)).not.toContain(i1!.id);

    const again = await sync(a1, m);
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', result: res.body.results[0].result });
    expect(await stored([m.id])).toHaveLength(1);
  });

  it('rejects escalating an item not in the queue, a second open escalation, bad tentative labels and a non-annotator, writing nothing', async () => {
    const p = await textProject(server.ctx, { items: 4, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const a1 = await server.as(ANNOTATOR);
    const [i1, i2] = await queue(a1, p.id, 2);
    // An item of the project not served to a1, named by a1's own handle of it (a1 was never sent one).
    const handles = await handlesOf(a1, p.id);
    const notMine = handles.handle(p.itemIds.find((id) => id !== handles.real(i1!.id) && id !== handles.real(i2!.id)) as string);

    const first = escalation(p.id, i1!.id, p.guidelineVersionId);
    const twice = escalation(p.id, i1!.id, p.guidelineVersionId);
    const unassigned = escalation(p.id, notMine, p.guidelineVersionId);
    const badLabels = escalation(p.id, i2!.id, p.guidelineVersionId, { tentative: { shapes: [], spans: [], classes: ['no-such-class'] } });
    const res = await sync(a1, first, twice, unassigned, badLabels);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected']);
    expect(res.body.results[1].message).toMatch(/already escalated/);
    expect(res.body.results[2].message).toMatch(/not in your queue/);
    expect(res.body.results[3].message).toMatch(/break the label schema/);
    expect(await stored([twice.id, unassigned.id, badLabels.id])).toHaveLength(0);
    expect(
      await server.ctx.db
        .select()
        .from(mutations)
        .where(inArray(mutations.id, [twice.id, unassigned.id, badLabels.id])),
    ).toHaveLength(0);

    const lead = await server.as(LEAD);
    const byLead = escalation(p.id, i2!.id, p.guidelineVersionId);
    const leadRes = await sync(lead, byLead);
    // A batch in which nothing applied is answered 4xx with the per-mutation results in details.
    expect(leadRes.status).toBe(403);
    expect(JSON.stringify(leadRes.body)).toMatch(/Only annotators of this project can escalate/);
    expect(await stored([byLead.id])).toHaveLength(0);

    const outsider = await server.as(ANNOTATOR2);
    const other = await sync(outsider, escalation(p.id, i2!.id, p.guidelineVersionId));
    expect(other.status).toBe(404);
  });

  it('answers a mixed batch of submissions and escalations in batch order', async () => {
    const p = await textProject(server.ctx, { items: 3, annotatorIds: [uid(ANNOTATOR)] });
    const a1 = await server.as(ANNOTATOR);
    const [i1, i2, i3] = await queue(a1, p.id, 3);
    const s1 = submission(p.id, i1!.id, p.guidelineVersionId, { classes: ['sports'] });
    const e2 = escalation(p.id, i2!.id, p.guidelineVersionId, { reason: 'bad_asset' });
    const s3 = submission(p.id, i3!.id, p.guidelineVersionId, { classes: ['nope'] });
    const res = await sync(a1, s1, e2, s3);
    expect(res.body.results.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [s1.id, 'applied'],
      [e2.id, 'applied'],
      [s3.id, 'rejected'],
    ]);
    expect(await stored([e2.id])).toHaveLength(1);
  });

  it('refuses an unknown reason at the wire', async () => {
    const p = await textProject(server.ctx, { items: 1, annotatorIds: [uid(ANNOTATOR)] });
    const a1 = await server.as(ANNOTATOR);
    const [i1] = await queue(a1, p.id, 1);
    const res = await sync(a1, { ...escalation(p.id, i1!.id, p.guidelineVersionId), reason: 'bored' });
    expect(res.status).toBe(400);
  });

  describe("lead decisions and the annotator's outcomes", () => {
    const setup = async () => {
      const p = await textProject(server.ctx, { items: 3, annotatorIds: [uid(ANNOTATOR), uid(ANNOTATOR2)] });
      await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
      const a1 = await server.as(ANNOTATOR);
      const [i1, i2] = await queue(a1, p.id, 2);
      const e1 = escalation(p.id, i1!.id, p.guidelineVersionId, { reason: 'not_covered' });
      const e2 = escalation(p.id, i2!.id, p.guidelineVersionId);
      const res = await sync(a1, e1, e2);
      const [id1, id2] = res.body.results.map((r: { result: { revisionId: string } }) => r.result.revisionId) as [string, string];
      return { p, a1, id1, id2 };
    };
    const decide = (c: Caller, projectId: string, id: string, body: unknown) => c.post(`/api/projects/${projectId}/escalations/${id}/decision`, body);
    const ruling = { action: 'resolve', ruling: { shapes: [], spans: [], classes: ['business'] }, explanation: 'A club sale is business: rule 4.2.' };

    it('lists for the lead with allow-listed filters, and refuses annotators and unknown filters', async () => {
      const { p, a1 } = await setup();
      const lead = await server.as(LEAD);
      const all = await lead.get(`/api/projects/${p.id}/escalations`);
      expect(all.status).toBe(200);
      expect(all.body.escalations).toHaveLength(2);
      const notCovered = await lead.get(`/api/projects/${p.id}/escalations?reason=not_covered&sort=newest`);
      expect(notCovered.body.escalations.map((e: { reason: string }) => e.reason)).toEqual(['not_covered']);
      expect((await lead.get(`/api/projects/${p.id}/escalations?sort=drop_table`)).status).toBe(400);
      expect((await a1.get(`/api/projects/${p.id}/escalations`)).status).toBe(403);
    });

    it('resolves once: a second lead deciding gets 409 and nothing is overwritten; the annotator sees the outcome', async () => {
      const { p, a1, id1 } = await setup();
      const [open] = await server.ctx.db.select().from(escalations).where(eq(escalations.id, id1));
      // Held out of exports while open; a ruling releases it.
      expect(await unresolvedEscalationItems(server.ctx.db, p.id, p.itemIds)).toContain(open!.itemId);
      const lead = await server.as(LEAD);
      const first = await decide(lead, p.id, id1, ruling);
      expect(await unresolvedEscalationItems(server.ctx.db, p.id, p.itemIds)).not.toContain(open!.itemId);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'resolved', explanation: ruling.explanation, ruling: { classes: ['business'] } });
      const second = await decide(lead, p.id, id1, { action: 'return', explanation: 'Try again' });
      expect(second.status).toBe(409);
      expect(second.body.error.message).toMatch(/already resolved/);
      const [row] = await server.ctx.db.select().from(escalations).where(eq(escalations.id, id1));
      expect(row).toMatchObject({ status: 'resolved', explanation: ruling.explanation });

      expect(await server.ctx.db.select().from(goldAnswers).where(eq(goldAnswers.itemId, row!.itemId))).toHaveLength(0);

      const mine = await a1.get(`/api/projects/${p.id}/my-escalations`);
      expect(mine.status).toBe(200);
      expect(mine.body.escalations.find((e: { id: string }) => e.id === id1)).toMatchObject({ status: 'resolved', explanation: ruling.explanation });
      // Never another annotator's: annotator2 sees none of annotator1's escalations.
      const other = await (await server.as(ANNOTATOR2)).get(`/api/projects/${p.id}/my-escalations`);
      expect(other.body.escalations).toHaveLength(0);
    });

    it('returns with a comment, and refuses a ruling that breaks the schema, annotators and a lead of another project', async () => {
      const { p, a1, id1, id2 } = await setup();
      const lead = await server.as(LEAD);
      const bad = await decide(lead, p.id, id1, { ...ruling, ruling: { shapes: [], spans: [], classes: ['no-such-class'] } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/break the label schema/);
      expect((await decide(a1, p.id, id1, ruling)).status).toBe(403);
      const otherProject = await textProject(server.ctx, { items: 1, annotatorIds: [] });
      await grantRole(server.ctx, otherProject.id, uid(ANNOTATOR2), 'lead');
      const otherLead = await server.as(ANNOTATOR2);
      expect((await decide(otherLead, p.id, id1, ruling)).status).toBe(403);
      expect((await decide(otherLead, otherProject.id, id1, ruling)).status).toBe(404);
      const [still] = await server.ctx.db.select().from(escalations).where(eq(escalations.id, id1));
      expect(still?.status).toBe('open');

      // Promote to gold: the ruling becomes the item's gold answer, justified by the explanation.
      const promoted = await decide(lead, p.id, id1, { ...ruling, promoteToGold: true });
      expect(promoted.status).toBe(200);
      const [gold] = await server.ctx.db.select().from(goldAnswers).where(eq(goldAnswers.itemId, promoted.body.itemId));
      expect(gold).toMatchObject({ justification: ruling.explanation, answer: { classes: ['business'] }, createdBy: uid(LEAD) });

      const ret = await decide(lead, p.id, id2, { action: 'return', explanation: 'The asset is fine; pick one label.' });
      expect(ret.status).toBe(200);
      expect(ret.body).toMatchObject({ status: 'returned', ruling: null });
    });
  });
});
