// Item import benchmark (run on demand; prints figures):
//   node --import tsx test/bench/item-import.bench.ts      (PostgreSQL too when TEST_DATABASE_URL is set)
// Writes BENCH_IMAGES (10,000) distinct small PNGs into a folder plus 100 exact copies, then imports
// the folder the way POST /items/import/folder does (folderFiles + importImages, one transaction,
// each image decoded and re-encoded by sharp), and prints the time, the duplicates found and the
// peak RSS sampled during the import.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { projects } from '../../src/server/db/schema.ts';
import { folderFiles } from '../../src/server/routes/item-import.ts';
import { createProject } from '../../src/server/admin/create.ts';
import { importImages, type ImageSource } from '../../src/server/data/item-import.ts';
import { imageGuideline, imageSchema } from '../../src/server/seed/demo-content.ts';
import { readFile } from 'node:fs/promises';
import { freshDatabase, type FaultEngine } from '../e2e/fault-harness.ts';

const N = Number(process.env.BENCH_IMAGES ?? 10_000);
const COPIES = 100;

async function writeImages(dir: string) {
  const t = performance.now();
  mkdirSync(path.join(dir, 'batch'), { recursive: true });
  for (let i = 0; i < N; i++) {
    const png = await sharp({
      create: { width: 24, height: 16, channels: 3, background: { r: i % 256, g: Math.floor(i / 256) % 256, b: Math.floor(i / 65536) } },
    })
      .png()
      .toBuffer();
    writeFileSync(path.join(dir, 'batch', `img-${String(i).padStart(5, '0')}.png`), png);
    if (i < COPIES) writeFileSync(path.join(dir, 'batch', `zz-copy-${i}.png`), png);
  }
  console.log(`  wrote ${N + COPIES} files in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

async function run(engine: FaultEngine, root: string) {
  const fresh = await freshDatabase(engine);
  const database = await openDatabase(fresh.config);
  try {
    const ctx = defaultContext(database.db, { ...loadConfig({}), clientDir: undefined, importRoot: root });
    const created = await createProject(ctx, { name: 'Import bench', kind: 'image', labelSchema: imageSchema, sections: imageGuideline });
    const [project] = await ctx.db.select().from(projects).where(eq(projects.id, created.id));
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t = performance.now();
    const files = await folderFiles(root, 'batch');
    async function* sources(): AsyncGenerator<ImageSource> {
      for (const f of files) yield { name: f.rel, read: () => readFile(f.abs) };
    }
    let last = 0;
    const report = await importImages(ctx, project!, sources(), 'valid_only', (n) => (last = n));
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    console.log(
      `  ${engine}: ${report.imported} imported, ${report.duplicates} duplicates, ${report.invalid} invalid of ${last} files in ${seconds.toFixed(1)} s (${(last / seconds).toFixed(0)} files/s) · peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`,
    );
    if (report.imported !== N || report.duplicates !== COPIES) throw new Error('unexpected counts');
  } finally {
    await database.close();
    await fresh.cleanup();
  }
}

const root = mkdtempSync(path.join(os.tmpdir(), 'touchstone-import-bench-'));
try {
  await writeImages(root);
  for (const e of ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])] as FaultEngine[]) await run(e, root);
} finally {
  rmSync(root, { recursive: true, force: true });
}
