// Two colluding annotators served the same items compare the ids and asset URLs they were given.
// Each annotator holds handles of their own (queue/handles.ts), so the two lists share nothing,
// while each still submits, escalates and fetches images by their own handles; a handle passed
// from one to the other is refused exactly like an id that names nothing.
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, items } from '../../../src/server/db/schema.ts';
import { addImageItem, createProject, grantRole } from '../../../src/server/admin/create.ts';
import { imageGuideline, imageSchema } from '../../../src/server/seed/demo-content.ts';
import { escalationOf, queueOf, submission, sync } from '../fixtures.ts';
import { ANNOTATOR, ANNOTATOR2, engines, startTestServer, type Caller, type TestServer } from '../harness.ts';

const IMAGES = ['astronaut.jpg', 'coffee-cup.jpg', 'coins.jpg', 'motorcycle.jpg'];
type Served = Awaited<ReturnType<typeof queueOf>>['items'];

/** The served image's bytes, by the URL the caller was given. */
async function imageOf(who: Caller, url: string): Promise<string> {
  const res = await who.server.app.inject({ method: 'GET', url, headers: { cookie: who.cookie ?? '' } });
  expect(res.statusCode).toBe(200);
  return createHash('sha256').update(res.rawPayload).digest('hex');
}

/** A refusal with the caller's own mutation ids blanked, so two refusals can be compared whole. */
const refusal = (res: { status: number; body: unknown }) => ({
  status: res.status,
  body: JSON.parse(JSON.stringify(res.body).replace(/"id":"[^"]+"/g, '"id":"-"')),
});
const otherId = (url: string) => url.replace(/[0-9a-f-]{36}$/, randomUUID());

describe.each(engines)('adversary: per-annotator handles on %s', (engine) => {
  let server: TestServer;
  let projectId: string;
  let a: Caller;
  let b: Caller;
  let served: [Served, Served];
  let version: string;
  beforeAll(async () => {
    server = await startTestServer(engine);
    const ctx = server.ctx;
    // Overlap 2: every item goes to both annotators, which is what colluders compare.
    const project = await createProject(ctx, { name: 'Handles', kind: 'image', labelSchema: imageSchema, sections: imageGuideline, overlap: 2 });
    projectId = project.id;
    for (const file of IMAGES) await addImageItem(ctx, ctx.db, project.id, await readFile(path.join('src/server/seed/assets', file)));
    for (const who of [ANNOTATOR, ANNOTATOR2]) await grantRole(ctx, project.id, server.demo.userIds[who] as string, 'annotator');
    a = await server.as(ANNOTATOR);
    b = await server.as(ANNOTATOR2);
    const qa = await queueOf(a, projectId);
    const qb = await queueOf(b, projectId);
    served = [qa.items, qb.items];
    version = qa.guidelineVersionId;
  }, 120_000);
  afterAll(async () => server?.close());

  it('serves the same images to both under ids and asset URLs that share nothing', async () => {
    const [sa, sb] = served;
    expect(sa).toHaveLength(IMAGES.length);
    expect(sb).toHaveLength(IMAGES.length);
    const contentA = await Promise.all(sa.map((i) => imageOf(a, i.image!.url)));
    const contentB = await Promise.all(sb.map((i) => imageOf(b, i.image!.url)));
    expect(new Set(contentA)).toEqual(new Set(contentB));
    const idsA = new Set(sa.map((i) => i.id));
    expect(sb.filter((i) => idsA.has(i.id))).toEqual([]);
    const urlsA = new Set(sa.map((i) => i.image!.url));
    expect(sb.filter((i) => urlsA.has(i.image!.url))).toEqual([]);
    // Every path segment, not only the whole URL: no shared asset id inside differing routes.
    const segmentsA = new Set(sa.flatMap((i) => [i.id, ...i.image!.url.split('/')]).filter((s) => s.length === 36));
    expect(sb.flatMap((i) => [i.id, ...i.image!.url.split('/')]).filter((s) => segmentsA.has(s))).toEqual([]);
  });

  it("refuses one annotator's asset URL to the other exactly like a URL naming no image", async () => {
    for (const item of served[0]) {
      const stolen = await b.get(item.image!.url);
      const unknown = await b.get(otherId(item.image!.url));
      expect(stolen.status).toBe(404);
      expect(refusal(stolen)).toEqual(refusal(unknown));
    }
  });

  it("refuses one annotator's item handle to the other exactly like an unknown id, in a submission and an escalation", async () => {
    const stolen = served[0][0]!.id;
    for (const make of [() => submission(projectId, stolen, version, {}), () => escalationOf(projectId, stolen, version)]) {
      const withStolen = make();
      const withUnknown = { ...make(), itemId: randomUUID() };
      const x = refusal(await sync(b, withStolen));
      const y = refusal(await sync(b, withUnknown));
      expect(x.status).toBe(404);
      expect(x).toEqual(y);
    }
  });

  it('lets each annotator submit and escalate by their own handles, and lists escalations under them', async () => {
    for (const [who, items] of [
      [a, served[0]],
      [b, served[1]],
    ] as const) {
      const res = await sync(who, submission(projectId, items[0]!.id, version, { shapes: [] }), escalationOf(projectId, items[1]!.id, version));
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
      const mine = await who.get(`/api/projects/${projectId}/my-escalations`);
      expect(mine.body.escalations.map((e: { itemId: string }) => e.itemId)).toEqual([items[1]!.id]);
    }
  });
  it('still takes work a device saved under the real id before handles, for items assigned to the caller only', async () => {
    // Real ids as the database holds them: what a device kept in its outbox from before the upgrade.
    const assignedTo = async (who: string) =>
      (
        await server.ctx.db
          .select({ itemId: assignments.itemId })
          .from(assignments)
          .innerJoin(items, eq(items.id, assignments.itemId))
          .where(and(eq(assignments.userId, server.demo.userIds[who] as string), eq(items.projectId, projectId)))
      ).map((r) => r.itemId);
    const [realA] = await assignedTo(ANNOTATOR);
    const saved = await sync(a, submission(projectId, realA!, version, { shapes: [] }));
    expect(saved.body.results[0].status).toBe('applied');
    // An item of this project given to nobody, named by its real id: refused like any unknown id.
    const notTheirs = (await addImageItem(server.ctx, server.ctx.db, projectId, await readFile(path.join('src/server/seed/assets', 'coins.jpg')))).id;
    const x = refusal(await sync(b, submission(projectId, notTheirs, version, {})));
    const y = refusal(await sync(b, submission(projectId, randomUUID(), version, {})));
    expect(x.status).toBe(404);
    expect(x).toEqual(y);
  });
});
