import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, guidelineProposals } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { ANNOTATOR, ANNOTATOR2, AUTHOR, LEAD, engines, startTestServer, type TestServer } from './harness.ts';
import { escalationOf, queueOf, sync } from './fixtures.ts';
import { textProject } from './sync-fixtures.ts';

// Guideline-change proposals: a lead proposes from escalations; the proposal lands in the
// author's inbox with the escalations behind it (reason, note, ruling); the author accepts (naming
// the version that settled it) or declines. Every transition and refusal, on both engines.
const escalation = (projectId: string, itemId: string, guidelineVersionId: string, note: string) =>
  escalationOf(projectId, itemId, guidelineVersionId, { note });

describe.each(engines)('guideline-change proposals on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());
  const uid = (email: string) => server.demo.userIds[email] as string;

  /** A project with two escalations, the first ruled on by the lead. */
  async function setup() {
    const p = await textProject(server.ctx, { items: 3, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    await grantRole(server.ctx, p.id, uid(AUTHOR), 'author');
    const a = await server.as(ANNOTATOR);
    const { items, guidelineVersionId } = await queueOf(a, p.id);
    const res = await sync(
      a,
      escalation(p.id, items[0]!.id, guidelineVersionId, 'Is a club sale sports?'),
      escalation(p.id, items[1]!.id, guidelineVersionId, 'Transfer fees?'),
    );
    const [e1, e2] = (res.body.results as Array<{ result: { revisionId: string } }>).map((r) => r.result.revisionId) as [string, string];
    const lead = await server.as(LEAD);
    const ruled = await lead.post(`/api/projects/${p.id}/escalations/${e1}/decision`, {
      action: 'resolve',
      ruling: { shapes: [], spans: [], classes: ['sports'] },
      explanation: 'Club business is sports.',
    });
    expect(ruled.status).toBe(200);
    const project = await lead.get(`/api/projects/${p.id}`);
    const sections = project.body.guideline.sections as Array<{ id: string; title: string }>;
    return { p, e1, e2, lead, section: sections[0]!, guidelineVersionId };
  }

  it('a lead proposes from escalations; the author sees it with the escalations, accepts it naming the settling version; audited; a second decision is 409', async () => {
    const { p, e1, e2, lead, section, guidelineVersionId } = await setup();
    const created = await lead.post(`/api/projects/${p.id}/guideline-proposals`, {
      escalationIds: [e1, e2],
      sectionId: section.id,
      text: 'Say that the sale of a sports club is Sports, not Business.',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'open',
      sectionId: section.id,
      sectionTitle: section.title,
      proposedBy: { id: uid(LEAD) },
      decidedBy: null,
      settledByVersion: null,
    });

    const author = await server.as(AUTHOR);
    const inbox = await author.get(`/api/projects/${p.id}/guideline-proposals`);
    expect(inbox.status).toBe(200);
    expect(inbox.body.open).toBe(1);
    expect(inbox.body.proposals).toHaveLength(1);
    const [proposal] = inbox.body.proposals;
    expect(proposal.escalations.map((e: { id: string }) => e.id).sort()).toEqual([e1, e2].sort());
    const ruled = proposal.escalations.find((e: { id: string }) => e.id === e1);
    expect(ruled).toMatchObject({
      reason: 'not_covered',
      note: 'Is a club sale sports?',
      status: 'resolved',
      ruling: { classes: ['sports'] },
      explanation: 'Club business is sports.',
    });
    expect(proposal.escalations.find((e: { id: string }) => e.id === e2)).toMatchObject({ status: 'open', ruling: null });

    const accepted = await author.post(`/api/projects/${p.id}/guideline-proposals/${proposal.id}/decision`, {
      action: 'accept',
      versionId: guidelineVersionId,
      comment: 'Already covered in 1.0, made clearer.',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      decidedBy: { id: uid(AUTHOR) },
      settledByVersion: { id: guidelineVersionId, version: '1.0' },
      comment: 'Already covered in 1.0, made clearer.',
    });
    expect((await author.get(`/api/projects/${p.id}/guideline-proposals`)).body).toMatchObject({ open: 0, proposals: [] });
    expect((await author.get(`/api/projects/${p.id}/guideline-proposals?status=accepted`)).body.proposals).toHaveLength(1);

    const again = await lead.post(`/api/projects/${p.id}/guideline-proposals/${proposal.id}/decision`, { action: 'decline', comment: 'No.' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already accepted/);
    const [row] = await server.ctx.db.select().from(guidelineProposals).where(eq(guidelineProposals.id, proposal.id));
    expect(row).toMatchObject({ status: 'accepted', decidedBy: uid(AUTHOR) });

    const audits = await server.ctx.db.select().from(auditLog).where(eq(auditLog.projectId, p.id));
    expect(audits.filter((a) => a.action === 'guideline_proposal_created').map((a) => a.details)).toEqual([
      { proposalId: proposal.id, sectionId: section.id, escalationIds: [e1, e2] },
    ]);
    expect(audits.filter((a) => a.action === 'guideline_proposal_decided').map((a) => [a.actorId, a.details])).toEqual([
      [uid(AUTHOR), { proposalId: proposal.id, decision: 'accept', versionId: guidelineVersionId }],
    ]);
  });

  it('declining needs a reason; a new section is proposed with an empty section id', async () => {
    const { p, e2, lead } = await setup();
    const created = await lead.post(`/api/projects/${p.id}/guideline-proposals`, {
      escalationIds: [e2],
      sectionId: '',
      text: 'Add a section on transfer fees.',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sectionId: '', sectionTitle: '' });
    const author = await server.as(AUTHOR);
    const noReason = await author.post(`/api/projects/${p.id}/guideline-proposals/${created.body.id}/decision`, { action: 'decline', comment: ' ' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toMatch(/say why/);
    const declined = await author.post(`/api/projects/${p.id}/guideline-proposals/${created.body.id}/decision`, {
      action: 'decline',
      comment: 'Transfer fees are Business; the guideline says so in 2.1.',
    });
    expect(declined.body).toMatchObject({ status: 'declined', settledByVersion: null });
  });

  it('refuses: annotators (403), authors proposing (403), another project’s user (404), unknown or foreign escalations, an unknown section or version — nothing written', async () => {
    const { p, e1, lead } = await setup();
    const url = `/api/projects/${p.id}/guideline-proposals`;
    const body = { escalationIds: [e1], sectionId: '', text: 'Clarify.' };
    const annotator = await server.as(ANNOTATOR);
    expect((await annotator.post(url, body)).status).toBe(403);
    expect((await annotator.get(url)).status).toBe(403);
    expect((await (await server.as(AUTHOR)).post(url, body)).status).toBe(403);
    const outsider = await server.as(ANNOTATOR2);
    expect((await outsider.get(url)).status).toBe(404);
    expect((await outsider.post(url, body)).status).toBe(404);

    // An escalation of another project is "not found in this project", like one that does not exist.
    const other = await setup();
    const foreign = await lead.post(url, { ...body, escalationIds: [e1, other.e1] });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toMatch(/not found in this project/);
    const badSection = await lead.post(url, { ...body, sectionId: 'no-such-section' });
    expect(badSection.status).toBe(400);
    expect(badSection.body.error.message).toMatch(/has no section "no-such-section"/);
    expect((await lead.post(url, { ...body, escalationIds: [] })).status).toBe(400);
    expect((await lead.post(url, { ...body, escalationIds: [e1, e1] })).status).toBe(400);
    expect(await server.ctx.db.$count(guidelineProposals, eq(guidelineProposals.projectId, p.id))).toBe(0);

    const created = await lead.post(url, body);
    const decide = `${url}/${created.body.id}/decision`;
    expect((await annotator.post(decide, { action: 'decline', comment: 'x' })).status).toBe(403);
    const wrongVersion = await (await server.as(AUTHOR)).post(decide, { action: 'accept', versionId: other.guidelineVersionId });
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.body.error.message).toMatch(/not one of this project/);
    // A proposal id of another project is not found through this one.
    expect(
      (await other.lead.post(`/api/projects/${other.p.id}/guideline-proposals/${created.body.id}/decision`, { action: 'decline', comment: 'x' })).status,
    ).toBe(404);
    const [row] = await server.ctx.db
      .select()
      .from(guidelineProposals)
      .where(and(eq(guidelineProposals.id, created.body.id)));
    expect(row?.status).toBe('open');
  });
});
