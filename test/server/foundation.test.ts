import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATOR, ANNOTATOR2, AUTHOR, LEAD, engines, startTestServer, type TestServer } from './harness.ts';
import { box, handlesOf, queueOf, submission, sync } from './fixtures.ts';
import { eq, sql } from 'drizzle-orm';
import { assignments } from '../../src/server/db/schema.ts';

describe.each(engines)('foundation API on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  const countAnnotations = async () => {
    const lead = await server.as(LEAD);
    const res = await lead.get(`/api/projects/${server.demo.imageProjectId}/annotations?limit=1000`);
    const text = await lead.get(`/api/projects/${server.demo.textProjectId}/annotations?limit=1000`);
    return res.body.annotations.length + text.body.annotations.length;
  };

  describe('accounts and sessions', () => {
    it('signs in with the demo password, sets an httpOnly SameSite cookie and answers /me', async () => {
      const anon = server.anonymous();
      const res = await anon.post('/api/auth/login', { email: ANNOTATOR, password: 'touchstone-demo' });
      expect(res.status).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/i);
      expect(String(res.headers['set-cookie'])).toMatch(/SameSite=Strict/i);
      expect(res.body.user.email).toBe(ANNOTATOR);
      expect(res.body.memberships).toHaveLength(2);
    });

    it('refuses a wrong password with the same answer as an unknown email', async () => {
      const wrong = await server.anonymous().post('/api/auth/login', { email: ANNOTATOR, password: 'nope' });
      const unknown = await server.anonymous().post('/api/auth/login', { email: 'nobody@touchstone.test', password: 'nope' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.error.message).toBe(unknown.body.error.message);
    });

    it('answers 401 without a session and after sign-out', async () => {
      expect((await server.anonymous().get('/api/projects')).status).toBe(401);
      const c = await server.as(ANNOTATOR);
      expect((await c.get('/api/projects')).status).toBe(200);
      expect((await c.post('/api/auth/logout')).status).toBe(204);
      const after = await c.get('/api/projects');
      expect(after.status).toBe(401);
      expect(after.body.error.message).toMatch(/sign in/i);
    });

    it('answers 401 to a forged session token', async () => {
      const c = server.anonymous();
      c.cookie = 'ts_session=forged-token';
      expect((await c.get('/api/auth/me')).status).toBe(401);
    });

    it('refuses a write without the CSRF header', async () => {
      const c = await server.as(ANNOTATOR);
      const res = await c.request('POST', '/api/sync', { schemaVersion: 1, mutations: [] }, { 'x-requested-with': '' });
      expect(res.status).toBe(403);
    });

    it('records logins in the audit log, readable by the lead only', async () => {
      const lead = await server.as(LEAD);
      const { ctx } = server;
      const { auditLog } = await import('../../src/server/db/schema.ts');
      const rows = await ctx.db.select().from(auditLog);
      expect(rows.some((r) => r.action === 'login')).toBe(true);
      expect((await lead.get(`/api/projects/${server.demo.imageProjectId}/audit`)).status).toBe(200);
      expect((await (await server.as(ANNOTATOR)).get(`/api/projects/${server.demo.imageProjectId}/audit`)).status).toBe(403);
    });
  });

  describe('projects and queue', () => {
    it('lists the caller’s projects with roles, and the project with its schema and guideline 1.0', async () => {
      const c = await server.as(AUTHOR);
      const list = await c.get('/api/projects');
      expect(list.body.projects.map((p: { kind: string }) => p.kind).sort()).toEqual(['image', 'text']);
      expect(list.body.projects[0].roles).toEqual(['author']);
      const detail = await c.get(`/api/projects/${server.demo.imageProjectId}`);
      expect(detail.body.guideline.version).toBe('1.0');
      expect(detail.body.labelSchema.labels.length).toBeGreaterThan(3);
    });

    it('serves the annotator a queue of items with images they can fetch', async () => {
      const c = await server.as(ANNOTATOR);
      const { items } = await queueOf(c, server.demo.imageProjectId);
      expect(items.length).toBeGreaterThan(0);
      const img = await c.get(items[0]!.image!.url);
      expect(img.status).toBe(200);
      expect(img.headers['content-type']).toMatch(/^image\/(jpeg|png)$/);
      expect(img.headers['x-content-type-options']).toBe('nosniff');
    });

    it('does not serve an asset to someone outside the project', async () => {
      const c = await server.as(ANNOTATOR);
      const { items } = await queueOf(c, server.demo.imageProjectId);
      const anon = await server.anonymous().get(items[0]!.image!.url);
      expect(anon.status).toBe(401);
    });

    it('gives the queue only to annotators: a lead gets 403, a non-member 404', async () => {
      const lead = await server.as(LEAD);
      expect((await lead.post(`/api/projects/${server.demo.imageProjectId}/queue`)).status).toBe(403);
      const c = await server.as(ANNOTATOR);
      const missing = await c.post('/api/projects/00000000-0000-4000-8000-000000000000/queue');
      expect(missing.status).toBe(404);
    });

    it('leases nothing on a GET (an image in a guideline cannot take items from whoever opens it)', async () => {
      const c = await server.as(ANNOTATOR2);
      const got = await c.get(`/api/projects/${server.demo.imageProjectId}/queue?limit=100`);
      expect(got.status).toBe(404);
      const [lease] = await server.ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(assignments)
        .where(eq(assignments.userId, server.demo.userIds[ANNOTATOR2] as string));
      expect(lease?.n).toBe(0);
    });

    it('never hands one live item to two annotators when overlap is 1 (and decoys are off)', async () => {
      // Decoys (live items deliberately shared so that "we both got it" does not mean gold) are the
      // one exception; the adversary suite covers them. Off here, overlap 1 means one annotator.
      const lead = await server.as(LEAD);
      expect((await lead.put(`/api/projects/${server.demo.textProjectId}/queue-settings`, { collusionPrecision: 1 })).status).toBe(200);
      const [ca, cb] = [await server.as(ANNOTATOR), await server.as(ANNOTATOR2)];
      const [ha, hb] = [await handlesOf(ca, server.demo.textProjectId), await handlesOf(cb, server.demo.textProjectId)];
      const a = (await queueOf(ca, server.demo.textProjectId)).items.map((i) => ha.real(i.id));
      const b = (await queueOf(cb, server.demo.textProjectId)).items.map((i) => hb.real(i.id));
      const { goldAnswers } = await import('../../src/server/db/schema.ts');
      const gold = new Set((await server.ctx.db.select().from(goldAnswers)).map((g) => g.itemId));
      const liveA = a.filter((id) => !gold.has(id));
      const liveB = b.filter((id) => !gold.has(id));
      expect(liveA.filter((id) => liveB.includes(id))).toEqual([]);
    });
  });

  describe('sync', () => {
    it('applies a submission once, records lineage, and answers a replay with the first result', async () => {
      const c = await server.as(ANNOTATOR);
      const { items, guidelineVersionId } = await queueOf(c, server.demo.imageProjectId);
      const item = items[0]!;
      const m = submission(server.demo.imageProjectId, item.id, guidelineVersionId, { shapes: [box('cup', 10, 20, 30, 40)] });
      const first = await sync(c, m);
      expect(first.status).toBe(200);
      expect(first.body.results[0].status).toBe('applied');
      const before = await countAnnotations();
      const replay = await sync(c, m);
      expect(replay.body.results[0]).toMatchObject({ status: 'duplicate', result: first.body.results[0].result });
      expect(await countAnnotations()).toBe(before);

      const lead = await server.as(LEAD);
      const itemId = (await handlesOf(c, server.demo.imageProjectId)).real(item.id);
      const read = await lead.get(`/api/projects/${server.demo.imageProjectId}/annotations?itemId=${itemId}`);
      const rev = read.body.annotations[0];
      expect(rev).toMatchObject({ itemId, guidelineVersion: '1.0', durationMs: 5000, mutationId: m.id, revision: 1 });
      expect(rev.payload.shapes[0]).toMatchObject({ x: 10, y: 20, w: 30, h: 40, label: 'cup' });
    });

    it('keeps revisions append-only: a second submission on the same item is revision 2', async () => {
      const c = await server.as(ANNOTATOR);
      const { items, guidelineVersionId } = await queueOf(c, server.demo.textProjectId);
      const item = items[0]!;
      await sync(c, submission(server.demo.textProjectId, item.id, guidelineVersionId, { classes: ['sports'] }));
      const second = await sync(c, submission(server.demo.textProjectId, item.id, guidelineVersionId, { classes: ['science'] }));
      expect(second.body.results[0].result.revision).toBe(2);
    });
  });

  describe('bad input is refused with a clear message and writes nothing', () => {
    const expectNothingWritten = async (fn: () => Promise<{ status: number; body: { error?: { message: string } } }>, status: number, message: RegExp) => {
      const before = await countAnnotations();
      const res = await fn();
      expect(res.status).toBe(status);
      expect(res.body.error?.message).toMatch(message);
      expect(await countAnnotations()).toBe(before);
    };

    it('malformed JSON', async () => {
      const c = await server.as(ANNOTATOR);
      await expectNothingWritten(
        () => c.post('/api/sync', '{"schemaVersion": 1, "mutations": [', { 'content-type': 'application/json' }),
        400,
        /not valid JSON/,
      );
    });

    it('unknown fields', async () => {
      const c = await server.as(ANNOTATOR);
      const { items, guidelineVersionId } = await queueOf(c, server.demo.imageProjectId);
      const m = { ...submission(server.demo.imageProjectId, items[1]!.id, guidelineVersionId, {}), isGold: true };
      await expectNothingWritten(() => sync(c, m), 400, /isGold|unrecognized|not valid/i);
    });

    it('wrong types', async () => {
      const c = await server.as(ANNOTATOR);
      const { items, guidelineVersionId } = await queueOf(c, server.demo.imageProjectId);
      const m = { ...submission(server.demo.imageProjectId, items[1]!.id, guidelineVersionId, {}), durationMs: 'five seconds' };
      await expectNothingWritten(() => sync(c, m), 400, /durationMs/);
    });

    it('NaN and infinite coordinates', async () => {
      const c = await server.as(ANNOTATOR);
      const { items, guidelineVersionId } = await queueOf(c, server.demo.imageProjectId);
      const m = submission(server.demo.imageProjectId, items[1]!.id, guidelineVersionId, { shapes: [box('cup', 1, 1, 10, 10)] });
      const infinite = JSON.stringify({ schemaVersion: 1, mutations: [m] }).replace('"x":1', '"x":1e999');
      await expectNothingWritten(() => c.post('/api/sync', infinite, { 'content-type': 'application/json' }), 400, /finite number/);
      const nan = JSON.stringify({ schemaVersion: 1, mutations: [m] }).replace('"x":1', '"x":NaN');
      await expectNothingWritten(() => c.post('/api/sync', nan, { 'content-type': 'application/json' }), 400, /not valid JSON/);
    });

    it('a box outside the image and a label the project does not have', async () => {
      const c = await server.as(ANNOTATOR);
      const { items, guidelineVersionId } = await queueOf(c, server.demo.imageProjectId);
      const item = items[1]!;
      const outside = submission(server.demo.imageProjectId, item.id, guidelineVersionId, { shapes: [box('cup', item.image!.width - 5, 0, 50, 50)] });
      await expectNothingWritten(() => sync(c, outside), 400, /outside the .* image/);
      const unknown = submission(server.demo.imageProjectId, item.id, guidelineVersionId, { shapes: [box('giraffe', 1, 1, 5, 5)] });
      await expectNothingWritten(() => sync(c, unknown), 400, /"giraffe" is not a label/);
    });

    it('an item of another project', async () => {
      const c = await server.as(ANNOTATOR);
      const text = await queueOf(c, server.demo.textProjectId);
      const image = await queueOf(c, server.demo.imageProjectId);
      const m = submission(server.demo.imageProjectId, text.items[0]!.id, image.guidelineVersionId, {});
      await expectNothingWritten(() => sync(c, m), 404, /not part of this project/);
    });

    it('a submission from a user without the annotator role', async () => {
      const c = await server.as(ANNOTATOR);
      const { items, guidelineVersionId } = await queueOf(c, server.demo.imageProjectId);
      const lead = await server.as(LEAD);
      const m = submission(server.demo.imageProjectId, items[1]!.id, guidelineVersionId, {});
      await expectNothingWritten(() => sync(lead, m), 403, /Only annotators/);
    });

    it('an item not assigned to the caller', async () => {
      const a = await server.as(ANNOTATOR);
      const { items, guidelineVersionId } = await queueOf(a, server.demo.imageProjectId);
      const b = await server.as(ANNOTATOR2);
      const bQueue = await queueOf(b, server.demo.imageProjectId);
      const [ha, hb] = [await handlesOf(a, server.demo.imageProjectId), await handlesOf(b, server.demo.imageProjectId)];
      const notB = items.find((i) => !bQueue.items.some((x) => hb.real(x.id) === ha.real(i.id)));
      expect(notB).toBeDefined();
      // A's handle names nothing for B: an unknown item.
      await expectNothingWritten(() => sync(b, submission(server.demo.imageProjectId, notB!.id, guidelineVersionId, {})), 404, /not part of this project/);
      // B's own handle of A's item (which B is never sent): the item is refused as not B's.
      const bHandle = hb.handle(ha.real(notB!.id));
      await expectNothingWritten(() => sync(b, submission(server.demo.imageProjectId, bHandle, guidelineVersionId, {})), 403, /not assigned to you/);
    });

    it('a stale or missing session', async () => {
      const anon = server.anonymous();
      await expectNothingWritten(() => sync(anon, {}), 401, /not signed in/);
    });

    it('in a mixed batch, only the good mutations apply and the bad one says why', async () => {
      const c = await server.as(ANNOTATOR);
      const { items, guidelineVersionId } = await queueOf(c, server.demo.imageProjectId);
      const item = items[0]!.id;
      const good = submission(server.demo.imageProjectId, item, guidelineVersionId, { shapes: [box('coin', 5, 5, 20, 20)] });
      const bad = submission(server.demo.imageProjectId, item, guidelineVersionId, { shapes: [box('coin', 5, 5, 0, 20)] });
      const res = await sync(c, good, bad);
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected']);
      expect(res.body.results[1].message).toMatch(/at least 1×1/);
    });
  });

  it('publishes an OpenAPI document listing the routes', async () => {
    const res = await server.anonymous().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/sync', '/api/projects/{projectId}/queue', '/api/auth/login']));
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await (await server.as(ANNOTATOR)).get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
