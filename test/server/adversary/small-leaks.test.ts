import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submission } from '../fixtures.ts';
import { ANNOTATOR, engines, startTestServer, type TestServer } from '../harness.ts';
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
});
