import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateEscalation } from '../../src/domain/api/index.ts';
import { assignments, auditLog, escalations, goldAnswers } from '../../src/server/db/schema.ts';
import { addTextItem, grantRole } from '../../src/server/admin/create.ts';
import { ANNOTATOR, ANNOTATOR2, LEAD, engines, startTestServer, type Caller, type TestServer } from './harness.ts';
import { escalationOf, handlesOf, sync } from './fixtures.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// The lead's escalation queue: filters (label, reason, annotator, status, age) allow-listed and
// bound as values; one escalation with its item; the bulk decision all or nothing (409 naming
// the ones decided meanwhile, nothing changed); an audit entry per decision; leads only.
const HOUR = 3_600_000;
const escalation = (projectId: string, itemId: string, guidelineVersionId: string, extra: Partial<CreateEscalation> = {}) =>
  escalationOf(projectId, itemId, guidelineVersionId, { note: 'Is a club sale business or sports?', guidelineRef: 'topic-default', ...extra });
const business = { shapes: [], spans: [], classes: ['business'] };

describe.each(engines)('the lead escalation queue on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  const uid = (email: string) => server.demo.userIds[email] as string;
  const queue = async (c: Caller, projectId: string, limit: number) => {
    const res = await c.post(`/api/projects/${projectId}/queue?limit=${limit}`);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string }>).map((i) => i.id);
  };
  const escalate = async (c: Caller, ...ms: CreateEscalation[]) => {
    const res = await sync(c, ...ms);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(ms.map(() => 'applied'));
    return res.body.results.map((r: { result: { revisionId: string } }) => r.result.revisionId) as string[];
  };
  const rows = (ids: string[]) => server.ctx.db.select().from(escalations).where(inArray(escalations.id, ids));
  const decisionsLogged = (ids: string[]) =>
    server.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'escalation_decided'))
      .then((all) => all.filter((a) => ids.includes(a.details.escalationId as string)));
  /** A lead of another project only: not a member of the one under test. */
  const outsiderLead = async () => {
    const [u] = await annotators(server.ctx, 1, `lead-${Math.random().toString(36).slice(2, 8)}`);
    const other = await textProject(server.ctx, { items: 1, annotatorIds: [] });
    await grantRole(server.ctx, other.id, u!.id, 'lead');
    return { caller: await server.as(u!.email), otherProjectId: other.id };
  };

  /** Ada escalates three items (one 30 hours ago, with tentative spans), Ben one with named labels; a fifth, longer item stays in Ada's queue. */
  const setup = async () => {
    const p = await textProject(server.ctx, { items: 4, annotatorIds: [uid(ANNOTATOR), uid(ANNOTATOR2)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const ada = await server.as(ANNOTATOR);
    const ben = await server.as(ANNOTATOR2);
    const [a1, a2, a3] = await queue(ada, p.id, 3);
    const [b1] = await queue(ben, p.id, 1);
    // Distinct times, so "oldest first" has one answer (same-millisecond ties are ordered by a random id).
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const old = ago(30 * HOUR);
    const [e1, e2, e3] = await escalate(
      ada,
      escalation(p.id, a1!, p.guidelineVersionId, {
        createdAt: old,
        tentative: { shapes: [], spans: [{ id: 's1', label: 'org', start: 0, end: 8 }], classes: [] },
      }),
      escalation(p.id, a2!, p.guidelineVersionId, { createdAt: ago(3 * 60_000), tentative: { shapes: [], spans: [], classes: ['sports'] } }),
      escalation(p.id, a3!, p.guidelineVersionId, { createdAt: ago(2 * 60_000), reason: 'bad_asset', guidelineRef: '', note: 'Garbled.' }),
    );
    const [e4] = await escalate(
      ben,
      escalation(p.id, b1!, p.guidelineVersionId, { createdAt: ago(60_000), reason: 'ambiguous_labels', labels: ['politics', 'business'] }),
    );
    // The lead's screens and the database name items by their real ids, not the annotators' handles.
    const [ha, hb] = [await handlesOf(ada, p.id), await handlesOf(ben, p.id)];
    const items = { a1: ha.real(a1!), a2: ha.real(a2!), a3: ha.real(a3!), b1: hb.real(b1!) };
    return { p, ada, ben, lead: await server.as(LEAD), e: [e1!, e2!, e3!, e4!], items };
  };
  const list = async (c: Caller, projectId: string, query = '') => {
    const res = await c.get(`/api/projects/${projectId}/escalations${query}`);
    expect(res.status).toBe(200);
    return res.body as { escalations: Array<Record<string, unknown> & { id: string }>; annotators: Array<{ id: string; name: string }>; open: number };
  };
  const ids = (l: { escalations: Array<{ id: string }> }) => l.escalations.map((x) => x.id).sort();

  it('filters by label (named or tentative), reason, annotator, age and status, and each entry carries what a ruling needs', async () => {
    const { p, lead, e } = await setup();
    const all = await list(lead, p.id);
    expect(all.open).toBe(4);
    expect(all.escalations.map((x) => x.id)).toEqual(e); // oldest first
    expect(all.annotators.map((a) => a.name)).toEqual(['Ada Annotator', 'Ben Annotator']);
    const first = all.escalations[0]!;
    expect(first).toMatchObject({
      annotator: { id: uid(ANNOTATOR), name: 'Ada Annotator' },
      reason: 'not_covered',
      note: 'Is a club sale business or sports?',
      guidelineVersion: '1.0',
      guidelineSection: { id: 'topic-default', title: 'Business or politics?' },
      decidedBy: null,
    });
    expect(first.ageHours).toBeGreaterThanOrEqual(30);
    expect(all.escalations[2]).toMatchObject({ guidelineSection: null, ageHours: 0 });

    expect(ids(await list(lead, p.id, '?label=business'))).toEqual([e[3]].sort()); // named in doubt
    expect(ids(await list(lead, p.id, '?label=sports'))).toEqual([e[1]].sort()); // tentative class
    expect(ids(await list(lead, p.id, '?label=org'))).toEqual([e[0]].sort()); // tentative span
    expect(ids(await list(lead, p.id, '?label=culture'))).toEqual([]);
    expect(ids(await list(lead, p.id, '?reason=bad_asset'))).toEqual([e[2]].sort());
    expect(ids(await list(lead, p.id, `?annotatorId=${uid(ANNOTATOR2)}`))).toEqual([e[3]].sort());
    expect(ids(await list(lead, p.id, '?olderThanHours=24'))).toEqual([e[0]].sort());
    expect(ids(await list(lead, p.id, '?olderThanHours=24&reason=bad_asset'))).toEqual([]);
    expect((await list(lead, p.id, '?sort=newest')).escalations.map((x) => x.id)).toEqual([...e].reverse());

    await lead.post(`/api/projects/${p.id}/escalations/${e[2]}/decision`, { action: 'return', explanation: 'Readable; look again.' });
    expect(ids(await list(lead, p.id, '?status=returned'))).toEqual([e[2]].sort());
    const returned = (await list(lead, p.id, '?status=returned')).escalations[0]!;
    expect(returned).toMatchObject({ decidedBy: { id: uid(LEAD), name: 'Lea Lead' }, explanation: 'Readable; look again.' });
    expect((await list(lead, p.id)).open).toBe(3);

    for (const bad of [
      '?label=DROP%20TABLE',
      "?label=a'--",
      '?olderThanHours=abc',
      '?olderThanHours=0',
      '?status=all',
      '?reason=bored',
      '?annotatorId=1',
      '?orderBy=id',
    ]) {
      expect((await lead.get(`/api/projects/${p.id}/escalations${bad}`)).status, bad).toBe(400);
    }
  });

  it('gives one escalation with its item and the tentative labels; leads only', async () => {
    const { p, ada, lead, e, items } = await setup();
    const res = await lead.get(`/api/projects/${p.id}/escalations/${e[0]}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: e[0],
      item: { id: items.a1, kind: 'text', image: null, text: expect.stringMatching(/^Sentence number/) },
      tentative: { spans: [{ label: 'org', start: 0, end: 8 }] },
      annotator: { name: 'Ada Annotator' },
      guidelineSection: { title: 'Business or politics?', body: expect.stringContaining('Politics') },
    });
    expect((await ada.get(`/api/projects/${p.id}/escalations/${e[0]}`)).status).toBe(403);
    expect((await ada.get(`/api/projects/${p.id}/escalations`)).status).toBe(403);
    const { caller: outsider, otherProjectId } = await outsiderLead();
    expect((await outsider.get(`/api/projects/${p.id}/escalations/${e[0]}`)).status).toBe(404);
    expect((await outsider.get(`/api/projects/${p.id}/escalations`)).status).toBe(404);
    // Their own project does not have it either.
    expect((await outsider.get(`/api/projects/${otherProjectId}/escalations/${e[0]}`)).status).toBe(404);
    expect((await lead.get(`/api/projects/${p.id}/escalations/not-an-id`)).status).toBe(400);
  });

  it('bulk-resolves look-alikes in one go, promotes each item to gold once, and writes an audit entry per decision', async () => {
    const { p, ada, lead, e, items } = await setup();
    const picked = [e[1]!, e[3]!, e[0]!];
    const res = await lead.post(`/api/projects/${p.id}/escalations/bulk-decision`, {
      escalationIds: picked,
      decision: { action: 'resolve', ruling: business, explanation: 'A club sale is business (topic rule).', promoteToGold: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.escalations.map((x: { id: string }) => x.id).sort()).toEqual([...picked].sort());
    expect(res.body.escalations.every((x: { status: string; decidedBy: { name: string } }) => x.status === 'resolved' && x.decidedBy.name === 'Lea Lead')).toBe(
      true,
    );
    const gold = await server.ctx.db
      .select()
      .from(goldAnswers)
      .where(inArray(goldAnswers.itemId, [items.a1, items.a2, items.b1]));
    expect(gold).toHaveLength(3);
    expect(gold.every((g) => g.justification === 'A club sale is business (topic rule).' && g.createdBy === uid(LEAD))).toBe(true);
    const logged = await decisionsLogged(picked);
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({ actorId: uid(LEAD), projectId: p.id, details: { action: 'resolve', promoteToGold: true, bulk: 3 } });
    expect(new Set(logged.map((l) => l.details.annotatorId))).toEqual(new Set([uid(ANNOTATOR), uid(ANNOTATOR2)]));

    // The annotators see the ruling.
    const mine = await ada.get(`/api/projects/${p.id}/my-escalations`);
    expect(mine.body.escalations.find((x: { id: string }) => x.id === e[1])).toMatchObject({ status: 'resolved', ruling: { classes: ['business'] } });
    // A single decision is logged too.
    expect((await lead.post(`/api/projects/${p.id}/escalations/${e[2]}/decision`, { action: 'return', explanation: 'Look again.' })).status).toBe(200);
    expect(await decisionsLogged([e[2]!])).toEqual([expect.objectContaining({ details: expect.objectContaining({ action: 'return', bulk: 0 }) })]);
  });

  it('refuses a bulk decision with any escalation already decided: 409 naming it, and nothing changed', async () => {
    const { p, lead, e } = await setup();
    expect(
      (await lead.post(`/api/projects/${p.id}/escalations/${e[1]}/decision`, { action: 'resolve', ruling: business, explanation: 'Business.' })).status,
    ).toBe(200);
    const before = await rows(e);
    const res = await lead.post(`/api/projects/${p.id}/escalations/bulk-decision`, {
      escalationIds: [e[0], e[1], e[3]],
      decision: { action: 'resolve', ruling: { shapes: [], spans: [], classes: ['sports'] }, explanation: 'Sports.', promoteToGold: true },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(e[1]);
    expect(res.body.error.message).toMatch(/Nothing was changed/);
    expect(res.body.error.details).toEqual({ alreadyDecided: [{ id: e[1], status: 'resolved' }] });
    expect(await rows(e)).toEqual(before);
    expect(await server.ctx.db.select().from(goldAnswers).where(eq(goldAnswers.projectId, p.id))).toHaveLength(0);
    expect(await decisionsLogged([e[0]!, e[3]!])).toHaveLength(0);
  });

  it('two leads bulk-deciding overlapping sets at once: exactly one wins, the other is told and changes nothing', async () => {
    const { p, lead, e } = await setup();
    const lead2 = await server.as(ANNOTATOR2); // Ben also leads here; he decides only others' escalations.
    await grantRole(server.ctx, p.id, uid(ANNOTATOR2), 'lead');
    const [r1, r2] = await Promise.all([
      lead.post(`/api/projects/${p.id}/escalations/bulk-decision`, {
        escalationIds: [e[0], e[1]],
        decision: { action: 'resolve', ruling: business, explanation: 'Business.' },
      }),
      lead2.post(`/api/projects/${p.id}/escalations/bulk-decision`, {
        escalationIds: [e[1], e[2]],
        decision: { action: 'return', explanation: 'Look again.' },
      }),
    ]);
    expect([r1!.status, r2!.status].sort()).toEqual([200, 409]);
    const after = new Map((await rows(e)).map((r) => [r.id, r.status]));
    if (r1!.status === 200) expect([after.get(e[0]!), after.get(e[1]!), after.get(e[2]!)]).toEqual(['resolved', 'resolved', 'open']);
    else expect([after.get(e[0]!), after.get(e[1]!), after.get(e[2]!)]).toEqual(['open', 'returned', 'returned']);
  });

  it("checks one ruling against every item, returns in bulk, and refuses annotators, another project's lead and unknown or repeated ids", async () => {
    const { p, ada, lead, e, items } = await setup();
    // A longer fifth item: a span that fits it runs past the end of the others.
    const long = await addTextItem(server.ctx, server.ctx.db, p.id, 'Sentence number 99 for the sync tests, with a much longer tail to it.');
    const handles = await handlesOf(ada, p.id);
    const [a5] = (await queue(ada, p.id, 5)).filter((id) => handles.real(id) === long);
    expect(a5).toBe(handles.handle(long));
    const [e5] = await escalate(ada, escalation(p.id, a5!, p.guidelineVersionId));
    const span = { shapes: [], spans: [{ id: 's', label: 'misc', start: 58, end: 62 }], classes: ['business'] };
    const alone = await lead.post(`/api/projects/${p.id}/escalations/bulk-decision`, {
      escalationIds: [e5],
      decision: { action: 'resolve', ruling: span, explanation: 'Tail.' },
    });
    expect(alone.status).toBe(200);
    const bad = await lead.post(`/api/projects/${p.id}/escalations/bulk-decision`, {
      escalationIds: [e[1], e[0]],
      decision: { action: 'resolve', ruling: span, explanation: 'Tail.' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/break the label schema on the item of escalation/);
    expect((await rows([e[0]!, e[1]!])).map((r) => r.status)).toEqual(['open', 'open']);

    const ret = await lead.post(`/api/projects/${p.id}/escalations/bulk-decision`, {
      escalationIds: [e[0], e[1]],
      decision: { action: 'return', explanation: 'Covered by the topic rule; label them.' },
    });
    expect(ret.status).toBe(200);
    const reopened = await server.ctx.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.userId, uid(ANNOTATOR)), inArray(assignments.itemId, [items.a1, items.a2])));
    expect(reopened.map((a) => a.status)).toEqual(['open', 'open']);

    const body = { escalationIds: [e[2]], decision: { action: 'return', explanation: 'x' } };
    expect((await ada.post(`/api/projects/${p.id}/escalations/bulk-decision`, body)).status).toBe(403);
    const { caller: outsider, otherProjectId } = await outsiderLead();
    expect((await outsider.post(`/api/projects/${p.id}/escalations/bulk-decision`, body)).status).toBe(404);
    expect((await outsider.post(`/api/projects/${p.id}/escalations/${e[2]}/decision`, body.decision)).status).toBe(404);
    const elsewhere = await outsider.post(`/api/projects/${otherProjectId}/escalations/bulk-decision`, body);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.message).toContain(e[2]);
    expect((await lead.post(`/api/projects/${p.id}/escalations/bulk-decision`, { ...body, escalationIds: [e[2], e[2]] })).status).toBe(400);
    expect((await lead.post(`/api/projects/${p.id}/escalations/bulk-decision`, { ...body, escalationIds: [] })).status).toBe(400);
    expect((await rows([e[2]!]))[0]?.status).toBe('open');
  });
});
