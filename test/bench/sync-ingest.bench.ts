// Sync ingest benchmark (run on demand; prints figures; exits non-zero when any timed request is
// not applied, so a run of refusals can never pass for a measurement):
//   nice node --import tsx test/bench/sync-ingest.bench.ts     (PostgreSQL too when TEST_DATABASE_URL is set)
// Everything goes through the real HTTP path — a server process on 127.0.0.1 with every route and
// every sync hook mounted, sessions made under that server's own secret — with a realistic mix:
// an image project (two boxes and a polygon per item) and a text project (three spans and a class),
// every tenth item gold, review sampling on (10 %).
// 0. The floor: 50 authenticated GET /api/auth/me, one after another (what any request costs).
// 1. Throughput: BENCH_ROWS submissions by 4 clients in batches of 100, beside a raw multi-row
//    INSERT of as many annotation rows through the same driver in the same run (the ceiling).
// 2. Latency (closed loop): 1 client × 50 requests, 20 clients × 10, 200 clients × 3, batches of 10.
// 3. Open loop: 1,000 annotators each submitting one item every 10 s for BENCH_OPEN_SECONDS (30).
// Bounded: each phase stops at its deadline, the whole run at BENCH_TIME_LIMIT_MS (15 min).
import { eq, sql } from 'drizzle-orm';
import type { SubmitAnnotation } from '../../src/domain/api/index.ts';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { annotations } from '../../src/server/db/schema.ts';
import { freshDatabase, type FaultEngine } from '../e2e/fault-harness.ts';
import { startServer, type RunningServer } from '../e2e/harness.ts';
import { chunks, newId, payloadFor, seedLoad, submissionOf, type Seeded } from './sync-load.ts';
import { benchEngines } from './engines.ts';

const engines: FaultEngine[] = benchEngines();
const ROWS = Number(process.env.BENCH_ROWS ?? 4000);
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 30);
const OPEN_ANNOTATORS = Number(process.env.BENCH_OPEN_ANNOTATORS ?? 1000);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_MS ?? 15 * 60_000);
const PHASE_LIMIT_MS = 120_000;
/** One secret on both sides: the sessions made here must be the server's own. */
const SECRET = 'bench-session-secret-0123456789abcdef0123456789';

interface Phase {
  name: string;
  clients: number;
  requests: number;
  batch: number;
}
const THROUGHPUT: Phase = { name: 'throughput', clients: 4, requests: Math.ceil(ROWS / 400), batch: 100 };
const CLOSED: Phase[] = [
  { name: '1 client', clients: 1, requests: 50, batch: 10 },
  { name: '20 clients', clients: 20, requests: 10, batch: 10 },
  { name: '200 clients', clients: Math.min(200, OPEN_ANNOTATORS), requests: 3, batch: 10 },
];
const OPEN: Phase = { name: 'open loop', clients: OPEN_ANNOTATORS, requests: Math.ceil(OPEN_SECONDS / 10), batch: 1 };
const PHASES = [THROUGHPUT, ...CLOSED, OPEN];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
let failures = 0;
let server: RunningServer | null = null;
process.on('exit', () => server?.process.kill('SIGKILL'));
setTimeout(() => {
  console.error(`\nThe benchmark ran past its limit of ${TIME_LIMIT_MS / 1000} s; stopped.`);
  process.exit(2);
}, TIME_LIMIT_MS).unref();

