import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../../src/domain/metrics/rank-test.ts';
import { goldAnswers, projects } from '../../src/server/db/schema.ts';
import { scoringRunner } from '../../src/server/gold/gold-scoring.ts';
import { currentGuideline } from '../../src/server/guidelines/guidelines.ts';
import { handlesOf, submission } from './fixtures.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// Response times must not tell gold from live: an annotator timing their own sync calls
// over a thousand submissions sees no difference between gold and live items (Mann–Whitney U,
// two-sided). Scoring gold inside the sync transaction made gold answers ~5% slower — detectable
// here — which is why the sync only queues every submission alike and scoring runs after the commit.
// PGlite only: it is the slower engine, where extra work shows most.
describe('gold vs live sync response times', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => server?.close());

  it('do not differ over a thousand submissions', async () => {
    const [who] = await annotators(server.ctx, 1, 'timing');
    const p = await textProject(server.ctx, { items: 1000, annotatorIds: [who!.id] });
    // Half the project is gold, served at random positions among the live items; review sampling
    // and hidden repeats on, as a demanding project runs (sampling is done after the commit; a
    // repeat's work in the sync is the same as a first-time item's).
    await server.ctx.db.update(projects).set({ goldRate: 0.5, goldMinGap: 0, reviewRate: 0.3, repeatRate: 0.1, repeatMinGap: 5 }).where(eq(projects.id, p.id));
    const version = await currentGuideline(server.ctx.db, p.id);
    const gold = new Set(p.itemIds.filter((_, i) => i % 2 === 0));
    await server.ctx.db.insert(goldAnswers).values(
      [...gold].map((itemId) => ({
        itemId,
        projectId: p.id,
        answer: { shapes: [], spans: [{ id: 'g', label: 'per', start: 0, end: 8 }], classes: ['politics'] },
        guidelineVersionId: version!.id,
      })),
    );
    const annotator = await server.as(who!.email);
    const handles = await handlesOf(annotator, p.id);

    const times = { gold: [] as number[], live: [] as number[] };
    for (let round = 0; round < 12 && times.gold.length + times.live.length < 1000; round++) {
      const queue = await annotator.post(`/api/projects/${p.id}/queue?limit=100`);
      for (const item of queue.body.items as Array<{ id: string }>) {
        // The same answer everywhere: what differs is only whether the item is gold.
        const m = submission(p.id, item.id, version!.id, { classes: ['sports'], spans: [{ id: 's', label: 'per', start: 0, end: 8 }] });
        const start = performance.now();
        const res = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [m] });
        const ms = performance.now() - start;
        expect(res.status).toBe(200);
        // What the annotator cannot tell from gold is everything else they are served: repeats count as live.
        times[gold.has(handles.real(item.id)) ? 'gold' : 'live'].push(ms);
      }
    }
    await scoringRunner(server.ctx).flush();
    expect(times.gold.length).toBeGreaterThan(400);
    expect(times.live.length).toBeGreaterThan(400);
    const test = mannWhitneyU(times.gold, times.live);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(
      `sync response: gold median ${median(times.gold).toFixed(2)} ms (n ${times.gold.length}), live ${median(times.live).toFixed(2)} ms (n ${times.live.length}); Mann–Whitney p = ${test.p.toFixed(4)}`,
    );
    expect(test.p).toBeGreaterThan(0.001);
  }, 600_000);
});
