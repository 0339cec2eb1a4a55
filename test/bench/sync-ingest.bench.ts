// Sync ingest benchmark (run on demand; prints figures):
//   node --import tsx test/bench/sync-ingest.bench.ts          (PostgreSQL too when TEST_DATABASE_URL is set)
// 1. Ingest: BENCH_ROWS submissions applied through the sync service (applyBatch: batches of 100,
//    one transaction each, ledger + revision + assignment) beside a raw multi-row INSERT of the
//    same annotation rows through the same driver — the ceiling — as a ratio.
// 2. Latency: p50/p99 of POST /api/sync against a real server process on 127.0.0.1 with
//    BENCH_CLIENTS (200) concurrent clients, each sending BENCH_REQUESTS batches of BENCH_BATCH.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { SubmitAnnotation } from '../../src/domain/api/index.ts';
import { uuidv7 } from '../../src/domain/ids.ts';
import { hashPassword } from '../../src/server/auth/password.ts';
import { createSession } from '../../src/server/auth/sessions.ts';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext, type AppContext } from '../../src/server/context.ts';
import { openDatabase, type DatabaseConfig } from '../../src/server/db/client.ts';
import { annotations, items, memberships, projects, users } from '../../src/server/db/schema.ts';
import { createProject } from '../../src/server/services/admin.ts';
import { serveQueue } from '../../src/server/services/queue.ts';
import { applyBatch } from '../../src/server/services/sync-apply.ts';
import { textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';
import { freshDatabase, type FaultEngine } from '../e2e/fault-harness.ts';
import { startServer } from '../e2e/harness.ts';

const engines: FaultEngine[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];
const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5);
const BATCH = Number(process.env.BENCH_BATCH ?? 10);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_MS ?? 120_000);
const id = () => uuidv7(Date.now(), randomBytes(10));
const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, k) => xs.slice(k * n, k * n + n));
const CLASSES = ['politics', 'business', 'sports', 'science', 'culture'];

/** Users with one precomputed password hash (scrypt per user would dominate the set-up). */
async function seed(ctx: AppContext, nUsers: number, itemsPerUser: number) {
  const project = await createProject(ctx, { name: 'Bench', kind: 'text', labelSchema: textSchema, sections: textGuideline });
  const hash = await hashPassword('bench-password');
  const userIds = Array.from({ length: nUsers }, id);
  for (const part of chunks(userIds, 500)) await ctx.db.insert(users).values(part.map((u, k) => ({ id: u, email: `bench-${u}-${k}@bench.test`, displayName: 'Bench', passwordHash: hash })));
  for (const part of chunks(userIds, 500)) await ctx.db.insert(memberships).values(part.map((u) => ({ projectId: project.id, userId: u, role: 'annotator' as const })));
  const itemIds = Array.from({ length: nUsers * itemsPerUser }, () => crypto.randomUUID());
  for (const part of chunks(itemIds, 500)) await ctx.db.insert(items).values(part.map((i, k) => ({ id: i, projectId: project.id, text: `Bench sentence ${k}.`, meta: {} })));
  const [row] = await ctx.db.select().from(projects).where(eq(projects.id, project.id));
  const served = new Map<string, string[]>();
  for (const u of userIds) served.set(u, (await serveQueue(ctx, u, row!, itemsPerUser)).items.map((q) => q.id));
  return { project, userIds, served };
}

function submission(projectId: string, guidelineVersionId: string, itemId: string, k: number): SubmitAnnotation {
  const now = Date.now();
  return {
    id: id(),
    type: 'annotation.submit',
    projectId,
    itemId,
    guidelineVersionId,
    payload: { shapes: [], spans: [], classes: [CLASSES[k % CLASSES.length] as string] },
    startedAt: new Date(now - 4000).toISOString(),
    submittedAt: new Date(now).toISOString(),
    durationMs: 4000,
  };
}

