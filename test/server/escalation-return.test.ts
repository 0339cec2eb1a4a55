import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateEscalation } from '../../src/domain/api/index.ts';
import { assignments, escalations } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { ANNOTATOR, ANNOTATOR2, LEAD, engines, startTestServer, type Caller, type TestServer } from './harness.ts';
import { escalationOf, submission, sync } from './fixtures.ts';
import { textProject } from './sync-fixtures.ts';
import { annotatorHandles } from '../../src/server/queue/annotator-handles.ts';

// The annotator's side of a decision: a returned escalation puts the item back at the head of
// the annotator's queue with the lead's comment, until the annotator answers it (labels or a new
// escalation); a resolved one does not come back. Named labels ('ambiguous') are stored and checked.
const escalation = (projectId: string, itemId: string, guidelineVersionId: string, extra: Partial<CreateEscalation> = {}) =>
  escalationOf(projectId, itemId, guidelineVersionId, { note: 'Nothing in the guideline about club sales.', ...extra });

interface Served {
  id: string;
  returnedEscalation?: { escalationId: string; comment: string } | null;
}

describe.each(engines)('returned escalations on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  const uid = (email: string) => server.demo.userIds[email] as string;
  const queue = async (c: Caller, projectId: string, limit: number) => {
    const res = await c.post(`/api/projects/${projectId}/queue?limit=${limit}`);
    expect(res.status).toBe(200);
    return res.body.items as Served[];
  };
  const decide = (c: Caller, projectId: string, id: string, body: unknown) => c.post(`/api/projects/${projectId}/escalations/${id}/decision`, body);
  /** The assignment behind an item the user was served, named by their handle of it. */
  const assignmentOf = async (projectId: string, handle: string, userId: string) =>
    (
      await server.ctx.db
        .select()
        .from(assignments)
        .where(and(eq(assignments.itemId, annotatorHandles(server.ctx, projectId, userId).itemId(handle)), eq(assignments.userId, userId)))
    )[0];

  /** A project whose annotator escalated its first two items (ids returned in queue order). */
  const setup = async () => {
    const p = await textProject(server.ctx, { items: 4, annotatorIds: [uid(ANNOTATOR), uid(ANNOTATOR2)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const a1 = await server.as(ANNOTATOR);
    const [i1, i2] = await queue(a1, p.id, 2);
    const res = await sync(a1, escalation(p.id, i1!.id, p.guidelineVersionId), escalation(p.id, i2!.id, p.guidelineVersionId));
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const [e1, e2] = res.body.results.map((r: { result: { revisionId: string } }) => r.result.revisionId) as [string, string];
    return { p, a1, lead: await server.as(LEAD), i1: i1!.id, i2: i2!.id, e1, e2 };
  };

  it('a return re-opens the assignment and serves the item first, with the comment; a resolve does not', async () => {
    const { p, a1, lead, i1, i2, e1, e2 } = await setup();
    expect((await queue(a1, p.id, 5)).map((i) => i.id)).not.toContain(i1);
    expect((await assignmentOf(p.id, i1, uid(ANNOTATOR)))?.status).toBe('done');

    const comment = 'The guideline covers it in 4.2: club sales are business. Label it yourself.';
    expect((await decide(lead, p.id, e1, { action: 'return', explanation: comment })).status).toBe(200);
    expect(
      (await decide(lead, p.id, e2, { action: 'resolve', ruling: { shapes: [], spans: [], classes: ['business'] }, explanation: 'Business.' })).status,
    ).toBe(200);
    expect(await assignmentOf(p.id, i1, uid(ANNOTATOR))).toMatchObject({ status: 'open', doneAt: null });
    expect((await assignmentOf(p.id, i2, uid(ANNOTATOR)))?.status).toBe('done');

    const served = await queue(a1, p.id, 5);
    // Its old position is before everything still open, so it comes next.
    expect(served[0]).toMatchObject({ id: i1, returnedEscalation: { escalationId: e1, comment } });
    expect(served.map((i) => i.id)).not.toContain(i2);
    expect(served.slice(1).every((i) => i.returnedEscalation === null)).toBe(true);

    // The annotator's list shows the outcome of both.
    const mine = await a1.get(`/api/projects/${p.id}/my-escalations`);
    const byId = new Map((mine.body.escalations as Array<{ id: string; status: string; explanation: string }>).map((e) => [e.id, e]));
    expect(byId.get(e1)).toMatchObject({ status: 'returned', explanation: comment });
    expect(byId.get(e2)).toMatchObject({ status: 'resolved', explanation: 'Business.' });

    // Nobody else is served the note: the other annotator's queue carries none.
    const other = await queue(await server.as(ANNOTATOR2), p.id, 5);
    expect(other.every((i) => !i.returnedEscalation)).toBe(true);
  });

  it('the note ends when the annotator submits labels; escalating the returned item again is accepted', async () => {
    const { p, a1, lead, i1, i2, e1, e2 } = await setup();
    await decide(lead, p.id, e1, { action: 'return', explanation: 'Label it: sports.' });
    await decide(lead, p.id, e2, { action: 'return', explanation: 'Say which labels you hesitate between.' });
    expect(
      (await queue(a1, p.id, 5))
        .slice(0, 2)
        .map((i) => i.id)
        .sort(),
    ).toEqual([i1, i2].sort());

    const labelled = await sync(a1, submission(p.id, i1, p.guidelineVersionId, { classes: ['sports'] }));
    expect(labelled.body.results[0].status).toBe('applied');
    const again = escalation(p.id, i2, p.guidelineVersionId, {
      reason: 'ambiguous_labels',
      labels: ['sports', 'business'],
      note: 'A club sale: sports or business?',
    });
    expect((await sync(a1, again)).body.results[0].status).toBe('applied');

    const served = (await queue(a1, p.id, 5)).map((i) => i.id);
    expect(served).not.toContain(i1);
    expect(served).not.toContain(i2);
    const [open] = await server.ctx.db.select().from(escalations).where(eq(escalations.mutationId, again.id));
    expect(open).toMatchObject({ status: 'open', labels: ['sports', 'business'] });
    // A second return of the new escalation brings it back with the new comment.
    await decide(lead, p.id, open!.id, { action: 'return', explanation: 'Business: rule 4.2.' });
    const back = (await queue(a1, p.id, 5)).find((i) => i.id === i2);
    expect(back?.returnedEscalation).toEqual({ escalationId: open!.id, comment: 'Business: rule 4.2.' });
  });

  it('stores the named labels and shows them to the annotator; refuses labels the project does not have, writing nothing', async () => {
    const p = await textProject(server.ctx, { items: 2, annotatorIds: [uid(ANNOTATOR)] });
    const a1 = await server.as(ANNOTATOR);
    const [i1, i2] = await queue(a1, p.id, 2);
    const ok = escalation(p.id, i1!.id, p.guidelineVersionId, { reason: 'ambiguous_labels', labels: ['sports', 'culture'] });
    const bad = escalation(p.id, i2!.id, p.guidelineVersionId, { reason: 'ambiguous_labels', labels: ['sports', 'gossip'] });
    const res = await sync(a1, ok, bad);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected']);
    expect(res.body.results[1].message).toMatch(/labels this project does not have: gossip/);
    expect(await server.ctx.db.select().from(escalations).where(eq(escalations.mutationId, bad.id))).toHaveLength(0);
    expect((await assignmentOf(p.id, i2!.id, uid(ANNOTATOR)))?.status).toBe('open');
    const mine = await a1.get(`/api/projects/${p.id}/my-escalations`);
    expect(mine.body.escalations).toEqual([expect.objectContaining({ reason: 'ambiguous_labels', labels: ['sports', 'culture'], status: 'open' })]);
  });
});
