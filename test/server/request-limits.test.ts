// Limits per request: a sync carrying 130 five-thousand-vertex stars (650,000 vertices) is refused at
// once with 413 and a plain message, before any polygon is checked, and nothing is written; an
// over-large body is refused with 413. PGlite only: no engine logic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/domain/validation/limits.ts';
import { mutations as ledger } from '../../src/server/db/schema.ts';
import { queueOf, submission } from './fixtures.ts';
import { ANNOTATOR, startTestServer, type TestServer } from './harness.ts';

const star = (n: number): Array<[number, number]> =>
  Array.from({ length: n }, (_, i) => {
    const r = i % 2 ? 100 : 200;
    const a = (2 * Math.PI * i) / n;
    return [250 + r * Math.cos(a), 250 + r * Math.sin(a)];
  });

describe('per-request limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => server?.close());

  it('refuses 130 × 5,000-vertex polygons at once with 413, writing nothing', async () => {
    const annotator = await server.as(ANNOTATOR);
    const { items, guidelineVersionId } = await queueOf(annotator, server.demo.imageProjectId);
    const points = star(LIMITS.verticesPerPolygon).map(([x, y]): [number, number] => [Math.round(x * 100) / 100, Math.round(y * 100) / 100]);
    const shapes = Array.from({ length: 130 }, (_, k) => ({ id: `s${k}`, kind: 'polygon', label: 'cup', points, attributes: {} }));
    const m = submission(server.demo.imageProjectId, items[0]!.id, guidelineVersionId, { shapes: shapes as never });
    const before = await server.ctx.db.$count(ledger);
    const t0 = performance.now();
    const res = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [m] });
    const ms = performance.now() - t0;
    // ~10 MB of JSON: refused by size before it is even parsed.
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/too large/);
    expect(await server.ctx.db.$count(ledger)).toBe(before);
    console.log(`130 × 5,000-vertex sync refused in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(3000); // a loaded CI box; the checked request took 22 s

    // Under the byte limit but over the vertex total (20 stars on whole pixels, ~1 MB): refused by count.
    const whole = points.map(([x, y]): [number, number] => [Math.round(x), Math.round(y)]);
    const twenty = shapes.slice(0, 20).map((s) => ({ ...s, points: whole }));
    const m2 = submission(server.demo.imageProjectId, items[0]!.id, guidelineVersionId, { shapes: twenty as never });
    const t1 = performance.now();
    const counted = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [m2] });
    console.log(`20 × 5,000-vertex sync refused in ${(performance.now() - t1).toFixed(0)} ms`);
    expect(counted.status).toBe(413);
    expect(counted.body.error.message).toBe(
      'This request carries 100,000 polygon vertices; at most 50,000 are accepted per request. Send the work in smaller batches.',
    );
    expect(await server.ctx.db.$count(ledger)).toBe(before);
  });

  it('refuses a body over the sync limit with 413', async () => {
    const annotator = await server.as(ANNOTATOR);
    const res = await annotator.post('/api/sync', `{"schemaVersion":1,"mutations":[],"pad":"${'x'.repeat(LIMITS.syncBodyBytes)}"}`, {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/too large/);
  });
});
