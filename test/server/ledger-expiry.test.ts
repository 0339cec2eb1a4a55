import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutations } from '../../src/server/db/schema.ts';
import { expireLedger } from '../../src/server/sync/ledger-expiry.ts';
import { ANNOTATOR, engines, startTestServer, type TestServer } from './harness.ts';
import { submission, sync } from './fixtures.ts';
import { textProject } from './sync-fixtures.ts';

const DAY = 86_400_000;

// The mutation ledger is bounded: what it remembers for a replay is kept for the retention
// (90 days by default), then deleted, so it does not grow with every save ever made.
describe.each(engines)('mutation ledger expiry on %s', (engine) => {
  let server: TestServer;
  let clock = Date.parse('2026-03-02T09:00:00.000Z');
  beforeAll(async () => {
    server = await startTestServer(engine, { now: () => new Date(clock) });
  });
  afterAll(async () => server?.close());

  it('answers a replay with the first answer for the whole retention, then forgets the id (and only ids that old)', async () => {
    const userId = server.demo.userIds[ANNOTATOR] as string;
    const p = await textProject(server.ctx, { items: 2, annotatorIds: [userId] });
    let annotator = await server.as(ANNOTATOR);
    const [a, b] = (await annotator.post(`/api/projects/${p.id}/queue?limit=2`)).body.items as Array<{ id: string }>;
    const old = submission(p.id, a!.id, p.guidelineVersionId, { classes: ['sports'] });
    const first = (await sync(annotator, old)).body.results[0];
    expect(first.status).toBe('applied');
    clock += 60 * DAY;
    annotator = await server.as(ANNOTATOR); // sessions last hours, not months
    const recent = submission(p.id, b!.id, p.guidelineVersionId, { classes: ['science'] });
    expect((await sync(annotator, recent)).body.results[0].status).toBe('applied');

    clock += 29 * DAY; // 89 days after the first save: still remembered
    annotator = await server.as(ANNOTATOR);
    expect(await expireLedger(server.ctx)).toBe(0);
    expect((await sync(annotator, old)).body.results[0]).toEqual({ ...first, status: 'duplicate' });

    clock += 2 * DAY; // 91 days: the first id is forgotten, the one from day 60 is not
    annotator = await server.as(ANNOTATOR);
    expect(await expireLedger(server.ctx)).toBe(1);
    expect(await server.ctx.db.$count(mutations, eq(mutations.id, old.id))).toBe(0);
    expect(await server.ctx.db.$count(mutations, eq(mutations.id, recent.id))).toBe(1);
    expect((await sync(annotator, recent)).body.results[0].status).toBe('duplicate');
  });

  it('deletes a bounded batch per call, so one run never holds the table long', async () => {
    const rows = await server.ctx.db.$count(mutations);
    clock += 365 * DAY;
    expect(await expireLedger(server.ctx, { batch: 1 })).toBe(Math.min(1, rows));
    expect(await server.ctx.db.$count(mutations)).toBe(Math.max(0, rows - 1));
  });
});
