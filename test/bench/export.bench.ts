// Export benchmark (run on demand; prints figures):
//   node --import tsx test/bench/export.bench.ts          (PostgreSQL too when TEST_DATABASE_URL is set)
// Seeds an image project of BENCH_LABELS labels (default 1,000,000: BENCH_LABELS/5 items, one
// annotation of 5 boxes each) straight in SQL with generate_series, then exports it in each of
// BENCH_FORMATS (default coco,touchstone,yolo) to /dev/null — each export in a fresh child process
// (export-child.ts, which loads only what an export needs),
// so what the child's RSS does belongs to that export alone (sampled every 20 ms during it). Fails when the export's memory is over
// BENCH_RSS_LIMIT_MB (300): the process's peak RSS during the export on PostgreSQL; on PGlite,
// whose database lives in the same process (~450 MB of WASM heap before any export), the growth.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase, type DatabaseConfig } from '../../src/server/db/client.ts';
import { users } from '../../src/server/db/schema.ts';
import { createProject } from '../../src/server/admin/create.ts';
import { imageGuideline, imageSchema } from '../../src/server/seed/demo-content.ts';
import { freshDatabase, type FaultEngine } from '../e2e/fault-harness.ts';
import { benchEngines } from './engines.ts';

const LABELS = Number(process.env.BENCH_LABELS ?? 1_000_000);
const PER_ITEM = 5;
const FORMATS = (process.env.BENCH_FORMATS ?? 'coco,touchstone,yolo').split(',');
const RSS_LIMIT_MB = Number(process.env.BENCH_RSS_LIMIT_MB ?? 300);
// V8 grows its old space lazily while there is room; a cap makes it collect instead (the export
// holds one page at a time, so it needs little). BENCH_CHILD_FLAGS="" measures without the cap.
const CHILD_FLAGS = (process.env.BENCH_CHILD_FLAGS ?? '--max-old-space-size=128').split(' ').filter(Boolean);
const mb = (bytes: number) => bytes / 1024 / 1024;

async function seed(config: DatabaseConfig): Promise<string> {
  const database = await openDatabase(config);
  try {
    const ctx = defaultContext(database.db, { ...loadConfig({}), clientDir: undefined });
    const project = await createProject(ctx, { name: 'Export bench', kind: 'image', labelSchema: imageSchema, sections: imageGuideline });
    const userId = ctx.newId();
    await ctx.db.insert(users).values({ id: userId, email: 'bench@bench.test', displayName: 'Bench', passwordHash: 'x' });
    const nItems = Math.ceil(LABELS / PER_ITEM);
    const t = performance.now();
    // Items and annotations in slices of 20,000 so no one statement holds the whole set.
    for (let from = 1; from <= nItems; from += 20_000) {
      const to = Math.min(nItems, from + 19_999);
      await ctx.db.execute(sql`
        INSERT INTO items (id, project_id, width, height, meta)
        SELECT gen_random_uuid(), ${project.id}, 640, 480, jsonb_build_object('fileName', 'img' || g || '.jpg')
        FROM generate_series(${from}::int, ${to}::int) g`);
    }
    const boxes = sql.raw(
      `(SELECT jsonb_agg(jsonb_build_object('id', 'b' || k, 'kind', 'box', 'label', (ARRAY['person','animal','vehicle','cup','coin'])[k], 'x', k * 10 + 0.5, 'y', k * 7, 'w', 40, 'h', 30, 'attributes', '{}'::jsonb)) FROM generate_series(1, ${PER_ITEM}) k)`,
    );
    await ctx.db.execute(sql`
      INSERT INTO annotations (id, project_id, item_id, user_id, revision, guideline_version_id, payload, duration_ms, started_at, submitted_at, mutation_id)
      SELECT gen_random_uuid(), ${project.id}, i.id, ${userId}, 1, ${project.guidelineVersionId},
             jsonb_build_object('shapes', ${boxes}, 'spans', '[]'::jsonb, 'classes', '[]'::jsonb), 4000, now(), now(), gen_random_uuid()
      FROM items i WHERE i.project_id = ${project.id}`);
    await ctx.db.execute(sql`ANALYZE`);
    console.log(`  seeded ${nItems} items, ${nItems * PER_ITEM} labels in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return project.id;
  } finally {
    await database.close();
  }
}

async function run(engine: FaultEngine): Promise<boolean> {
  console.log(`${engine}: ${LABELS.toLocaleString('en')} labels`);
  const fresh = await freshDatabase(engine);
  let ok = true;
  try {
    const projectId = await seed(fresh.config);
    for (const format of FORMATS) {
      const res = spawnSync(
        process.execPath,
        [...CHILD_FLAGS, '--import', 'tsx', fileURLToPath(new URL('./export-child.ts', import.meta.url)), JSON.stringify(fresh.config), projectId, format],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      const last = res.stdout.trim().split('\n').pop() ?? '';
      if (res.status !== 0 || !last.startsWith('{')) {
        console.log(`  ${format}: FAILED (exit ${res.status})\n${res.stderr}`);
        ok = false;
        continue;
      }
      const r = JSON.parse(last) as { seconds: number; bytes: number; baselineMB: number; peakRssMB: number; growthMB: number; peakHeapMB: number };
      // PostgreSQL runs in its own process: the process's peak RSS during the export is the
      // export's. PGlite runs inside this one, its WASM heap part of the baseline: there the
      // export's share is the growth. (The child's kernel maxRSS is no use here: Linux carries the
      // parent's high-water mark across fork and exec, so it reports this benchmark's own size.)
      const measured = engine === 'postgres' ? r.peakRssMB : r.growthMB;
      const within = measured < RSS_LIMIT_MB;
      ok &&= within;
      console.log(
        `  export ${format.padEnd(10)} ${r.seconds.toFixed(1).padStart(6)} s · ${(LABELS / r.seconds).toFixed(0).padStart(7)} labels/s · ${mb(r.bytes).toFixed(0).padStart(4)} MB written · RSS during export ${r.peakRssMB.toFixed(0)} MB peak (before it ${r.baselineMB.toFixed(0)} MB, growth ${r.growthMB.toFixed(0)} MB, peak JS heap ${r.peakHeapMB.toFixed(0)} MB) ${within ? 'within' : 'OVER'} ${RSS_LIMIT_MB} MB`,
      );
    }
  } finally {
    await fresh.cleanup();
  }
  return ok;
}

const engines: FaultEngine[] = benchEngines();
let ok = true;
for (const e of engines) ok = (await run(e)) && ok;
process.exit(ok ? 0 : 1);
