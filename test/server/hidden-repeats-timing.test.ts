import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../../src/domain/metrics/rank-test.ts';
import { projects } from '../../src/server/db/schema.ts';
import { currentGuideline } from '../../src/server/guidelines/guidelines.ts';
import { seeded } from '../domain/queue/seeded.ts';
import { handlesOf, submission } from './fixtures.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// A hidden repeat must not answer faster or slower than a first-time item, or an annotator timing
// their own saves could spot repeats. With no shadow run at all a repeat answered in under half the
// time (21 vs 49 ms median); with the ordinary path run in full and then the repeat's own writes
// on top, ~16-27 % slower (1.16 here, 1.27 on CI; Mann–Whitney p ≈ 0). Now both paths pay the same
// statements (sync/repeat.ts) and the medians agree within ~3 % (p 0.02-0.4 over runs); the test
// fails on a gap over 12 % that is also significant (p < 0.01), as both earlier versions were. PGlite only, like gold-timing.test.ts.
describe('hidden repeat vs first-time sync response times', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { random: seeded(20261123) });
  });
  afterAll(async () => server?.close());

  it('stay within an eighth of each other', async () => {
    const [who] = await annotators(server.ctx, 1, 'repeat-timing');
    const p = await textProject(server.ctx, { items: 700, annotatorIds: [who!.id] });
    await server.ctx.db.update(projects).set({ repeatRate: 0.2, repeatMinGap: 1, reviewRate: 0.3 }).where(eq(projects.id, p.id));
    const version = await currentGuideline(server.ctx.db, p.id);
    const firstTime = new Set(p.itemIds);
    const annotator = await server.as(who!.email);
    const handles = await handlesOf(annotator, p.id);

    const times = { repeat: [] as number[], fresh: [] as number[] };
    for (let round = 0; round < 40 && times.repeat.length < 120; round++) {
      const queue = await annotator.post(`/api/projects/${p.id}/queue?limit=20`);
      for (const item of queue.body.items as Array<{ id: string }>) {
        const m = submission(p.id, item.id, version!.id, { classes: ['sports'], spans: [{ id: 's', label: 'per', start: 0, end: 8 }] });
        const start = performance.now();
        const res = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [m] });
        const ms = performance.now() - start;
        expect(res.status).toBe(200);
        expect(res.body.results[0].status).toBe('applied');
        times[firstTime.has(handles.real(item.id)) ? 'fresh' : 'repeat'].push(ms);
      }
    }
    expect(times.repeat.length).toBeGreaterThan(80);
    const test = mannWhitneyU(times.repeat, times.fresh);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(times.repeat) / median(times.fresh);
    console.log(
      `sync response: repeat median ${median(times.repeat).toFixed(2)} ms (n ${times.repeat.length}), first-time ${median(times.fresh).toFixed(2)} ms (n ${times.fresh.length}); ratio ${ratio.toFixed(3)}; Mann–Whitney p = ${test.p.toFixed(4)}`,
    );
    // A gap counts when it is both large and real: a busy machine moves one median by ~10 % at
    // p ≈ 0.2; the old paths showed 16-27 % at p < 0.0001.
    const gap = ratio < 0.88 || ratio > 1.12;
    expect(gap && test.p < 0.01, `a ${((ratio - 1) * 100).toFixed(1)} % gap at p = ${test.p.toFixed(4)}`).toBe(false);
  }, 600_000);
});
