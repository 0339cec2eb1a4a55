// GET /api/metrics: Prometheus text for instance administrators only (a session, or an
// administrator's read-only token, as a scrape job sends it); request latency by route and status
// class, sync outcomes by code, queue fetches, and each deferred runner's backlog size and age.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingScores } from '../../src/server/db/schema.ts';
import { scoringRunner } from '../../src/server/gold/gold-scoring.ts';
import { agreementRunner } from '../../src/server/agreement/agreement-items.ts';
import { queueOf, submission, sync } from './fixtures.ts';
import { ADMIN, ANNOTATOR, LEAD, engines, startTestServer, type TestServer } from './harness.ts';
import { textProject } from './sync-fixtures.ts';

/** The value of one sample line, e.g. sample(text, 'x_total{a="b"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(engines)('metrics on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());
  const uid = (email: string) => server.demo.userIds[email] as string;

  it('is for instance administrators only', async () => {
    expect((await server.anonymous().get('/api/metrics')).status).toBe(401);
    expect((await (await server.as(ANNOTATOR)).get('/api/metrics')).status).toBe(403);
    expect((await (await server.as(LEAD)).get('/api/metrics')).status).toBe(403);
    const admin = await server.as(ADMIN);
    const res = await admin.get('/api/metrics');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
    // A scrape job's credential: an administrator's read-only token.
    const token = (await admin.post('/api/tokens', { name: 'prometheus', expiresInDays: 30, scope: 'read' })).body.token as string;
    expect((await server.bearer(token).get('/api/metrics')).status).toBe(200);
  });

  it('counts latency by route, sync outcomes by code, queue fetches, and shows the backlog', async () => {
    const p = await textProject(server.ctx, { items: 3, annotatorIds: [uid(ANNOTATOR)] });
    const annotator = await server.as(ANNOTATOR);
    const { items, guidelineVersionId } = await queueOf(annotator, p.id);
    const good = submission(p.id, items[0]!.id, guidelineVersionId, { classes: ['politics'] });
    const bad = submission(p.id, items[1]!.id, guidelineVersionId, { classes: ['no-such-label'] });
    await annotator.post('/api/sync', { schemaVersion: 1, mutations: [good, bad] });
    await annotator.post('/api/sync', { schemaVersion: 1, mutations: [good] });

    const admin = await server.as(ADMIN);
    const before = (await admin.get('/api/metrics')).body as string;
    expect(sample(before, 'touchstone_sync_mutations_total{outcome="applied",code=""}')).toBe(1);
    expect(sample(before, 'touchstone_sync_mutations_total{outcome="duplicate",code=""}')).toBe(1);
    expect(sample(before, 'touchstone_sync_mutations_total{outcome="rejected",code="invalid"}')).toBe(1);
    expect(sample(before, 'touchstone_queue_fetches_total{status_class="2xx"}')).toBeGreaterThanOrEqual(1);
    expect(sample(before, 'touchstone_http_request_duration_seconds_count{method="POST",route="/api/sync",status_class="2xx"}')).toBe(2);
    expect(
      sample(before, 'touchstone_http_request_duration_seconds_count{method="GET",route="/api/projects/:projectId",status_class="2xx"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(before, 'touchstone_event_loop_delay_seconds{quantile="0.99"}')).toBeGreaterThanOrEqual(0);

    // The backlog, as the database holds it: nothing once the runners are done; then a row waiting
    // for two minutes, then the same row parked.
    await sync(annotator);
    const settled = (await admin.get('/api/metrics')).body as string;
    expect(sample(settled, 'touchstone_deferred_backlog_rows{runner="scoring",state="pending"}')).toBe(0);
    expect(sample(settled, 'touchstone_deferred_backlog_oldest_seconds{runner="scoring"}')).toBe(0);
    const revisionId = (await annotator.post('/api/sync', { schemaVersion: 1, mutations: [good] })).body.results[0].result.revisionId as string;
    await scoringRunner(server.ctx).flush();
    await agreementRunner(server.ctx).flush();
    await server.ctx.db.insert(pendingScores).values({ revisionId, queuedAt: new Date(server.ctx.now().getTime() - 120_000) });
    const waiting = (await admin.get('/api/metrics')).body as string;
    expect(sample(waiting, 'touchstone_deferred_backlog_rows{runner="scoring",state="pending"}')).toBe(1);
    expect(sample(waiting, 'touchstone_deferred_backlog_oldest_seconds{runner="scoring"}')).toBeGreaterThanOrEqual(120);
    await server.ctx.db
      .update(pendingScores)
      .set({ attempts: 3, parkedAt: server.ctx.now(), lastError: 'Error: x' })
      .where(eq(pendingScores.revisionId, revisionId));
    const parked = (await admin.get('/api/metrics')).body as string;
    expect(sample(parked, 'touchstone_deferred_backlog_rows{runner="scoring",state="pending"}')).toBe(0);
    expect(sample(parked, 'touchstone_deferred_backlog_rows{runner="scoring",state="parked"}')).toBe(1);
    expect(sample(parked, 'touchstone_deferred_backlog_rows{runner="agreement",state="pending"}')).toBe(0);
  });
});