/** Sends one batch; the request counts as applied only on a 200 whose every result is "applied". */
async function send(url: string, token: string, batch: SubmitAnnotation[]): Promise<boolean> {
  const res = await fetch(`${url}/api/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'touchstone', cookie: `ts_session=${token}` },
    body: JSON.stringify({ schemaVersion: 1, mutations: batch }),
  }).catch(() => null);
  const body = res ? ((await res.json().catch(() => null)) as { results?: Array<{ status: string }>; message?: string } | null) : null;
  const ok = !!res && res.status === 200 && body?.results?.length === batch.length && body.results.every((r) => r.status === 'applied');
  if (!ok && failures++ < 3) {
    const bad = body?.results?.find((r) => r.status !== 'applied') ?? body;
    console.error(`  not applied: HTTP ${res?.status ?? 'no answer'} ${JSON.stringify(bad).slice(0, 400)}`);
  }
  return ok;
}

/** Each annotator's items, handed out phase by phase. */
class Work {
  private next: number[];
  constructor(private readonly seeded: Seeded) {
    this.next = seeded.work.map(() => 0);
  }
  take(u: number, n: number): SubmitAnnotation[] {
    const start = this.next[u] as number;
    this.next[u] = start + n;
    return (this.seeded.work[u] as Seeded['work'][number]).slice(start, start + n).map(submissionOf);
  }
}

async function closedLoop(url: string, seeded: Seeded, work: Work, phase: Phase) {
  const latencies: number[] = [];
  let applied = 0;
  const deadline = Date.now() + PHASE_LIMIT_MS;
  const batches = Array.from({ length: phase.clients }, (_, u) => Array.from({ length: phase.requests }, () => work.take(u, phase.batch)));
  const t0 = performance.now();
  await Promise.all(
    batches.map(async (mine, u) => {
      for (const batch of mine) {
        if (Date.now() > deadline) return;
        const t = performance.now();
        if (await send(url, seeded.tokens[u] as string, batch)) applied += batch.length;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { latencies: latencies.sort((a, b) => a - b), perSecond: applied / seconds, requests: latencies.length, planned: phase.clients * phase.requests };
}

/** Every annotator sends on its own schedule, whether or not earlier answers came back. */
async function openLoop(url: string, seeded: Seeded, work: Work, phase: Phase) {
  const latencies: number[] = [];
  const t0 = performance.now() + 200;
  const sends: Array<Promise<void>> = [];
  for (let u = 0; u < phase.clients; u++) {
    for (let i = 0; i < phase.requests; i++) {
      const at = t0 + (u / phase.clients) * 10_000 + i * 10_000;
      const batch = work.take(u, 1);
      sends.push(
        new Promise<void>((resolve) => {
          setTimeout(
            () =>
              void send(url, seeded.tokens[u] as string, batch).then(() => {
                // From the planned moment, so a client falling behind counts against the server.
                latencies.push(performance.now() - at);
                resolve();
              }),
            Math.max(0, at - performance.now()),
          );
        }),
      );
    }
  }
  await Promise.all(sends);
  return latencies.sort((a, b) => a - b);
}

async function rawInsert(ctx: ReturnType<typeof defaultContext>, seeded: Seeded): Promise<number> {
  const { spare } = seeded;
  const rows = Array.from({ length: ROWS }, (_, k) => ({
    id: newId(),
    projectId: spare.projectId,
    itemId: spare.itemId,
    userId: spare.userId,
    revision: k + 1,
    guidelineVersionId: spare.guidelineVersionId,
    payload: payloadFor(k % 2 === 0 ? 'image' : 'text', k),
    durationMs: 4000,
    startedAt: new Date(),
    submittedAt: new Date(),
    receivedAt: new Date(),
    mutationId: newId(),
  }));
  const t = performance.now();
  for (const part of chunks(rows, 100)) await ctx.db.insert(annotations).values(part);
  const perSecond = rows.length / ((performance.now() - t) / 1000);
  await ctx.db.delete(annotations).where(eq(annotations.userId, spare.userId));
  return perSecond;
}

async function run(engine: FaultEngine) {
  const fresh = await freshDatabase(engine);
  try {
    const database = await openDatabase(fresh.config);
    let seeded: Seeded;
    let raw: number;
    try {
      const ctx = defaultContext(database.db, { ...loadConfig({ SESSION_SECRET: SECRET, DEMO: '0' }), clientDir: undefined });
      const perUser = (u: number) => PHASES.reduce((n, p) => n + (u < p.clients ? p.requests * p.batch : 0), 0);
      seeded = await seedLoad(ctx, OPEN_ANNOTATORS, perUser);
      await ctx.db.execute(sql`analyze`);
      raw = await rawInsert(ctx, seeded);
    } finally {
      await database.close();
    }
    server = await startServer({ env: { ...fresh.env, DEMO: '0', SESSION_SECRET: SECRET } });
    const work = new Work(seeded);
    // The floor every request stands on (session, guards, limits, one small read), for scale.
    const floor: number[] = [];
    for (let k = 0; k < 50; k++) {
      const t = performance.now();
      const res = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: `ts_session=${seeded.tokens[0]}` } }).catch(() => null);
      await res?.arrayBuffer();
      if (res?.status === 200) floor.push(performance.now() - t);
      else failures++;
    }
    floor.sort((a, b) => a - b);
    console.log(`  floor: GET /api/auth/me, 1 client × 50: p50 ${ms(pct(floor, 50))} · p99 ${ms(pct(floor, 99))}`);
    const t = await closedLoop(server.url, seeded, work, THROUGHPUT);
    console.log(
      `  throughput: /api/sync ${t.perSecond.toFixed(0)} annotations/s (4 clients, batches of 100) · raw multi-row INSERT ${raw.toFixed(0)} rows/s · ratio ${(t.perSecond / raw).toFixed(3)}`,
    );
    for (const phase of CLOSED) {
      const r = await closedLoop(server.url, seeded, work, phase);
      const l = r.latencies;
      console.log(
        `  ${phase.name} × ${phase.requests} requests of ${phase.batch}: p50 ${ms(pct(l, 50))} · p99 ${ms(pct(l, 99))} · max ${ms(l.at(-1) ?? NaN)} · ${r.perSecond.toFixed(0)} annotations/s · ${r.requests}/${r.planned} requests sent`,
      );
      if (r.requests < r.planned) failures++;
    }
    const open = await openLoop(server.url, seeded, work, OPEN);
    console.log(
      `  open loop, ${OPEN_ANNOTATORS} annotators × one item per 10 s for ${OPEN_SECONDS} s: p50 ${ms(pct(open, 50))} · p99 ${ms(pct(open, 99))} · max ${ms(open.at(-1) ?? NaN)} · ${open.length} requests`,
    );
  } finally {
    await server?.stop();
    server = null;
    await fresh.cleanup();
  }
}

for (const engine of engines) {
  console.log(`\n${engine}`);
  await run(engine);
}
if (!engines.includes('postgres')) console.log('\n(PostgreSQL skipped: set TEST_DATABASE_URL to run it too)');
if (failures > 0) {
  console.error(`\n${failures} timed request(s) were not applied (or not sent in time): these figures are not a measurement.`);
  process.exit(1);
}
