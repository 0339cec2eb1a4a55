// Heavy CPU work runs on worker threads, not on the thread that answers requests: the outline checks
// of a large sync request, gold scoring and a large request's quiz scoring go through the app's pool (a pool that counts its tasks
// stands in front of the real one), the answers are the domain's, and the threads end with the app.
// Moving either back onto the request thread fails the first two tests. PGlite only: no engine logic.
import { scoringRunner } from '../../src/server/gold/gold-scoring.ts';
import { and, eq } from 'drizzle-orm';
import { scorePair } from '../../src/domain/dashboard/score-pair.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutline } from '../../src/domain/geometry/polygon.ts';
import { LIMITS } from '../../src/domain/validation/limits.ts';
import { createCpuPool, type CpuPool } from '../../src/server/cpu/pool.ts';
import { scoreQuiz } from '../../src/server/cpu/tasks.ts';
import { annotations, goldAnswers, goldScores, items, quizScores } from '../../src/server/db/schema.ts';
import { box, handlesOf, queueOf, submission, sync } from './fixtures.ts';
import { ANNOTATOR, ANNOTATOR2, LEAD, startTestServer, type TestServer } from './harness.ts';
import { textProject } from './sync-fixtures.ts';

/** A simple star of n vertices inside a w×h image. */
const star = (n: number, w: number, h: number): Array<[number, number]> =>
  Array.from({ length: n }, (_, i) => {
    const r = (Math.min(w, h) / 2 - 2) * (i % 2 ? 0.5 : 1);
    const a = (2 * Math.PI * i) / n;
    return [Math.round((w / 2 + r * Math.cos(a)) * 100) / 100, Math.round((h / 2 + r * Math.sin(a)) * 100) / 100];
  });

const QUIZ_SENTINEL = 0.4242;

