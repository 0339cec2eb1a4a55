// Background work never fails silently: one malformed gold answer once left 0 of 4 gold submissions
// scored, forever, with no message. Now each row is scored alone: the good ones are scored, the bad
// one is retried, then parked with its error (logged with context: the sync request's id, the row,
// item, project and annotator), and /api/health shows it.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../src/server/deferred/deferred-runner.ts';
import { goldAnswers, goldScores, pendingScores } from '../../src/server/db/schema.ts';
import { scoringRunner } from '../../src/server/gold/gold-scoring.ts';
import { handlesOf, queueOf, submission } from './fixtures.ts';
import { ANNOTATOR, engines, startTestServer, type TestServer } from './harness.ts';
import { textProject } from './sync-fixtures.ts';

describe.each(engines)('deferred runners isolate each row on %s', (engine) => {
  let server: TestServer;
  const logged: Array<{ details: object; message: string }> = [];
  beforeAll(async () => {
    server = await startTestServer(engine, { log: { error: (details, message) => logged.push({ details, message }) } });
  });
  afterAll(async () => server?.close());
  const uid = (email: string) => server.demo.userIds[email] as string;

  it('scores the good rows, parks the bad one with its error after retries, and shows it in /api/health', async () => {
    const p = await textProject(server.ctx, { items: 4, annotatorIds: [uid(ANNOTATOR)] });
    const annotator = await server.as(ANNOTATOR);
    const { items, guidelineVersionId } = await queueOf(annotator, p.id);
    // Real ids, as the database and the log name them; the annotator submits by their own handles.
    const handles = await handlesOf(annotator, p.id);
    const ids = items.map((i) => handles.real(i.id));
    const [bad, ...good] = ids as [string, ...string[]];
    for (const id of good)
      await server.ctx.db
        .insert(goldAnswers)
        .values({ itemId: id, projectId: p.id, answer: { shapes: [], spans: [], classes: ['politics'] }, guidelineVersionId });
    // Malformed as an import gone wrong might leave it: no lists where lists belong.
    await server.ctx.db
      .insert(goldAnswers)
      .values({ itemId: bad, projectId: p.id, answer: { shapes: 7, spans: null, classes: 'x' } as never, guidelineVersionId });

    // The sync request's id (a proxy's, here) is kept with the queued rows and logged with the failure.
    const sent = await annotator.post(
      '/api/sync',
      { schemaVersion: 1, mutations: ids.map((id) => submission(p.id, handles.handle(id), guidelineVersionId, { classes: ['politics'] })) },
      { 'x-request-id': 'proxy-req-42' },
    );
    expect(sent.headers['x-request-id']).toBe('proxy-req-42');
    await scoringRunner(server.ctx).flush();

    const scored = await server.ctx.db.select().from(goldScores).where(eq(goldScores.projectId, p.id));
    expect(scored.map((s) => s.itemId).sort()).toEqual([...good].sort());
    const left = await server.ctx.db.select().from(pendingScores);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ attempts: MAX_ATTEMPTS, parkedAt: expect.any(Date), lastError: expect.stringMatching(/\w/) });
    expect(logged.filter((l) => l.message === 'gold scoring failed for one submission')).toHaveLength(MAX_ATTEMPTS);
    expect(logged[0]?.details).toMatchObject({
      requestId: 'proxy-req-42',
      revisionId: expect.any(String),
      itemId: bad,
      projectId: p.id,
      userId: uid(ANNOTATOR),
      parked: false,
    });
    expect(logged[MAX_ATTEMPTS - 1]?.details).toMatchObject({ requestId: 'proxy-req-42', attempt: MAX_ATTEMPTS, parked: true });

    const health = await server.anonymous().get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.backlog.scoring).toMatchObject({ pending: 0, parked: 1 });
  });
});
