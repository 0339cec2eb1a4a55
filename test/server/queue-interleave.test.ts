import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotatorHolds, assignments, goldAnswers, itemRepeats, items, projects } from '../../src/server/db/schema.ts';
import { currentGuideline } from '../../src/server/guidelines/guidelines.ts';
import { seeded } from '../domain/queue/seeded.ts';
import { box, handlesOf, queueOf, submission, sync } from './fixtures.ts';
import { ANNOTATOR, ANNOTATOR2, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';
import { textProject } from './sync-fixtures.ts';

// Hidden gold in the queue, through the API: the rate and minimum gap over thousands of draws
// (a seeded generator makes the figures reproducible), no gold item twice, and no way for an
// annotator to tell gold from live.
const LIVE = 2600;
const GOLD = 400;
const DRAWS = 2000;

async function goldProject(server: TestServer, name: string, settings: Partial<typeof projects.$inferInsert>) {
  const ctx = server.ctx;
  const p = await textProject(ctx, {
    items: LIVE + GOLD,
    annotatorIds: [server.demo.userIds[ANNOTATOR] as string, server.demo.userIds[ANNOTATOR2] as string],
    name,
  });
  await ctx.db.update(projects).set(settings).where(eq(projects.id, p.id));
  const guideline = await currentGuideline(ctx.db, p.id);
  // Gold spread over the item order, so neither kind is bunched at the start.
  const goldIds = p.itemIds.filter((_, k) => k % ((LIVE + GOLD) / GOLD) === 0);
  await ctx.db
    .insert(goldAnswers)
    .values(goldIds.map((itemId) => ({ itemId, projectId: p.id, answer: { shapes: [], spans: [], classes: ['sports'] }, guidelineVersionId: guideline!.id })));
  return { id: p.id, gold: new Set(goldIds) };
}

/** Draws `n` items through the queue route; between fetches the open work is marked done, as if submitted. */
async function draw(server: TestServer, caller: Caller, userId: string, projectId: string, n: number): Promise<string[]> {
  const order: string[] = [];
  const handles = await handlesOf(caller, projectId);
  while (order.length < n) {
    const res = await caller.post(`/api/projects/${projectId}/queue?limit=100`);
    expect(res.status).toBe(200);
    if (res.body.items.length === 0) break;
    order.push(...(res.body.items as Array<{ id: string }>).map((i) => handles.real(i.id)));
    await server.ctx.db
      .update(assignments)
      .set({ status: 'done' })
      .where(and(eq(assignments.userId, userId), eq(assignments.projectId, projectId), eq(assignments.status, 'open')));
  }
  return order.slice(0, n);
}

function stats(order: string[], gold: Set<string>) {
  const at = order.flatMap((id, k) => (gold.has(id) ? [k] : []));
  const gaps = at.slice(1).map((g, k) => g - (at[k] as number) - 1);
  return {
    rate: at.length / order.length,
    minGap: Math.min(...gaps),
    distinctGaps: new Set(gaps).size,
    goldServed: at.length,
    distinctGold: new Set(at.map((k) => order[k])).size,
  };
}

describe.each(engines)('queue interleaving on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { random: seeded(20261123) });
  }, 120_000);
  afterAll(async () => server?.close());

  it(`serves gold at the project rate with the minimum gap over ${DRAWS} draws, never the same gold twice`, async () => {
    const p = await goldProject(server, 'Interleave fixed', { goldRate: 0.1, goldMinGap: 4 });
    const annotator = await server.as(ANNOTATOR);
    const order = await draw(server, annotator, server.demo.userIds[ANNOTATOR] as string, p.id, DRAWS);
    const s = stats(order, p.gold);
    console.info(`[queue-interleave ${engine}] fixed 0.1/gap 4: ${JSON.stringify(s)} over ${order.length} draws`);
    expect(order).toHaveLength(DRAWS);
    expect(new Set(order).size).toBe(DRAWS);
    // Binomial-ish sd at 2000 draws ≈ 0.007; ±0.025 is > 3 sd, and the seed makes it deterministic.
    expect(Math.abs(s.rate - 0.1)).toBeLessThan(0.025);
    expect(s.minGap).toBeGreaterThanOrEqual(4);
    expect(s.distinctGaps).toBeGreaterThan(8);
    expect(s.distinctGold).toBe(s.goldServed);
  }, 180_000);

  it('serves a paused annotator (gold policy hold) nothing, says so, and live work again once lifted', async () => {
    const p = await goldProject(server, 'Interleave paused', { goldRate: 0.1 });
    const userId = server.demo.userIds[ANNOTATOR] as string;
    await server.ctx.db.insert(annotatorHolds).values({ projectId: p.id, userId, kind: 'pause', reason: 'test' });
    const held = await (await server.as(ANNOTATOR)).post(`/api/projects/${p.id}/queue?limit=100`);
    expect(held.status).toBe(200);
    expect(held.body).toEqual({ items: [], paused: true, done: 0 });
    // Lifted: live work again.
    await server.ctx.db.delete(annotatorHolds).where(and(eq(annotatorHolds.projectId, p.id), eq(annotatorHolds.userId, userId)));
    const after = await draw(server, await server.as(ANNOTATOR), userId, p.id, 50);
    expect(after.filter((id) => !p.gold.has(id)).length).toBeGreaterThan(30);
  }, 180_000);

  it('gives a new annotator the adaptive maximum rate', async () => {
    const p = await goldProject(server, 'Interleave adaptive', { goldAdaptive: true, goldRateMin: 0.05, goldRateMax: 0.2, goldMinGap: 2 });
    const annotator = await server.as(ANNOTATOR2);
    const order = await draw(server, annotator, server.demo.userIds[ANNOTATOR2] as string, p.id, 1000);
    const s = stats(order, p.gold);
    console.info(`[queue-interleave ${engine}] adaptive new annotator (max 0.2, gap 2): ${JSON.stringify(s)} over ${order.length} draws`);
    expect(Math.abs(s.rate - 0.2)).toBeLessThan(0.04);
    expect(s.minGap).toBeGreaterThanOrEqual(2);
  }, 180_000);
});

