import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnAccuracyView } from '../../src/domain/api/index.ts';
import { eq } from 'drizzle-orm';
import { goldAnswers, projects } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { currentGuideline } from '../../src/server/guidelines/guidelines.ts';
import { handlesOf, queueOf, submission, sync } from './fixtures.ts';
import { engines, LEAD, startTestServer, type TestServer } from './harness.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// Annotator-side feedback on gold: off unless the project enables it; then only an
// aggregate of whole blocks of scores at least a day old — never per item, never at once.
describe.each(engines)('own gold accuracy on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  it('is off by default, then shows whole blocks of day-old scores only', async () => {
    const [who] = await annotators(server.ctx, 1, 'feedback');
    // 12 gold items among live work (gold is only served among live items), at a rate and gap that
    // bring all 12 in the first fetches; the annotator gets the first 10 right and the last 2 wrong.
    const p = await textProject(server.ctx, { items: 12 + 60, annotatorIds: [who!.id] });
    await server.ctx.db.update(projects).set({ goldRate: 0.5, goldMinGap: 0 }).where(eq(projects.id, p.id));
    const version = await currentGuideline(server.ctx.db, p.id);
    const goldIds = new Set(p.itemIds.slice(0, 12));
    for (const itemId of goldIds)
      await server.ctx.db
        .insert(goldAnswers)
        .values({ itemId, projectId: p.id, answer: { shapes: [], spans: [], classes: ['sports'] }, guidelineVersionId: version!.id });
    await grantRole(server.ctx, p.id, server.demo.userIds[LEAD]!, 'lead');
    const lead = await server.as(LEAD);
    let annotator = await server.as(who!.email);
    const mine = async () => {
      const res = await annotator.get(`/api/projects/${p.id}/my-accuracy`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return OwnAccuracyView.parse(res.body);
    };

    expect(await mine()).toMatchObject({ enabled: false, accuracy: null, basedOn: 0 });
    expect((await lead.put(`/api/projects/${p.id}/queue-settings`, { goldFeedback: true })).body.settings.goldFeedback).toBe(true);

    const realNow = server.ctx.now;
    const start = realNow().getTime();
    try {
      let gold = 0;
      let k = 0;
      while (gold < 12) {
        const { items, guidelineVersionId } = await queueOf(annotator, p.id);
        expect(items.length).toBeGreaterThan(0);
        for (const item of items) {
          server.ctx.now = () => new Date(start + k++ * 60_000);
          const right = !goldIds.has((await handlesOf(annotator, p.id)).real(item.id)) || gold++ < 10;
          expect((await sync(annotator, submission(p.id, item.id, guidelineVersionId, { classes: [right ? 'sports' : 'politics'] }))).status).toBe(200);
        }
      }
      // Just scored: nothing yet, whatever was right or wrong.
      expect(await mine()).toMatchObject({ enabled: true, accuracy: null, basedOn: 0, block: 10, delayHours: 24 });
      // Two days after the last score (a day, plus up to a day of jitter per score): the first whole
      // block (ten right answers) counts; the two wrong ones wait for a block of their own. From the
      // last save, not the first: how many items it took to meet twelve gold depends on the queue's order.
      server.ctx.now = () => new Date(start + k * 60_000 + 49 * 3_600_000);
      annotator = await server.as(who!.email); // the earlier sign-in has expired by now
      expect(await mine()).toMatchObject({ accuracy: 1, basedOn: 10 });
    } finally {
      server.ctx.now = realNow;
    }
    // Leads do not use this route (they have the dashboard).
    expect((await lead.get(`/api/projects/${p.id}/my-accuracy`)).status).toBe(403);
  });
});
