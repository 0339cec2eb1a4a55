// An item the guideline shows annotators as an example (with its reason, i.e. its answer) must
// never become hidden gold: publishing already refuses gold examples; this covers the other way
// round — gold made from an existing example, through the app and through an import.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldAnswers } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { ANNOTATOR, AUTHOR, LEAD, engines, startTestServer, type TestServer } from './harness.ts';
import { textProject } from './sync-fixtures.ts';

describe.each(engines)('guideline examples cannot become gold on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  it('refuses gold on an item the current guideline uses as an example, and still accepts other items', async () => {
    const { ctx, demo } = server;
    const p = await textProject(ctx, { items: 3, annotatorIds: [demo.userIds[ANNOTATOR]!] });
    await grantRole(ctx, p.id, demo.userIds[LEAD]!, 'lead');
    await grantRole(ctx, p.id, demo.userIds[AUTHOR]!, 'author');
    const [example, other] = p.itemIds as [string, string];
    const author = await server.as(AUTHOR);
    const sections = [
      { id: 'ex1', kind: 'example', title: 'A match report', body: 'Sports.', labels: ['sports'], itemId: example, reason: 'It reports a match.' },
    ];
    expect((await author.put(`/api/projects/${p.id}/guideline/draft`, { baseVersionId: p.guidelineVersionId, sections })).status).toBe(200);
    const published = await author.post(`/api/projects/${p.id}/guideline/publish`, {
      kind: 'clarification',
      changelog: 'An example.',
      baseVersionId: p.guidelineVersionId,
    });
    expect(published.status).toBe(200);

    const lead = await server.as(LEAD);
    const answer = { shapes: [], spans: [], classes: ['sports'] };
    const refused = await lead.put(`/api/projects/${p.id}/gold-set/items/${example}`, { answer, justification: 'A match.' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/example in the current guideline/);
    const jsonl = [JSON.stringify({ itemId: example, class: 'sports' }), JSON.stringify({ itemId: other, class: 'sports' })].join('\n');
    const imported = await lead.post(`/api/projects/${p.id}/labels/import`, {
      format: 'touchstone',
      as: 'gold',
      mode: 'valid_only',
      files: [{ path: 'gold.jsonl', content: jsonl }],
    });
    expect(imported.status).toBe(200);
    expect(imported.body.report).toContainEqual({ file: 'gold.jsonl', line: 1, message: expect.stringMatching(/example in the current guideline/) });
    expect(imported.body).toMatchObject({ imported: 1, invalid: 1 });
    const gold = await ctx.db
      .select({ itemId: goldAnswers.itemId })
      .from(goldAnswers)
      .where(and(eq(goldAnswers.projectId, p.id)));
    expect(gold.map((g) => g.itemId)).toEqual([other]);
  });
});
