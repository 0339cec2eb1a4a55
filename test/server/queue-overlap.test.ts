import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext, type AppContext } from '../../src/server/context.ts';
import { openDatabase, type Database } from '../../src/server/db/client.ts';
import { assignments, items, projects } from '../../src/server/db/schema.ts';
import { seedDemo } from '../../src/server/seed/demo.ts';
import { annotatorHandles } from '../../src/server/queue/annotator-handles.ts';
import { Caller, engines, openTestDatabase, type TestServer } from './harness.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// Overlap under concurrency, on two servers sharing one database (as in multi-server.test.ts):
// a share of the live items gets k annotators, the rest one; the calibration set goes to every
// annotator; nobody gets an item twice. Demand exceeds supply, so every slot must end up filled
// exactly: k distinct annotators per overlapped item, not k − 1 and not k + 1.
describe.each(engines)('overlap share and calibration across two servers on %s', (engine) => {
  const K = 3;
  const SHARE = 0.5;
  const ITEMS = 120;
  const CALIBRATION = 10;
  const ANNOTATORS = 8;
  let databases: Database[] = [];
  let drop: () => Promise<void> = async () => {};
  let apps: Array<Awaited<ReturnType<typeof buildApp>>> = [];
  let ctx: AppContext;
  let projectId = '';
  let calibrationIds: string[] = [];
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
    people = await annotators(ctx, ANNOTATORS, `ov-${engine}`);
    const p = await textProject(ctx, { items: ITEMS, overlap: K, annotatorIds: people.map((x) => x.id), name: 'Overlap' });
    projectId = p.id;
    await ctx.db.update(projects).set({ overlapShare: SHARE }).where(eq(projects.id, projectId));
    // Calibration items from the middle of the order, so "served first" is not an accident of seq.
    calibrationIds = p.itemIds.slice(50, 50 + CALIBRATION);
    await ctx.db.update(items).set({ calibration: true }).where(inArray(items.id, calibrationIds));
    apps = await Promise.all(contexts.map((c) => buildApp(c)));
    await Promise.all(apps.map((a) => a.ready()));
  }, 120_000);
  afterAll(async () => {
    for (const a of apps) await a.close();
    for (const d of databases) await d.close();
    await drop();
  });

  const callerOn = (k: number) => new Caller({ app: apps[k % apps.length] } as unknown as TestServer);

  it(`gives each overlapped item exactly ${K} distinct annotators, the others one, calibration items all ${ANNOTATORS}`, async () => {
    const sessions = await Promise.all(people.map(async (p) => (await callerOn(0).login(p.email)).cookie));
    const statuses: number[] = [];
    const fetch = async (k: number, s: number, limit: number) => {
      const c = callerOn(k + s);
      c.cookie = sessions[k];
      const res = await c.post(`/api/projects/${projectId}/queue?limit=${limit}`);
      statuses.push(res.status);
    };
    // Alone, the first annotator's first batch opens with the whole calibration set, before other live work.
    const first = Object.assign(callerOn(0), { cookie: sessions[0] });
    const handles = annotatorHandles(ctx, projectId, people[0]!.id);
    const opening = ((await first.post(`/api/projects/${projectId}/queue?limit=15`)).body.items as Array<{ id: string }>).map((i) => handles.itemId(i.id));
    expect(new Set(opening.slice(0, CALIBRATION))).toEqual(new Set(calibrationIds));
    expect(opening.slice(CALIBRATION).filter((id) => calibrationIds.includes(id))).toEqual([]);
    // Then everyone asks both servers at once, rounds of growing size; then one sweep in turn.
    for (const limit of [15, 40, 70]) await Promise.all(people.flatMap((_, k) => [0, 1].map((s) => fetch(k, s, limit))));
    for (let k = 0; k < people.length; k++) await fetch(k, 0, 100);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const rows = await ctx.db
      .select({ id: items.id, seq: items.seq, calibration: items.calibration, assignedCount: items.assignedCount })
      .from(items)
      .where(eq(items.projectId, projectId));
    const active = await ctx.db
      .select({ itemId: assignments.itemId, userId: assignments.userId })
      .from(assignments)
      .where(and(eq(assignments.projectId, projectId), inArray(assignments.status, ['open', 'done'])));
    expect(new Set(active.map((a) => `${a.userId}:${a.itemId}`)).size).toBe(active.length);
    const who = (id: string) => new Set(active.filter((a) => a.itemId === id).map((a) => a.userId)).size;
    const overlapped = (seq: number) => Math.floor((seq + 1) * SHARE) > Math.floor(seq * SHARE);
    const wrong = rows.flatMap((r) => {
      const want = r.calibration ? ANNOTATORS : overlapped(r.seq) ? K : 1;
      return who(r.id) === want && r.assignedCount === want ? [] : [`${r.seq}: ${who(r.id)} annotators, count ${r.assignedCount}, want ${want}`];
    });
    expect(wrong).toEqual([]);
    const live = rows.filter((r) => !r.calibration);
    const share = live.filter((r) => overlapped(r.seq)).length / live.length;
    console.info(`[queue-overlap ${engine}] ${active.length} assignments; overlapped share of live items ${share.toFixed(3)} (target ${SHARE})`);
    expect(Math.abs(share - SHARE)).toBeLessThan(0.02);
  }, 180_000);
});