async function ingest(engine: FaultEngine) {
  const fresh = await freshDatabase(engine);
  const database = await openDatabase(fresh.config);
  try {
    const ctx = defaultContext(database.db, { ...loadConfig({}), clientDir: undefined });
    const { project, userIds, served } = await seed(ctx, 1, ROWS);
    const user = { id: userIds[0] as string, email: 'bench', displayName: 'Bench' };
    const muts = (served.get(user.id) ?? []).map((itemId, k) => submission(project.id, project.guidelineVersionId, itemId, k));

    let t = performance.now();
    for (const batch of chunks(muts, 100)) await applyBatch(ctx, user, batch);
    const syncSeconds = (performance.now() - t) / 1000;

    // The same rows again as revision 2, straight in: what the driver and table can take.
    const rows = muts.map((m) => ({
      id: id(),
      projectId: m.projectId,
      itemId: m.itemId,
      userId: user.id,
      revision: 2,
      guidelineVersionId: m.guidelineVersionId,
      payload: m.payload,
      durationMs: m.durationMs,
      startedAt: new Date(m.startedAt),
      submittedAt: new Date(m.submittedAt),
      receivedAt: new Date(),
      mutationId: id(),
    }));
    t = performance.now();
    for (const part of chunks(rows, 100)) await ctx.db.insert(annotations).values(part);
    const rawSeconds = (performance.now() - t) / 1000;
    const sync = muts.length / syncSeconds;
    const raw = rows.length / rawSeconds;
    console.log(`  ingest: sync ${sync.toFixed(0)} annotations/s · raw multi-row INSERT ${raw.toFixed(0)} rows/s · ratio ${(sync / raw).toFixed(2)} (${muts.length} rows, batches of 100)`);
  } finally {
    await database.close();
    await fresh.cleanup();
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function latency(engine: FaultEngine) {
  const fresh = await freshDatabase(engine);
  let tokens: string[] = [];
  let work: SubmitAnnotation[][][] = [];
  const database = await openDatabase(fresh.config as DatabaseConfig);
  try {
    const ctx = defaultContext(database.db, { ...loadConfig({}), clientDir: undefined });
    const { project, userIds, served } = await seed(ctx, CLIENTS, REQUESTS * BATCH);
    tokens = await Promise.all(userIds.map(async (u) => (await createSession(ctx, u)).token));
    work = userIds.map((u) => chunks((served.get(u) ?? []).map((itemId, k) => submission(project.id, project.guidelineVersionId, itemId, k)), BATCH));
  } finally {
    await database.close();
  }
  const server = await startServer({ env: { ...fresh.env, DEMO: '0' } });
  try {
    const latencies: number[] = [];
    let errors = 0;
    const deadline = Date.now() + TIME_LIMIT_MS;
    const t0 = performance.now();
    await Promise.all(
      work.map(async (batches, k) => {
        for (const batch of batches) {
          if (Date.now() > deadline) return;
          const t = performance.now();
          const res = await fetch(`${server.url}/api/sync`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-requested-with': 'touchstone', cookie: `ts_session=${tokens[k]}` },
            body: JSON.stringify({ schemaVersion: 1, mutations: batch }),
          }).catch(() => null);
          const body = res ? ((await res.json().catch(() => null)) as { results?: Array<{ status: string }> } | null) : null;
          latencies.push(performance.now() - t);
          if (!res || res.status !== 200 || body?.results?.some((r) => r.status !== 'applied')) errors++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `  /api/sync, ${CLIENTS} concurrent clients × ${REQUESTS} requests of ${BATCH}: p50 ${pct(latencies, 50).toFixed(1)} ms · p90 ${pct(latencies, 90).toFixed(1)} ms · p99 ${pct(latencies, 99).toFixed(1)} ms · max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms · ${latencies.length} requests, ${errors} failed · ${((latencies.length * BATCH) / seconds).toFixed(0)} annotations/s`,
    );
  } finally {
    await server.stop();
    await fresh.cleanup();
  }
}

for (const engine of engines) {
  console.log(`\n${engine}`);
  await ingest(engine);
  await latency(engine);
}
if (!engines.includes('postgres')) console.log('\n(PostgreSQL skipped: set TEST_DATABASE_URL to run it too)');
