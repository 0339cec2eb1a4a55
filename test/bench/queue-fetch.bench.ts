// Queue fetch benchmark (run on demand; prints figures):
//   nice node --import tsx test/bench/queue-fetch.bench.ts     (PostgreSQL too when TEST_DATABASE_URL is set)
// A text project of N items (BENCH_QUEUE_SIZES; by default 10k and 100k, and 1M on PostgreSQL),
// every tenth item gold, with half of the live items already done by earlier annotators — so the
// fetch has to find work past them — then 40 fresh annotators each fetch a queue of 10, and fetch
// again (lease renewal), each through the real path: POST /api/projects/:id/queue to a server
// process (session, guards, limits, every hook), beside its ceiling through the same driver (the
// one read of ten unassigned live items), as a ratio. The fetch should cost the same at every
// size. A refused or short fetch is not timed, and the run exits non-zero.
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { memberships, users } from '../../src/server/db/schema.ts';
import { createSession } from '../../src/server/auth/sessions.ts';
import { createProject } from '../../src/server/admin/create.ts';
import { textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';
import { freshDatabase, type FaultEngine } from '../e2e/fault-harness.ts';
import { startServer, type RunningServer } from '../e2e/harness.ts';
import { newId } from './sync-load.ts';
import { benchEngines } from './engines.ts';

const engines: FaultEngine[] = benchEngines();
// BENCH_QUEUE_SIZES, when set, is the whole list (on both engines).
const SIZES = process.env.BENCH_QUEUE_SIZES?.split(',').map(Number);
const ANNOTATORS = Number(process.env.BENCH_QUEUE_ANNOTATORS ?? 40);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const deadline = Date.now() + Number(process.env.BENCH_TIME_LIMIT_MS ?? 20 * 60_000);
setTimeout(() => {
  console.error('The queue benchmark ran past its time limit; stopped.');
  process.exit(2);
}, deadline - Date.now()).unref();

const SECRET = 'bench-session-secret-0123456789abcdef0123456789';
let server: RunningServer | null = null;
process.on('exit', () => server?.process.kill('SIGKILL'));
let refused = 0;

/** The ceiling: the one read a fetch cannot do without (ten unassigned live items), through the same driver. */
const rawPick = (projectId: string) => sql`SELECT i.id FROM items i
  WHERE i.project_id = ${projectId} AND i.calibration = false AND i.assigned_count < 1
    AND NOT EXISTS (SELECT 1 FROM gold_answers g WHERE g.item_id = i.id)
  ORDER BY i.id LIMIT 10`;

async function run(engine: FaultEngine, size: number) {
  const fresh = await freshDatabase(engine);
  try {
    const database = await openDatabase(fresh.config);
    let projectId: string;
    let tokens: string[];
    const raw: number[] = [];
    try {
      const ctx = defaultContext(database.db, { ...loadConfig({ SESSION_SECRET: SECRET, DEMO: '0' }), clientDir: undefined });
      const p = await createProject(ctx, { name: `Queue ${size}`, kind: 'text', labelSchema: textSchema, sections: textGuideline });
      projectId = p.id;
      const earlier = newId();
      await ctx.db.insert(users).values({ id: earlier, email: 'earlier@bench.test', displayName: 'Earlier', passwordHash: 'x' });
      // Items, gold answers and the earlier annotator's done work, written by the database itself.
      await ctx.db.execute(sql`INSERT INTO items (id, project_id, text, assigned_count, served_count)
        SELECT gen_random_uuid(), ${p.id}, 'Sentence ' || g, CASE WHEN g % 10 <> 0 AND g <= ${size / 2} THEN 1 ELSE 0 END, 0 FROM generate_series(1, ${size}) g`);
      await ctx.db.execute(sql`INSERT INTO gold_answers (item_id, project_id, answer, guideline_version_id)
        SELECT id, project_id, '{"shapes":[],"spans":[],"classes":["sports"]}'::jsonb, ${p.guidelineVersionId} FROM items WHERE project_id = ${p.id} AND seq % 10 = 0`);
      await ctx.db.execute(sql`INSERT INTO assignments (id, project_id, item_id, user_id, position, status, lease_expires_at, done_at)
        SELECT gen_random_uuid(), project_id, id, ${earlier}, row_number() OVER (ORDER BY seq), 'done', now(), now() FROM items WHERE project_id = ${p.id} AND assigned_count = 1`);
      const ids = Array.from({ length: ANNOTATORS }, newId);
      await ctx.db.insert(users).values(ids.map((id) => ({ id, email: `q-${id}@bench.test`, displayName: 'Q', passwordHash: 'x' })));
      await ctx.db.insert(memberships).values(ids.map((userId) => ({ projectId: p.id, userId, role: 'annotator' as const })));
      tokens = [];
      for (const u of ids) tokens.push((await createSession(ctx, u)).token);
      await ctx.db.execute(sql`ANALYZE`);
      for (let k = 0; k < ANNOTATORS; k++) {
        const t = performance.now();
        await ctx.db.execute(rawPick(p.id));
        raw.push(performance.now() - t);
      }
    } finally {
      await database.close();
    }
    // The real path: a server process, every route and hook, the session checked, the lease written.
    server = await startServer({ env: { ...fresh.env, DEMO: '0', SESSION_SECRET: SECRET } });
    const first: number[] = [];
    const again: number[] = [];
    for (const round of [first, again]) {
      for (const token of tokens) {
        const t = performance.now();
        const res = await fetch(`${server.url}/api/projects/${projectId}/queue?limit=10`, {
          method: 'POST',
          headers: { cookie: `ts_session=${token}`, 'x-requested-with': 'touchstone' },
        }).catch(() => null);
        const body = res ? ((await res.json().catch(() => null)) as { items?: unknown[] } | null) : null;
        const ms = performance.now() - t;
        // A refusal, or a short queue, is not a fetch: counted, not timed, and the run fails.
        if (res?.status !== 200 || body?.items?.length !== 10) {
          if (refused++ < 3) console.error(`  not served: HTTP ${res?.status ?? 'no answer'} ${JSON.stringify(body).slice(0, 300)}`);
          continue;
        }
        round.push(ms);
      }
    }
    console.log(
      `  ${size.toLocaleString('en')} items: first fetch p50 ${pct(first, 50).toFixed(1)} ms · p99 ${pct(first, 99).toFixed(1)} ms; renewal p50 ${pct(again, 50).toFixed(1)} ms · p99 ${pct(again, 99).toFixed(1)} ms; ` +
        `raw pick p50 ${pct(raw, 50).toFixed(2)} ms · ratio raw/HTTP ${(pct(raw, 50) / pct(first, 50)).toFixed(3)}`,
    );
  } finally {
    await server?.stop();
    server = null;
    await fresh.cleanup();
  }
}

for (const engine of engines) {
  console.log(`\n${engine}`);
  for (const size of SIZES ?? (engine === 'postgres' ? [10_000, 100_000, 1_000_000] : [10_000, 100_000])) {
    if (Date.now() > deadline) break;
    await run(engine, size);
  }
}
if (refused > 0) {
  console.error(`\n${refused} queue fetch(es) were refused or short: these figures are not a measurement.`);
  process.exit(1);
}
