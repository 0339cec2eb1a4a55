import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, assignments, escalations, goldScores, itemRepeats, projects } from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { currentGuideline } from '../../src/server/guidelines/guidelines.ts';
import { annotatorHandles } from '../../src/server/queue/annotator-handles.ts';
import { seeded } from '../domain/queue/seeded.ts';
import { mutationId, submission, sync } from './fixtures.ts';
import { ANNOTATOR, ANNOTATOR2, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';
import { textProject } from './sync-fixtures.ts';

// Hidden repeats through the API: off by default; at the project's rate and gap, never
// twice for an item; the answer leaves labels, exports and gold scores alone and feeds the lead's
// self-consistency figure; another annotator's repeat id is refused like any unknown item.
type Served = { id: string; position: number };

async function project(server: TestServer, name: string, n: number, settings: Partial<typeof projects.$inferInsert> = {}) {
  const p = await textProject(server.ctx, {
    items: n,
    annotatorIds: [server.demo.userIds[ANNOTATOR] as string, server.demo.userIds[ANNOTATOR2] as string],
    name,
  });
  await grantRole(server.ctx, p.id, server.demo.userIds[LEAD] as string, 'lead');
  if (Object.keys(settings).length) await server.ctx.db.update(projects).set(settings).where(eq(projects.id, p.id));
  const guideline = await currentGuideline(server.ctx.db, p.id);
  const itemIds = new Set(p.itemIds);
  // Annotators are served their own handles (queue/annotator-handles.ts); the database holds real ids.
  const real = (userId: string, handle: string) => annotatorHandles(server.ctx, p.id, userId).itemId(handle);
  const handle = (userId: string, id: string) => annotatorHandles(server.ctx, p.id, userId).item(id);
  return { id: p.id, itemIds, versionId: guideline!.id, real, handle, isItem: (userId: string, h: string) => itemIds.has(real(userId, h)) };
}

/**
 * Fetches `n` queue items 20 at a time; between fetches the open work is done as if submitted
 * (a revision written straight to the table: a repeat needs the annotator's own original).
 */
async function draw(server: TestServer, caller: Caller, userId: string, p: { id: string; versionId: string }, n: number): Promise<Served[]> {
  const db = server.ctx.db;
  const order: Served[] = [];
  while (order.length < n) {
    const res = await caller.post(`/api/projects/${p.id}/queue?limit=20`);
    expect(res.status).toBe(200);
    if (res.body.items.length === 0) break;
    order.push(...(res.body.items as Served[]));
    const open = await db
      .select()
      .from(assignments)
      .where(and(eq(assignments.userId, userId), eq(assignments.projectId, p.id), eq(assignments.status, 'open')));
    if (open.length) {
      const now = new Date();
      await db.insert(annotations).values(
        open.map((a) => ({
          id: mutationId(),
          projectId: p.id,
          itemId: a.itemId,
          userId,
          revision: 1,
          guidelineVersionId: p.versionId,
          payload: { shapes: [], spans: [], classes: ['sports'] },
          durationMs: 1000,
          startedAt: now,
          submittedAt: now,
          mutationId: mutationId(),
        })),
      );
      await db
        .update(assignments)
        .set({ status: 'done' })
        .where(
          inArray(
            assignments.id,
            open.map((a) => a.id),
          ),
        );
    }
    await db
      .update(itemRepeats)
      .set({ status: 'done' })
      .where(and(eq(itemRepeats.userId, userId), eq(itemRepeats.projectId, p.id), eq(itemRepeats.status, 'open')));
  }
  return order.slice(0, n);
}

/** The shape of a JSON value: keys and types, recursively. */
function shape(v: unknown): unknown {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length ? ['array', shape(v[0])] : ['array'];
  if (typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as object)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, shape(x)]),
    );
  return typeof v;
}

