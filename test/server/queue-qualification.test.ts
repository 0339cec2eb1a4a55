import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldAnswers } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { currentGuideline } from '../../src/server/guidelines/guidelines.ts';
import { handlesOf, submission, sync } from './fixtures.ts';
import { engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// Qualification: with quiz items set, an annotator is served only the quiz until they pass it;
// the quiz is scored at sync time; they learn pass/fail and their score, never the answers.
describe.each(engines)('qualification quiz on %s', (engine) => {
  let server: TestServer;
  let projectId = '';
  let quizIds: string[] = [];
  let guidelineVersionId = '';
  let people: Array<{ id: string; email: string }> = [];
  beforeAll(async () => {
    server = await startTestServer(engine);
    people = await annotators(server.ctx, 2, `quiz-${engine}`);
    const p = await textProject(server.ctx, { items: 20, annotatorIds: people.map((x) => x.id), name: 'Quiz' });
    projectId = p.id;
    await grantRole(server.ctx, projectId, server.demo.userIds[LEAD] as string, 'lead');
    guidelineVersionId = (await currentGuideline(server.ctx.db, projectId))!.id;
    quizIds = p.itemIds.slice(5, 8);
    await server.ctx.db
      .insert(goldAnswers)
      .values(quizIds.map((itemId) => ({ itemId, projectId, answer: { shapes: [], spans: [], classes: ['sports'] }, guidelineVersionId })));
    const lead = await server.as(LEAD);
    const put = await lead.request('PUT', `/api/projects/${projectId}/queue-settings`, { quizAdd: quizIds, quizPassMark: 0.8 });
    expect(put.status).toBe(200);
    expect(put.body.quizItems).toBe(3);
    // Only gold items can be quiz items.
    const notGold = await lead.request('PUT', `/api/projects/${projectId}/queue-settings`, { quizAdd: [p.itemIds[0]] });
    expect(notGold.status).toBe(400);
    // The gold set says which gold items are the quiz.
    const set = await lead.get(`/api/projects/${projectId}/gold-set`);
    expect(
      set.body.entries
        .filter((e: { quiz: boolean }) => e.quiz)
        .map((e: { itemId: string }) => e.itemId)
        .sort(),
    ).toEqual([...quizIds].sort());
  }, 120_000);
  afterAll(async () => server?.close());

  const queueIds = async (c: Caller) => {
    const res = await c.post(`/api/projects/${projectId}/queue?limit=20`);
    expect(res.status).toBe(200);
    // Real ids, to compare with the quiz set (the annotator is served their own handles).
    const handles = await handlesOf(c, projectId);
    return (res.body.items as Array<{ id: string }>).map((i) => handles.real(i.id));
  };
  const answer = async (c: Caller, itemId: string, topic: string) =>
    sync(c, submission(projectId, (await handlesOf(c, projectId)).handle(itemId), guidelineVersionId, { classes: [topic] }));

  it('serves only the quiz until it is passed, then live work without the quiz items', async () => {
    const a = await server.as(people[0]!.email);
    expect(new Set(await queueIds(a))).toEqual(new Set(quizIds));
    expect((await a.get(`/api/projects/${projectId}/qualification`)).body).toEqual({
      status: 'in_progress',
      score: null,
      answered: 0,
      total: 3,
      passMark: 0.8,
    });
    for (const id of quizIds) expect((await answer(a, id, 'sports')).status).toBe(200);
    // A second, different submission does not change the first score.
    await answer(a, quizIds[0]!, 'politics');
    const view = await a.get(`/api/projects/${projectId}/qualification`);
    expect(view.body).toEqual({ status: 'passed', score: 1, answered: 3, total: 3, passMark: 0.8 });
    const live = await queueIds(a);
    expect(live).toHaveLength(17);
    expect(live.filter((id) => quizIds.includes(id))).toEqual([]);
  });

  it('fails below the pass mark and then serves nothing live', async () => {
    const b = await server.as(people[1]!.email);
    expect(new Set(await queueIds(b))).toEqual(new Set(quizIds));
    await answer(b, quizIds[0]!, 'sports');
    await answer(b, quizIds[1]!, 'sports');
    const midway = await b.get(`/api/projects/${projectId}/qualification`);
    expect(midway.body).toMatchObject({ status: 'in_progress', score: null, answered: 2 });
    await answer(b, quizIds[2]!, 'politics');
    const view = await b.get(`/api/projects/${projectId}/qualification`);
    expect(view.body.status).toBe('failed');
    expect(view.body.score).toBeCloseTo(2 / 3, 10);
    // Only the verdict: no answers, no per-item results.
    expect(Object.keys(view.body).sort()).toEqual(['answered', 'passMark', 'score', 'status', 'total']);
    expect(await queueIds(b)).toEqual([]);
  });
});