/** The shape of a JSON value: keys and types, recursively (values themselves are left out). */
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

/** Full paths of the GET routes in fastify's printRoutes tree (a child line continues its parent's path). */
function getRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^(.*?)(?:├|└)── (\S+) \(([^)]*)\)/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    if (m[3]!.includes('GET')) out.push(stack.join(''));
  }
  return out;
}

const VOLATILE_HEADERS = new Set(['date', 'content-length', 'etag', 'x-request-id']);
const headerShape = (h: Record<string, unknown>) =>
  Object.keys(h)
    .filter((k) => !VOLATILE_HEADERS.has(k))
    .sort()
    .map((k) => [k, VOLATILE_HEADERS.has(k) ? '' : String(h[k])]);

describe.each(engines)('gold does not leak to annotators on %s', (engine) => {
  let server: TestServer;
  let annotator: Caller;
  let projectId = '';
  let gold: Array<{ id: string; image: { url: string } }> = [];
  let live: Array<{ id: string; image: { url: string } }> = [];
  let guidelineVersionId = '';
  let handles: Awaited<ReturnType<typeof handlesOf>>;
  beforeAll(async () => {
    server = await startTestServer(engine, { random: seeded(6) });
    projectId = server.demo.imageProjectId;
    // Dense gold so the first batch surely holds both kinds (the seed makes it reproducible).
    await server.ctx.db.update(projects).set({ goldRate: 0.5, goldMinGap: 0 }).where(eq(projects.id, projectId));
    annotator = await server.as(ANNOTATOR);
    const q = await queueOf(annotator, projectId);
    guidelineVersionId = q.guidelineVersionId;
    const goldIds = new Set(
      (await server.ctx.db.select({ id: goldAnswers.itemId }).from(goldAnswers).where(eq(goldAnswers.projectId, projectId))).map((r) => r.id),
    );
    handles = await handlesOf(annotator, projectId);
    gold = q.items.filter((i) => goldIds.has(handles.real(i.id))) as typeof gold;
    live = q.items.filter((i) => !goldIds.has(handles.real(i.id))) as typeof live;
  }, 120_000);
  afterAll(async () => server?.close());

  it('serves gold and live queue items with identical shape', () => {
    expect(gold.length).toBeGreaterThan(0);
    expect(live.length).toBeGreaterThan(0);
    const shapes = new Set([...gold, ...live].map((i) => JSON.stringify(shape(i))));
    expect(shapes.size).toBe(1);
    // The same opaque URL scheme for both.
    for (const i of [...gold, ...live]) expect(i.image.url).toMatch(/^\/api\/assets\/[0-9a-f-]{36}$/);
  });

  it('serves gold and live images with the same headers and byte-length scheme', async () => {
    const answers = await Promise.all([...gold, ...live].map(async (i) => ({ i, res: await annotator.request('GET', i.image.url) })));
    for (const { res } of answers) {
      expect(res.status).toBe(200);
      expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    }
    const shapes = new Set(answers.map(({ res }) => JSON.stringify(headerShape(res.headers))));
    expect(shapes.size).toBe(1);
    expect([...shapes][0]).not.toMatch(/gold/i);
  });

  it('answers submissions and mistakes on gold and live items alike', async () => {
    const g = gold[0]!;
    const l = live[0]!;
    const ok = await sync(
      annotator,
      submission(projectId, g.id, guidelineVersionId, { shapes: [box('cup', 10, 10, 50, 50)] }),
      submission(projectId, l.id, guidelineVersionId, { shapes: [box('cup', 10, 10, 50, 50)] }),
    );
    expect(ok.status).toBe(200);
    const [rg, rl] = ok.body.results;
    expect(shape(rg)).toEqual(shape(rl));
    expect(rg.status).toBe(rl.status);
    expect(JSON.stringify(ok.body)).not.toMatch(/gold|score/i);
    // A label the schema does not know: the same refusal, word for word but for the item id.
    const bad = await sync(
      annotator,
      submission(projectId, gold[1]?.id ?? g.id, guidelineVersionId, { shapes: [box('no-such-label', 1, 1, 5, 5)] }),
      submission(projectId, live[1]?.id ?? l.id, guidelineVersionId, { shapes: [box('no-such-label', 1, 1, 5, 5)] }),
    );
    // The batch is refused whole (400) with one result per mutation.
    const [bg, bl] = (bad.body.results ?? bad.body.error.details.results) as unknown[];
    expect(shape(bg)).toEqual(shape(bl));
    const scrub = (r: unknown) =>
      JSON.stringify(r)
        .replaceAll(gold[1]?.id ?? g.id, 'ITEM')
        .replaceAll(live[1]?.id ?? l.id, 'ITEM')
        .replace(/"id":"[^"]+"/, '');
    expect(scrub(bg)).toBe(scrub(bl));
  });

  it('has no GET route that tells an annotator which items are gold', async () => {
    const routes = getRoutes(server.app.printRoutes({ commonPrefix: false }));
    expect(routes.length).toBeGreaterThan(5);
    const leaks: string[] = [];
    const fill = (path: string, item: { id: string; image: { url: string } }) =>
      path
        .replace(':projectId', projectId)
        .replace(':itemId', item.id)
        .replace(':assetId', item.image.url.split('/').pop()!)
        .replace(/:[A-Za-z]+/g, guidelineVersionId);
    for (const path of routes) {
      const [rg, rl] = [await annotator.get(fill(path, gold[0]!)), await annotator.get(fill(path, live[0]!))];
      // The status must not depend on gold status, and nothing an annotator can read may mention gold.
      if (rg.status !== rl.status) leaks.push(`${path}: ${rg.status} for gold, ${rl.status} for live`);
      const text = typeof rg.body === 'string' ? rg.body : JSON.stringify(rg.body ?? '');
      // The API description names the lead's gold routes; it says nothing about any item.
      if (rg.status < 300 && path !== '/api/openapi.json' && /gold|justification/i.test(text)) leaks.push(`${path}: body mentions gold`);
    }
    expect(leaks).toEqual([]);
  });

  it('keeps queue settings to leads', async () => {
    expect((await annotator.get(`/api/projects/${projectId}/queue-settings`)).status).toBe(403);
    expect((await annotator.request('PUT', `/api/projects/${projectId}/queue-settings`, { goldRate: 0.5 })).status).toBe(403);
    const lead = await server.as(LEAD);
    const read = await lead.get(`/api/projects/${projectId}/queue-settings`);
    expect(read.status).toBe(200);
    expect(read.body.settings).toMatchObject({ goldRate: 0.5, goldMinGap: 0, overlap: 1, overlapShare: 1, goldAdaptive: false });
    const put = await lead.request('PUT', `/api/projects/${projectId}/queue-settings`, { goldRate: 0.2, goldMinGap: 5 });
    expect(put.status).toBe(200);
    expect(put.body.settings).toMatchObject({ goldRate: 0.2, goldMinGap: 5 });
    // The calibration set: items in and out by id; an id from elsewhere is refused.
    const add = await lead.request('PUT', `/api/projects/${projectId}/queue-settings`, { calibrationAdd: [handles.real(live[0]!.id)] });
    expect(add.body.calibrationItems).toBe(1);
    const remove = await lead.request('PUT', `/api/projects/${projectId}/queue-settings`, { calibrationRemove: [handles.real(live[0]!.id)] });
    expect(remove.body.calibrationItems).toBe(0);
    const stranger = await lead.request('PUT', `/api/projects/${projectId}/queue-settings`, { calibrationAdd: [server.demo.userIds[LEAD]] });
    expect(stranger.status).toBe(404);
    const badBounds = await lead.request('PUT', `/api/projects/${projectId}/queue-settings`, { goldRateMin: 0.4, goldRateMax: 0.1 });
    expect(badBounds.status).toBe(400);
    expect(badBounds.body.message ?? JSON.stringify(badBounds.body)).toMatch(/minimum gold rate/);
  });
});