describe.each(engines)('hidden repeats on %s', (engine) => {
  let server: TestServer;
  let annotator: Caller;
  let annotator2: Caller;
  let lead: Caller;
  const me = () => server.demo.userIds[ANNOTATOR] as string;
  const other = () => server.demo.userIds[ANNOTATOR2] as string;
  beforeAll(async () => {
    server = await startTestServer(engine, { random: seeded(20261123) });
    annotator = await server.as(ANNOTATOR);
    annotator2 = await server.as(ANNOTATOR2);
    lead = await server.as(LEAD);
  }, 120_000);
  afterAll(async () => server?.close());

  it('is off by default: a project never serves a repeat', async () => {
    const p = await project(server, 'Repeats off', 150);
    const settings = await lead.get(`/api/projects/${p.id}/queue-settings`);
    expect(settings.body.settings).toMatchObject({ repeatRate: 0, repeatMinGap: 20 });
    const order = await draw(server, annotator, me(), p, 150);
    expect(order).toHaveLength(150);
    expect(order.every((i) => p.isItem(me(), i.id))).toBe(true);
    expect(await server.ctx.db.$count(itemRepeats, eq(itemRepeats.projectId, p.id))).toBe(0);
  }, 180_000);

  it('serves repeats at about the rate, each at least the gap after its original, never twice for an item', async () => {
    const p = await project(server, 'Repeats on', 500, { repeatRate: 0.1, repeatMinGap: 5 });
    const order = await draw(server, annotator, me(), p, 400);
    expect(order).toHaveLength(400);
    const db = server.ctx.db;
    const repeats = await db.select().from(itemRepeats).where(eq(itemRepeats.projectId, p.id)).orderBy(asc(itemRepeats.position));
    const served = order.filter((i) => !p.isItem(me(), i.id));
    const rate = served.length / order.length;
    console.info(`[hidden-repeats ${engine}] rate 0.1 gap 5: ${served.length} repeats in ${order.length} draws (${rate.toFixed(3)})`);
    // sd at 400 draws ≈ 0.015; the first gap-worth of slots has no candidate yet; the seed makes it reproducible.
    expect(Math.abs(rate - 0.1)).toBeLessThan(0.045);
    expect(new Set(served.map((s) => p.real(me(), s.id)))).toEqual(new Set(repeats.map((r) => r.id)));
    expect(new Set(repeats.map((r) => r.itemId)).size).toBe(repeats.length);
    // One position sequence without gaps or doubles over items and repeats.
    expect(order.map((i) => i.position)).toEqual(order.map((_, k) => k));
    const originals = await db
      .select({ itemId: assignments.itemId, position: assignments.position })
      .from(assignments)
      .where(and(eq(assignments.projectId, p.id), eq(assignments.userId, me())));
    const at = new Map(originals.map((o) => [o.itemId, o.position]));
    for (const r of repeats) {
      expect(r.position - (at.get(r.itemId) as number)).toBeGreaterThanOrEqual(5);
      // Made like item ids (random v4, no serve time in it), sharing nothing with the original's.
      expect(r.id[14]).toBe(r.itemId[14]);
      expect(r.id.slice(0, 8)).not.toBe(r.itemId.slice(0, 8));
    }
  }, 180_000);

  it('answers a repeat like any item but stores it apart, scores self-consistency, refuses it to others', async () => {
    const p = await project(server, 'Repeats answered', 120, { repeatRate: 0.2, repeatMinGap: 1 });
    const db = server.ctx.db;
    const first = { classes: ['sports'] };
    /** Works through the queue via /api/sync until `want` repeats are answered with `again`. */
    async function work(caller: Caller, userId: string, again: { classes: string[] }, want: number) {
      const answers: { repeat: unknown[]; fresh: unknown[]; items: unknown[]; repeatItems: unknown[] } = { repeat: [], fresh: [], items: [], repeatItems: [] };
      for (let round = 0; round < 20 && answers.repeat.length < want; round++) {
        const q = await caller.post(`/api/projects/${p.id}/queue?limit=10`);
        for (const item of q.body.items as Array<{ id: string }>) {
          const isRepeat = !p.isItem(userId, item.id);
          (isRepeat ? answers.repeatItems : answers.items).push(item);
          if (isRepeat && answers.repeat.length >= want) continue;
          const res = await sync(caller, submission(p.id, item.id, p.versionId, isRepeat ? again : first));
          expect(res.status).toBe(200);
          (isRepeat ? answers.repeat : answers.fresh).push(res.body.results[0]);
        }
      }
      expect(answers.repeat.length).toBe(want);
      return answers;
    }
    const before = { annotations: 0, gold: 0 };
    const mine = await work(annotator, me(), first, 3);
    // Same shape on the wire: queue item and sync answer.
    expect(shape(mine.repeatItems[0])).toEqual(shape(mine.items[0]));
    expect(shape(mine.repeat[0])).toEqual(shape(mine.fresh[0]));
    expect(
      mine.repeat.every(
        (r) => (r as { status: string; result: { revision: number } }).status === 'applied' && (r as { result: { revision: number } }).result.revision === 1,
      ),
    ).toBe(true);
    // Nothing of the repeat reaches the annotations (so labels, exports, agreement) or gold scores.
    before.annotations = await db.$count(annotations, eq(annotations.projectId, p.id));
    before.gold = await db.$count(goldScores, eq(goldScores.projectId, p.id));
    expect(before.annotations).toBe(mine.fresh.length);
    const exportBefore = await lead.get(`/api/projects/${p.id}/export?format=touchstone`);
    const answered = await db
      .select()
      .from(itemRepeats)
      .where(and(eq(itemRepeats.projectId, p.id), eq(itemRepeats.userId, me()), eq(itemRepeats.status, 'done')));
    expect(answered.map((r) => r.score)).toEqual([1, 1, 1]);

    // Another annotator's repeat id: refused word for word like an item id that does not exist.
    const theirs = answered[0]!.id;
    // (Named by the second annotator's own handle for it, so only the repeat's owner check can refuse it.)
    const refused = await sync(annotator2, submission(p.id, p.handle(other(), theirs), p.versionId, first), submission(p.id, mutationId(), p.versionId, first));
    const [a, b] = (refused.body.results ?? refused.body.error.details.results) as Array<{ status: string; code: string; message: string }>;
    expect(a!.status).toBe('rejected');
    expect({ ...a, id: '' }).toEqual({ ...b, id: '' });
    expect(await db.$count(itemRepeats, and(eq(itemRepeats.id, theirs), eq(itemRepeats.userId, me())))).toBe(1);

    // The second annotator answers their repeats differently: a lower figure.
    await work(annotator2, other(), { classes: ['politics'] }, 3);
    expect(await db.$count(annotations, and(eq(annotations.projectId, p.id), eq(annotations.userId, me())))).toBe(before.annotations);
    expect(await db.$count(goldScores, eq(goldScores.projectId, p.id))).toBe(before.gold);

    const dash = await lead.get(`/api/projects/${p.id}/dashboard`);
    expect(dash.status).toBe(200);
    const figure = new Map((dash.body.selfConsistency as Array<{ annotatorId: string; answered: number; mean: number | null }>).map((f) => [f.annotatorId, f]));
    expect(figure.get(me())).toMatchObject({ answered: 3, mean: 1 });
    expect(figure.get(other())).toMatchObject({ answered: 3, mean: 0 });
    // Annotators never see the dashboard.
    expect((await annotator.get(`/api/projects/${p.id}/dashboard`)).status).toBe(403);

    // The first annotator's export is what it was before their repeats were answered (the
    // second's fresh labels are theirs to add: compare only the first annotator's lines).
    const exportAfter = await lead.get(`/api/projects/${p.id}/export?format=touchstone`);
    const lines = (body: unknown) =>
      String(typeof body === 'string' ? body : JSON.stringify(body))
        .split('\n')
        .filter((l) => l.includes(me()))
        .sort();
    expect(lines(exportBefore.body).length).toBeGreaterThan(0);
    expect(lines(exportAfter.body)).toEqual(lines(exportBefore.body));
  }, 180_000);

  it('takes an escalation of a repeat like any escalation, records it on the repeat, opens none', async () => {
    const p = await project(server, 'Repeats escalated', 60, { repeatRate: 0.2, repeatMinGap: 1 });
    const db = server.ctx.db;
    let repeatId: string | undefined;
    for (let round = 0; round < 20 && !repeatId; round++) {
      const q = await annotator.post(`/api/projects/${p.id}/queue?limit=10`);
      for (const item of q.body.items as Array<{ id: string }>) {
        if (!p.isItem(me(), item.id)) {
          repeatId = item.id;
          break;
        }
        await sync(annotator, submission(p.id, item.id, p.versionId, { classes: ['sports'] }));
      }
    }
    expect(repeatId).toBeDefined();
    const escalation = {
      id: mutationId(),
      type: 'escalation.create',
      projectId: p.id,
      itemId: repeatId,
      guidelineVersionId: p.versionId,
      reason: 'ambiguous_labels',
      note: 'sports or politics?',
      labels: ['sports', 'politics'],
      createdAt: new Date().toISOString(),
    };
    const res = await sync(annotator, escalation);
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ status: 'applied', result: { revision: 1 } });
    const again = await sync(annotator, escalation);
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', result: res.body.results[0].result });
    const [row] = await db
      .select()
      .from(itemRepeats)
      .where(eq(itemRepeats.id, p.real(me(), repeatId!)));
    expect(row).toMatchObject({ status: 'done', escalated: true, score: null });
    expect(await db.$count(escalations, eq(escalations.projectId, p.id))).toBe(0);
    // Done: the repeat leaves the queue like an escalated item does.
    const q = await annotator.post(`/api/projects/${p.id}/queue?limit=10`);
    expect((q.body.items as Array<{ id: string }>).map((i) => i.id)).not.toContain(repeatId);
  }, 180_000);

  it('bounds resubmitting a repeat exactly like a first-time item: a burst of 20 applies 5, numbered 1..5', async () => {
    const p = await project(server, 'Repeats resubmitted', 60, { repeatRate: 0.2, repeatMinGap: 1 });
    let repeatId: string | undefined;
    let freshId: string | undefined;
    for (let round = 0; round < 20 && !repeatId; round++) {
      const q = await annotator.post(`/api/projects/${p.id}/queue?limit=10`);
      for (const item of q.body.items as Array<{ id: string }>) {
        if (!p.isItem(me(), item.id)) {
          repeatId = item.id;
          break;
        }
        if (!freshId) freshId = item.id;
        else if (item.id !== freshId) await sync(annotator, submission(p.id, item.id, p.versionId, { classes: ['sports'] }));
      }
    }
    expect(repeatId && freshId).toBeTruthy();
    const answers = [];
    for (const itemId of [freshId!, repeatId!]) {
      const burst = Array.from({ length: 20 }, (_, k) => submission(p.id, itemId, p.versionId, { classes: [k % 2 ? 'sports' : 'politics'] }));
      const res = await annotator.post('/api/sync', { schemaVersion: 1, mutations: burst });
      expect(res.status).toBe(200);
      answers.push(
        (res.body.results as Array<{ status: string; result?: { revision: number }; message?: string }>).map((r) => [
          r.status,
          r.result?.revision ?? r.message?.replace(/\d+ times/, 'n times'),
        ]),
      );
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]!.slice(0, 5).map(([, n]) => n)).toEqual([1, 2, 3, 4, 5]);
    // And the next burst, an hour not yet gone, is refused whole on both.
    for (const itemId of [freshId!, repeatId!]) {
      const res = await sync(annotator, submission(p.id, itemId, p.versionId, { classes: ['sports'] }));
      expect(res.status).toBe(409);
    }
  }, 180_000);

  it('refuses repeat settings out of range with words a lead understands, changing nothing', async () => {
    const p = await project(server, 'Repeats settings', 5);
    for (const [body, words] of [
      [{ repeatRate: 0.3 }, /repeat rate can be at most 0\.2/],
      [{ repeatRate: -0.1 }, /repeat rate cannot be negative/],
      [{ repeatMinGap: 0 }, /at least 1 item after the original/],
      [{ repeatMinGap: 2.5 }, /whole number/],
    ] as const) {
      const res = await lead.put(`/api/projects/${p.id}/queue-settings`, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(words);
    }
    const [row] = await server.ctx.db.select({ rate: projects.repeatRate, gap: projects.repeatMinGap }).from(projects).where(eq(projects.id, p.id));
    expect(row).toEqual({ rate: 0, gap: 20 });
    const ok = await lead.put(`/api/projects/${p.id}/queue-settings`, { repeatRate: 0.2, repeatMinGap: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toMatchObject({ repeatRate: 0.2, repeatMinGap: 1 });
    // Annotators cannot read or change them (lead-only like every queue setting).
    expect((await annotator.put(`/api/projects/${p.id}/queue-settings`, { repeatRate: 0 })).status).toBe(403);
  }, 60_000);
});