describe('CPU-heavy work on worker threads', () => {
  let server: TestServer;
  let real: CpuPool;
  const tasks: string[] = [];
  beforeAll(async () => {
    real = createCpuPool(1);
    const counting: CpuPool = {
      threads: 2,
      liveThreads: () => real.liveThreads(),
      run: (task, arg) => {
        tasks.push(task);
        // A quiz score no scoring gives: stored, it can only have come from the pool.
        if (task === 'scoreQuiz') return Promise.resolve(QUIZ_SENTINEL as never);
        return real.run(task, arg);
      },
      close: () => real.close(),
    };
    server = await startTestServer('pglite', { cpu: counting });
  });
  afterAll(async () => {
    await server?.close();
    await real?.close();
  });
  const uid = (email: string) => server.demo.userIds[email] as string;

  it('checks the outlines of a large request on the pool, with the domain answer', async () => {
    const annotator = await server.as(ANNOTATOR);
    const p = server.demo.imageProjectId;
    const { items, guidelineVersionId } = await queueOf(annotator, p);
    const [a, b] = items as [(typeof items)[0], (typeof items)[0]];
    const points = (item: typeof a) => star(LIMITS.verticesPerPolygon, item.image!.width, item.image!.height);
    const shapes = (item: typeof a, n: number) =>
      Array.from({ length: n }, (_, k) => ({ id: `s${k}`, kind: 'polygon', label: 'cup', points: points(item), attributes: {} }));

    // One crossing outline among ten: refused, naming it.
    const crossing = points(a);
    [crossing[100], crossing[300]] = [crossing[300]!, crossing[100]!];
    const bad = shapes(a, 10);
    bad[7]!.points = crossing;
    const before = await server.ctx.db.$count(annotations);
    tasks.length = 0;
    const refused = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [submission(p, a.id, guidelineVersionId, { shapes: bad as never })] });
    expect(refused.status).toBe(400);
    expect(tasks.filter((t) => t === 'checkOutlines').length).toBeGreaterThan(0);
    expect(refused.body.error.details.results[0].problems).toEqual([{ path: 'shapes[7].points', message: checkOutline(crossing).problems[0] }]);
    expect(await server.ctx.db.$count(annotations)).toBe(before);

    // Ten simple ones (50,000 vertices, the most a request carries): applied.
    tasks.length = 0;
    const m = submission(p, b.id, guidelineVersionId, { shapes: shapes(b, 10) as never });
    const applied = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [m] });
    expect(applied.status).toBe(200);
    expect(applied.body.results[0].status).toBe('applied');
    expect(tasks).toContain('checkOutlines');
    // Its ledger hash was taken on the pool too: the same body again is a duplicate, another body a conflict.
    expect(tasks).toContain('hashBodies');
    const again = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [m] });
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', result: applied.body.results[0].result });
    const other = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [{ ...m, durationMs: 1234 }] });
    expect(other.status).toBe(409);
  });

  it("checks a lead's large gold answer on the pool too", async () => {
    const lead = await server.as(LEAD);
    const p = server.demo.imageProjectId;
    const [row] = await server.ctx.db.select().from(items).where(eq(items.projectId, p)).limit(1);
    const item = row!;
    const crossing = star(2500, row!.width!, row!.height!);
    [crossing[10], crossing[900]] = [crossing[900]!, crossing[10]!];
    tasks.length = 0;
    const res = await lead.put(`/api/projects/${p}/gold-set/items/${item.id}`, {
      answer: { shapes: [{ id: 'g', kind: 'polygon', label: 'cup', points: crossing, attributes: {} }] },
      justification: 'Traced by hand.',
    });
    expect(res.status).toBe(400);
    expect(tasks).toContain('checkOutlines');
    expect(res.body.error.details.problems).toEqual([{ path: 'shapes[0].points', message: checkOutline(crossing).problems[0] }]);
  });

  it("scores a large request's quiz answer on the pool, before its transaction, and stores that score", async () => {
    const lead = await server.as(LEAD);
    const annotator = await server.as(ANNOTATOR2);
    const p = server.demo.imageProjectId;
    const [row] = await server.ctx.db.select().from(items).where(eq(items.projectId, p)).limit(1);
    const item = row!;
    const truth = { shapes: [box('cup', 10, 10, 40, 40, 'g1'), box('cup', 100, 100, 40, 40, 'g2')], spans: [], classes: [] };
    expect((await lead.put(`/api/projects/${p}/gold-set/items/${item.id}`, { answer: truth, justification: 'Two cups.' })).status).toBe(200);
    expect((await lead.put(`/api/projects/${p}/queue-settings`, { quizAdd: [item.id] })).status).toBe(200);
    // Until it passes the quiz, the annotator is served the quiz alone.
    const { guidelineVersionId } = await queueOf(annotator, p);
    // 600 boxes (2,400 vertices) piled on the first cup: every one is a candidate for it.
    const shapes = Array.from({ length: 600 }, (_, k) => box('cup', 10 + (k % 5), 10 + (k % 7), 40, 40, `s${k}`));
    const handle = (await handlesOf(annotator, p)).handle(item.id);
    tasks.length = 0;
    const res = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [submission(p, handle, guidelineVersionId, { shapes })] });
    expect(res.status).toBe(200);
    expect(res.body.results[0].status).toBe('applied');
    expect(tasks).toContain('scoreQuiz');
    const [stored] = await server.ctx.db
      .select()
      .from(quizScores)
      .where(and(eq(quizScores.itemId, item.id), eq(quizScores.userId, uid(ANNOTATOR2))));
    expect(stored?.score).toBe(QUIZ_SENTINEL);
    // What the pool runs is the domain's score (the same function scores a small request in place).
    expect(scoreQuiz({ truth, answer: { shapes, spans: [], classes: [] }, iouThreshold: 0.5 })).toBe(
      scorePair(truth, { shapes, spans: [], classes: [] }, 0.5).score,
    );
  });

  it('scores gold on the pool', async () => {
    const proj = await textProject(server.ctx, { items: 2, annotatorIds: [uid(ANNOTATOR)] });
    const annotator = await server.as(ANNOTATOR);
    const { items, guidelineVersionId } = await queueOf(annotator, proj.id);
    const handles = await handlesOf(annotator, proj.id);
    for (const i of items)
      await server.ctx.db
        .insert(goldAnswers)
        .values({ itemId: handles.real(i.id), projectId: proj.id, answer: { shapes: [], spans: [], classes: ['politics'] }, guidelineVersionId });
    // An earlier test's save may be a demo gold item still waiting to be scored: score it first, so
    // only this test's two are counted.
    await scoringRunner(server.ctx).flush();
    tasks.length = 0;
    await sync(annotator, ...items.map((i, k) => submission(proj.id, i.id, guidelineVersionId, { classes: [k === 0 ? 'politics' : 'sports'] })));
    expect(tasks.filter((t) => t === 'scoreGold')).toHaveLength(2);
    const scores = await server.ctx.db.select().from(goldScores).where(eq(goldScores.projectId, proj.id));
    expect(scores.map((s) => s.score).sort()).toEqual([0, 1]);
  });
});

describe('the worker pool ends with the server', () => {
  it('leaves no thread behind when the app closes', async () => {
    const server = await startTestServer('pglite', {}, { config: { cpuThreads: 1 } });
    const pool = server.ctx.cpu!;
    expect(pool).toBeDefined();
    await pool.run('spin', 1);
    expect(pool.liveThreads()).toBe(1);
    await server.close();
    expect(pool.liveThreads()).toBe(0);
    expect(server.ctx.cpu).toBeUndefined();
  });
});
