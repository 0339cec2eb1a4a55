// Runs the benchmarks one after another, each in its own process (a benchmark's heap, browser and
// database must not colour the next one's figures), and prints what each prints.
//   npm run bench                    every test/bench/*.bench.ts
//   npm run bench -- sync agreement  only those whose file name contains one of the words
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

if (benches.length === 0) {
  console.error(
    `No benchmark matches ${filters.join(', ')}. Available: ${readdirSync(here)
      .filter((f) => f.endsWith('.bench.ts'))
      .join(', ')}`,
  );
  process.exit(1);
}

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file)], { stdio: 'inherit' });
  console.log(`=== ${file}: exit ${run.status ?? run.signal} after ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
