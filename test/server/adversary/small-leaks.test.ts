import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submission } from '../fixtures.ts';
import { scoringRunner } from '../../../src/server/gold/gold-scoring.ts';
import { grantRole } from '../../../src/server/admin/create.ts';
import { ANNOTATOR, engines, LEAD, startTestServer, type TestServer } from '../harness.ts';
import { attackProject } from './attack.ts';

// The smaller channels: each is one request or two, so each is shown by what it answers.
describe.each(engines)('adversary: small leaks on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  }, 120_000);
  afterAll(async () => server?.close());

  it('refuses a mutation id sent again with a different body as a conflict, and answers the same body as a duplicate', async () => {
    const userId = server.demo.userIds[ANNOTATOR] as string;
    const p = await attackProject(server, { name: 'Adversary ids', live: 20, gold: 2, annotatorIds: [userId] });
    const annotator = await server.as(ANNOTATOR);
    const [item] = (await annotator.post(`/api/projects/${p.id}/queue?limit=5`)).body.items;
    const first = submission(p.id, item.id, p.guidelineVersionId, { classes: ['sports'] });
    const sent = async (m: unknown) => {
      const res = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [m] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.results[0];
    };
    expect((await sent(first)).status).toBe('applied');
    expect((await sent(first)).status).toBe('duplicate');
    // Alone in its batch, the refusal is the whole answer: 409, the result in the details.
    const other = { ...first, payload: { ...first.payload, classes: ['politics'] } };
    const refused = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [other] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.results[0]).toMatchObject({ id: first.id, status: 'rejected', code: 'conflict' });
    // Inside one batch too: the second body under the same id is refused.
    const fresh = submission(p.id, item.id, p.guidelineVersionId, { classes: ['science'] });
    const both = (
      await annotator.post('/api/sync', { schemaVersion: 1, mutations: [fresh, { ...fresh, payload: { ...fresh.payload, classes: ['culture'] } }] })
    ).body.results;
    expect(both.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected']);
    expect(both[1].code).toBe('conflict');
  }, 120_000);

  it('bounds resubmitting one item, gold or live alike: a burst of 20 revisions stores only the hourly allowance', async () => {
    const userId = server.demo.userIds[ANNOTATOR] as string;
    // Gold only at the start of import, and a rate that serves it: both kinds reach the annotator.
    const p = await attackProject(server, {
      name: 'Adversary resubmit',
      live: 30,
      gold: 10,
      annotatorIds: [userId],
      settings: { goldRate: 0.3, goldMinGap: 0 },
    });
    const annotator = await server.as(ANNOTATOR);
    const served = (await annotator.post(`/api/projects/${p.id}/queue?limit=40`)).body.items as Array<{ id: string; text: string }>;
    const gold = served.find((i) => p.goldText.has(i.text));
    const live = served.find((i) => !p.goldText.has(i.text));
    expect(gold && live).toBeTruthy();
    for (const item of [gold!, live!]) {
      const burst = Array.from({ length: 20 }, (_, k) => submission(p.id, item.id, p.guidelineVersionId, { classes: [k % 2 ? 'sports' : 'politics'] }));
      const res = await annotator.post('/api/sync', { schemaVersion: 1, mutations: burst });
      expect(res.status).toBe(200);
      const statuses = (res.body.results as Array<{ status: string }>).map((r) => r.status);
      expect(statuses.filter((x) => x === 'applied')).toHaveLength(5);
      expect(statuses.slice(5).every((x) => x === 'rejected')).toBe(true);
    }
  }, 120_000);
  it("numbers an annotator's revisions by their own saves: a reviewer's correction (live only) shows in neither the number nor the hourly allowance", async () => {
    const uid = (who: string) => server.demo.userIds[who] as string;
    const p = await attackProject(server, {
      name: 'Adversary revisions',
      live: 30,
      gold: 10,
      annotatorIds: [uid(ANNOTATOR)],
      settings: { goldRate: 0.3, goldMinGap: 0, reviewRate: 1 },
    });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const annotator = await server.as(ANNOTATOR);
    const lead = await server.as(LEAD);
    const served = (await annotator.post(`/api/projects/${p.id}/queue?limit=40`)).body.items as Array<{ id: string; text: string }>;
    const gold = served.find((i) => p.goldText.has(i.text))!;
    const live = served.find((i) => !p.goldText.has(i.text))!;
    const save = async (item: { id: string }, n: number) => {
      const burst = Array.from({ length: n }, (_, k) => submission(p.id, item.id, p.guidelineVersionId, { classes: [k % 2 ? 'sports' : 'politics'] }));
      const res = await annotator.post('/api/sync', { schemaVersion: 1, mutations: burst });
      expect(res.status).toBe(200);
      return (res.body.results as Array<{ status: string; result?: { revision: number } }>).map((r) => r.result?.revision ?? r.status);
    };
    expect(await save(gold, 1)).toEqual([1]);
    expect(await save(live, 1)).toEqual([1]);
    // Gold is never sampled for review; the live label is (after the commit), and the lead corrects it.
    await scoringRunner(server.ctx).flush();
    const reviews = (await lead.get(`/api/projects/${p.id}/reviews`)).body.reviews as Array<{ id: string; item: { text: string } }>;
    expect(reviews.map((r) => p.goldText.has(r.item.text))).toEqual([false]);
    const corrected = await lead.post(`/api/projects/${p.id}/reviews/${reviews[0]!.id}/decision`, {
      action: 'correct',
      payload: { shapes: [], spans: [], classes: ['business'] },
    });
    expect(corrected.status).toBe(200);
    // Both items answer alike from here on: revisions 2 to 5, then the hourly bound.
    expect(await save(gold, 5)).toEqual([2, 3, 4, 5, 'rejected']);
    expect(await save(live, 5)).toEqual([2, 3, 4, 5, 'rejected']);
  }, 120_000);
});