// Hidden repeats (queue/repeats.ts) must be as hidden as gold: a repeat's queue item, its image
// response and its sync answer have the shape of a first-time item's, and its opaque ids are its own.
describe.each(engines)('hidden repeats look like first-time items on %s', (engine) => {
  let server: TestServer;
  let annotator: Caller;
  let projectId = '';
  let guidelineVersionId = '';
  let first: Array<{ id: string; image: { url: string } }> = [];
  let repeat: { id: string; image: { url: string } } | undefined;
  let firstAnswer: unknown;
  let handles: Awaited<ReturnType<typeof handlesOf>>;
  beforeAll(async () => {
    server = await startTestServer(engine, { random: seeded(30) });
    projectId = server.demo.imageProjectId;
    await server.ctx.db.update(projects).set({ repeatRate: 0.2, repeatMinGap: 1 }).where(eq(projects.id, projectId));
    // The demo project's few images, again as more items (a repeat needs earlier work to repeat).
    const demo = await server.ctx.db
      .select({ assetId: items.assetId, width: items.width, height: items.height })
      .from(items)
      .where(eq(items.projectId, projectId));
    await server.ctx.db.insert(items).values(Array.from({ length: 40 }, (_, k) => ({ ...demo[k % demo.length]!, id: randomUUID(), projectId })));
    annotator = await server.as(ANNOTATOR);
    handles = await handlesOf(annotator, projectId);
    for (let round = 0; round < 10 && !repeat; round++) {
      const q = await queueOf(annotator, projectId);
      guidelineVersionId = q.guidelineVersionId;
      const known = new Set((await server.ctx.db.select({ id: items.id }).from(items).where(eq(items.projectId, projectId))).map((r) => r.id));
      for (const i of q.items as typeof first) {
        if (!known.has(handles.real(i.id))) {
          repeat = i;
          break;
        }
        first.push(i);
        const res = await sync(annotator, submission(projectId, i.id, guidelineVersionId, { shapes: [box('cup', 10, 10, 50, 50)] }));
        firstAnswer = res.body.results[0];
      }
    }
    first = first.slice(0, 20);
  }, 120_000);
  afterAll(async () => server?.close());

  it('serves a repeat with the queue-item shape and URL scheme of any item, under ids of its own', async () => {
    expect(repeat).toBeDefined();
    const shapes = new Set([...first, repeat!].map((i) => JSON.stringify(shape(i))));
    expect(shapes.size).toBe(1);
    expect(repeat!.image.url).toMatch(/^\/api\/assets\/[0-9a-f-]{36}$/);
    const [row] = await server.ctx.db
      .select({ itemId: itemRepeats.itemId, assetId: items.assetId })
      .from(itemRepeats)
      .innerJoin(items, eq(items.id, itemRepeats.itemId))
      .where(eq(itemRepeats.id, handles.real(repeat!.id)));
    expect(handles.real(repeat!.id)).not.toBe(row!.itemId);
    expect(repeat!.id).not.toBe(handles.handle(row!.itemId));
    expect(repeat!.image.url).not.toContain(row!.assetId!);
  });

  it('serves the repeat image with the same headers as any image, to its own annotator only', async () => {
    // The original image by its real id, as a lead fetches it.
    const original = await (
      await server.as(LEAD)
    ).get(
      `/api/assets/${
        (
          await server.ctx.db
            .select({ assetId: items.assetId })
            .from(itemRepeats)
            .innerJoin(items, eq(items.id, itemRepeats.itemId))
            .where(eq(itemRepeats.id, handles.real(repeat!.id)))
        )[0]!.assetId
      }`,
    );
    const [mine, plain] = [await annotator.request('GET', repeat!.image.url), await annotator.request('GET', first[0]!.image.url)];
    expect(mine.status).toBe(200);
    expect(headerShape(mine.headers)).toEqual(headerShape(plain.headers));
    // The same image bytes as the original (recognising the content is the point, nothing else).
    expect(mine.headers['content-length']).toBe(original.headers['content-length']);
    const unknown = `/api/assets/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}`;
    for (const who of [ANNOTATOR2, LEAD]) {
      const caller = await server.as(who);
      const [theirs, nothing] = [await caller.request('GET', repeat!.image.url), await caller.request('GET', unknown)];
      expect(theirs.status).toBe(404);
      expect(theirs.body).toEqual(nothing.body);
    }
  });

  it('answers a repeat submission with the shape of a first-time answer, and says nothing more', async () => {
    const res = await sync(annotator, submission(projectId, repeat!.id, guidelineVersionId, { shapes: [box('cup', 10, 10, 50, 50)] }));
    expect(res.status).toBe(200);
    expect(shape(res.body.results[0])).toEqual(shape(firstAnswer));
    expect(res.body.results[0]).toMatchObject({ status: 'applied', result: { revision: 1 } });
    expect(JSON.stringify(res.body)).not.toMatch(/repeat|gold|score/i);
  });
});
