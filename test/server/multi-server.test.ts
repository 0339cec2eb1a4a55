import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext, type AppContext } from '../../src/server/context.ts';
import { openDatabase, type Database } from '../../src/server/db/client.ts';
import { annotations, assignments, items } from '../../src/server/db/schema.ts';
import { seedDemo } from '../../src/server/seed/demo.ts';
import { annotatorHandles } from '../../src/server/queue/annotator-handles.ts';
import { Caller, engines, openTestDatabase, type TestServer } from './harness.ts';
import { submission } from './fixtures.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// Two server processes on one database hand out the same queues. On PostgreSQL the two apps
// have two connection pools (as two processes would) and race for rows; SKIP LOCKED and the
// assigned_count kept on the item row must hold the project's overlap. PGlite has one
// connection per data directory, so there the two apps share it (the logic, not the locks).
describe.each(engines)('two servers on one %s database', (engine) => {
  const OVERLAP = 2;
  const ITEMS = 200;
  const ANNOTATORS = 12;
  let databases: Database[] = [];
  let drop: () => Promise<void> = async () => {};
  let apps: Array<Awaited<ReturnType<typeof buildApp>>> = [];
  let ctx: AppContext;
  let projectId = '';
  let people: Array<{ id: string; email: string }> = [];

  beforeAll(async () => {
    const first = await openTestDatabase(engine);
    drop = first.drop;
    const second = engine === 'postgres' ? await openDatabase({ databaseUrl: first.url, dataDir: '' }) : first.database;
    databases = engine === 'postgres' ? [first.database, second] : [first.database];
    const config = { ...loadConfig({}), clientDir: undefined, logLevel: 'silent' };
    const contexts = [defaultContext(first.database.db, config), defaultContext(second.db, config)];
    ctx = contexts[0] as AppContext;
    await seedDemo(ctx);
    people = await annotators(ctx, ANNOTATORS, engine);
    projectId = (await textProject(ctx, { items: ITEMS, overlap: OVERLAP, annotatorIds: people.map((p) => p.id) })).id;
    apps = await Promise.all(contexts.map((c) => buildApp(c)));
    await Promise.all(apps.map((a) => a.ready()));
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    for (const d of databases) await d.close();
    await drop();
  });

  const callerOn = (k: number) => new Caller({ app: apps[k % apps.length] } as unknown as TestServer);

  it(`never hands a live item to more than ${OVERLAP} annotators while both servers race`, async () => {
    // One sign-in per annotator; the session lives in the database, so it works on both servers.
    const sessions = await Promise.all(people.map(async (p) => (await callerOn(0).login(p.email)).cookie));
    const statuses: number[] = [];
    // Every annotator asks both servers at once, three rounds, all annotators together.
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        people.flatMap((_, k) =>
          [0, 1].map(async (s) => {
            const c = callerOn(k + s);
            c.cookie = sessions[k];
            const res = await c.post(`/api/projects/${projectId}/queue?limit=${20 + 10 * round}`);
            statuses.push(res.status);
          }),
        ),
      );
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const itemRows = await ctx.db.select({ id: items.id, assignedCount: items.assignedCount }).from(items).where(eq(items.projectId, projectId));
    const active = await ctx.db
      .select({ itemId: assignments.itemId, userId: assignments.userId })
      .from(assignments)
      .where(and(eq(assignments.projectId, projectId), inArray(assignments.status, ['open', 'done'])));
    const all = itemRows.map((i) => ({ ...i, active: active.filter((a) => a.itemId === i.id).length }));
    expect(all).toHaveLength(ITEMS);
    const served = active.length;
    expect(new Set(active.map((a) => `${a.userId}:${a.itemId}`)).size).toBe(served);
    // 12 annotators × 40 open items were wanted, more than 200 items × overlap 2: every slot
    // is taken, and none twice.
    expect(served).toBe(ITEMS * OVERLAP);
    expect(Math.max(...all.map((r) => r.active))).toBeLessThanOrEqual(OVERLAP);
    // The count kept on the row (what SKIP LOCKED re-checks) matches the assignments.
    expect(all.filter((r) => r.assignedCount !== r.active)).toEqual([]);
  });

  it('applies a batch sent to both servers at once exactly once (a retry racing the first attempt)', async () => {
    const person = people[0] as { id: string; email: string };
    const cookie = (await callerOn(0).login(person.email)).cookie;
    const mine = await ctx.db
      .select({ itemId: assignments.itemId })
      .from(assignments)
      .where(and(eq(assignments.userId, person.id), eq(assignments.projectId, projectId)));
    const guideline = (
      await callerOn(0)
        .login(person.email)
        .then((c) => c.get(`/api/projects/${projectId}`))
    ).body.guideline.id as string;
    // Sent as the annotator's client sends them: by the handles it was served (queue/annotator-handles.ts).
    const handles = annotatorHandles(ctx, projectId, person.id);
    const batches = [0, 1, 2, 3].map((r) =>
      mine.slice(r * 5, r * 5 + 5).map((a) => submission(projectId, handles.item(a.itemId), guideline, { classes: ['sports'] })),
    );
    for (const batch of batches) {
      const answers = await Promise.all([0, 1].map((s) => Object.assign(callerOn(s), { cookie }).post('/api/sync', { schemaVersion: 1, mutations: batch })));
      // Each attempt either answers per mutation or is refused whole (409, the client retries).
      for (const a of answers) expect([200, 409]).toContain(a.status);
      const retry = await Object.assign(callerOn(1), { cookie }).post('/api/sync', { schemaVersion: 1, mutations: batch });
      expect(retry.body.results.every((r: { status: string }) => r.status === 'duplicate')).toBe(true);
    }
    const ids = batches.flat().map((m) => m.id);
    const rows = await ctx.db.select({ id: annotations.mutationId }).from(annotations).where(inArray(annotations.mutationId, ids));
    expect(rows).toHaveLength(ids.length);
  });
});
