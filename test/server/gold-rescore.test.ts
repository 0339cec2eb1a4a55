// Changing a gold answer re-scores the submissions it touched; a label-changing update that takes it
// out of scoring takes its scores out of the figures, and re-verifying it (audit-logged like every
// gold change) brings them back, scored against the answer as it is.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, goldAnswers, goldScores, goldTotals } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { handlesOf, queueOf, submission, sync } from './fixtures.ts';
import { ANNOTATOR, AUTHOR, LEAD, engines, startTestServer, type TestServer } from './harness.ts';
import { textProject } from './sync-fixtures.ts';

describe.each(engines)('gold re-scoring on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());
  const uid = (email: string) => server.demo.userIds[email] as string;

  it('re-scores on a changed answer, drops scores of a deactivated one, and restores them on re-verification', async () => {
    const p = await textProject(server.ctx, { items: 3, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    await grantRole(server.ctx, p.id, uid(AUTHOR), 'author');
    const annotator = await server.as(ANNOTATOR);
    const lead = await server.as(LEAD);
    const author = await server.as(AUTHOR);
    const { items, guidelineVersionId } = await queueOf(annotator, p.id);
    const [a, b] = items as [(typeof items)[0], (typeof items)[0]];
    const real = (await handlesOf(annotator, p.id)).real;
    for (const i of [a, b])
      await server.ctx.db
        .insert(goldAnswers)
        .values({ itemId: real(i.id), projectId: p.id, answer: { shapes: [], spans: [], classes: ['politics'] }, guidelineVersionId });
    await sync(
      annotator,
      submission(p.id, a.id, guidelineVersionId, { classes: ['politics'] }),
      submission(p.id, b.id, guidelineVersionId, { classes: ['sports'] }),
    );

    const totals = async () => {
      const rows = await server.ctx.db
        .select()
        .from(goldTotals)
        .where(and(eq(goldTotals.projectId, p.id), eq(goldTotals.label, '')));
      return { n: rows.reduce((s, r) => s + r.n, 0), sum: rows.reduce((s, r) => s + r.sum, 0) };
    };
    const scoreOf = async (itemId: string) =>
      (await server.ctx.db.select().from(goldScores).where(eq(goldScores.itemId, itemId))).filter((s) => s.details['superseded'] !== true).map((s) => s.score);
    expect(await totals()).toEqual({ n: 2, sum: 1 });

    // The lead decides the second item is about sports after all: the annotator's answer is now right.
    const saved = await lead.put(`/api/projects/${p.id}/gold-set/items/${real(b.id)}`, {
      answer: { classes: ['sports'] },
      justification: 'The match report is sport.',
    });
    expect(saved.status).toBe(200);
    expect(await scoreOf(real(b.id))).toEqual([1]);
    expect(await totals()).toEqual({ n: 2, sum: 2 });

    // A label-changing update on 'sports' takes that answer out of scoring, and its score out of the figures.
    const current = (await author.get(`/api/projects/${p.id}`)).body.guideline;
    expect(
      (
        await author.put(`/api/projects/${p.id}/guideline/draft`, {
          baseVersionId: current.id,
          sections: [...current.sections, { id: 'sport-money', kind: 'rule', title: 'Sport and money', body: 'Transfers are business.', labels: ['sports'] }],
        })
      ).status,
    ).toBe(200);
    const pub = await author.post(`/api/projects/${p.id}/guideline/publish`, {
      kind: 'label_change',
      affectedLabels: ['sports'],
      changelog: 'Sport business news is business.',
      baseVersionId: current.id,
    });
    expect(pub.status).toBe(200);
    expect(await scoreOf(real(b.id))).toEqual([]);
    expect(await totals()).toEqual({ n: 1, sum: 1 });

    // Re-verified: back in scoring, the past submission scored again, and the audit log says who did it.
    const reverified = await lead.post(`/api/projects/${p.id}/gold/${real(b.id)}/reverify`, { justification: 'Still sport under 2.0.' });
    expect(reverified.status).toBe(200);
    expect(await scoreOf(real(b.id))).toEqual([1]);
    expect(await totals()).toEqual({ n: 2, sum: 2 });
    const logged = await server.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, p.id), eq(auditLog.action, 'gold_reverified')));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actorId: uid(LEAD), details: { itemId: real(b.id), wasActive: false } });
  });
});
