import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationPayload } from '../../src/domain/api/index.ts';
import { annotations, goldAnswers, guidelineVersions, items, users } from '../../src/server/db/schema.ts';
import { consensusLabelFor } from '../../src/server/agreement/consensus.ts';
import { ANNOTATOR, ANNOTATOR2, AUTHOR, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';

// Consensus and adjudication on both engines: a tied item becomes a lead's task, the lead's answer
// is what consensusLabelFor (the export's source) returns; a clear majority needs no lead.
describe.each(engines)('adjudication on %s', (engine) => {
  let server: TestServer;
  let lead: Caller;
  let projectId: string;
  let tied: string;
  let agreed: string;
  let goldTied: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    lead = await server.as(LEAD);
    projectId = server.demo.textProjectId;
    const db = server.ctx.db;
    const gold = new Set((await db.select({ itemId: goldAnswers.itemId }).from(goldAnswers).where(eq(goldAnswers.projectId, projectId))).map((g) => g.itemId));
    const its = (await db.select({ id: items.id }).from(items).where(eq(items.projectId, projectId)).orderBy(items.seq)).filter((i) => !gold.has(i.id));
    [tied, agreed] = [its[0]!.id, its[1]!.id];
    goldTied = [...gold][0]!;
    const [gv] = await db.select({ id: guidelineVersions.id }).from(guidelineVersions).where(eq(guidelineVersions.projectId, projectId)).limit(1);
    const people = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, [ANNOTATOR, ANNOTATOR2, LEAD]));
    const id = (email: string) => people.find((p) => p.email === email)!.id;
    const now = new Date();
    const row = (itemId: string, email: string, revision: number, classes: string[]) => ({
      id: randomUUID(),
      projectId,
      itemId,
      userId: id(email),
      revision,
      guidelineVersionId: gv!.id,
      payload: { shapes: [], spans: [], classes } satisfies AnnotationPayload,
      durationMs: 1000,
      startedAt: now,
      submittedAt: now,
      mutationId: randomUUID(),
    });
    await db.insert(annotations).values([
      // Annotator 1 first said 'sports' and then changed to 'politics': only the latest counts.
      row(tied, ANNOTATOR, 1, ['sports']),
      row(tied, ANNOTATOR, 2, ['politics']),
      row(tied, ANNOTATOR2, 1, ['sports']),
      row(agreed, ANNOTATOR, 1, ['politics']),
      row(agreed, ANNOTATOR2, 1, ['politics']),
      row(agreed, LEAD, 1, ['sports']),
      // A gold item the annotators split on: scored against its answer, never a tie.
      row(goldTied, ANNOTATOR, 1, ['politics']),
      row(goldTied, ANNOTATOR2, 1, ['sports']),
    ]);
  });
  afterAll(async () => server?.close());

  it('lists only the tied item (never a gold one), with each annotator’s current answer', async () => {
    const res = await lead.get(`/api/projects/${projectId}/adjudications`);
    expect(res.status).toBe(200);
    expect(res.body.tasks).toHaveLength(1);
    expect(res.body.tasks[0]).toMatchObject({ itemId: tied, tiedLabels: ['politics', 'sports'], resolved: null });
    expect(res.body.tasks[0].answers.map((a: { payload: AnnotationPayload }) => a.payload.classes[0]).sort()).toEqual(['politics', 'sports']);
  });

  it('refuses annotators and authors (403)', async () => {
    for (const email of [ANNOTATOR, AUTHOR]) {
      const c = await server.as(email);
      expect((await c.get(`/api/projects/${projectId}/adjudications`)).status).toBe(403);
      expect((await c.request('PUT', `/api/projects/${projectId}/adjudications/${tied}`, { payload: { shapes: [], spans: [], classes: ['x'] } })).status).toBe(
        403,
      );
    }
  });

  it('the majority label is the consensus; a tie has none until a lead resolves it', async () => {
    expect(await consensusLabelFor(server.ctx.db, projectId, agreed)).toEqual({
      source: 'majority',
      payload: { classes: ['politics'], shapes: [], spans: [] },
    });
    expect(await consensusLabelFor(server.ctx.db, projectId, tied)).toBeNull();
    const put = await lead.request('PUT', `/api/projects/${projectId}/adjudications/${tied}`, { payload: { shapes: [], spans: [], classes: ['sports'] } });
    expect(put.status).toBe(204);
    expect(await consensusLabelFor(server.ctx.db, projectId, tied)).toEqual({ source: 'adjudicated', payload: { classes: ['sports'], shapes: [], spans: [] } });
    const list = await lead.get(`/api/projects/${projectId}/adjudications`);
    expect(list.body.tasks[0].resolved.payload.classes).toEqual(['sports']);
  });

  it('rejects an item of another project (404)', async () => {
    const [other] = await server.ctx.db
      .select({ id: items.id })
      .from(items)
      .where(and(eq(items.projectId, server.demo.imageProjectId)))
      .limit(1);
    expect(
      (await lead.request('PUT', `/api/projects/${projectId}/adjudications/${other!.id}`, { payload: { shapes: [], spans: [], classes: [] } })).status,
    ).toBe(404);
  });
});
