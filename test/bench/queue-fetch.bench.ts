// Queue fetch benchmark (run on demand; prints figures):
//   nice node --import tsx test/bench/queue-fetch.bench.ts     (PostgreSQL too when TEST_DATABASE_URL is set)
// A text project of N items (BENCH_QUEUE_SIZES, default 10k and 100k; 1M is added on PostgreSQL),
// every tenth item gold, with half of the live items already done by earlier annotators — so the
// fetch has to find work past them — then 40 fresh annotators each fetch a queue of 10, and fetch
// again (lease renewal). The fetch should cost the same at every size.
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { memberships, projects, users } from '../../src/server/db/schema.ts';
import { createProject } from '../../src/server/admin/create.ts';
import { serveQueue } from '../../src/server/queue/queue.ts';
import { textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';
import { freshDatabase, type FaultEngine } from '../e2e/fault-harness.ts';
import { newId } from './sync-load.ts';

const engines: FaultEngine[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];
const SIZES = (process.env.BENCH_QUEUE_SIZES ?? '10000,100000').split(',').map(Number);
const ANNOTATORS = 40;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const deadline = Date.now() + Number(process.env.BENCH_TIME_LIMIT_MS ?? 20 * 60_000);
setTimeout(() => {
  console.error('The queue benchmark ran past its time limit; stopped.');
  process.exit(2);
}, deadline - Date.now()).unref();

async function run(engine: FaultEngine, size: number) {
  const fresh = await freshDatabase(engine);
  const database = await openDatabase(fresh.config);
  try {
    const ctx = defaultContext(database.db, { ...loadConfig({ DEMO: '0' }), clientDir: undefined });
    const p = await createProject(ctx, { name: `Queue ${size}`, kind: 'text', labelSchema: textSchema, sections: textGuideline });
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
    await ctx.db.execute(sql`ANALYZE`);
    const [project] = await ctx.db
      .select()
      .from(projects)
      .where(sql`${projects.id} = ${p.id}`);
    const first: number[] = [];
    const again: number[] = [];
    for (const round of [first, again]) {
      for (const u of ids) {
        const t = performance.now();
        const served = (await serveQueue(ctx, u, project!, 10)).items;
        round.push(performance.now() - t);
        if (served.length !== 10) throw new Error(`served ${served.length} items, not 10`);
      }
    }
    console.log(
      `  ${size.toLocaleString('en')} items: first fetch p50 ${pct(first, 50).toFixed(1)} ms · p99 ${pct(first, 99).toFixed(1)} ms; renewal p50 ${pct(again, 50).toFixed(1)} ms · p99 ${pct(again, 99).toFixed(1)} ms`,
    );
  } finally {
    await database.close();
    await fresh.cleanup();
  }
}

for (const engine of engines) {
  console.log(`\n${engine}`);
  for (const size of engine === 'postgres' && !SIZES.includes(1_000_000) ? [...SIZES, 1_000_000] : SIZES) {
    if (Date.now() > deadline) break;
    await run(engine, size);
  }
}
