// The export benchmark's child (see export.bench.ts): opens the database like the server and the
// CLI do, exports one format to /dev/null and prints its time, bytes and memory as JSON. Kept to
// the modules an export needs, so its memory is the export's and not the benchmark's seeding code.
//   node --import tsx test/bench/export-child.ts '<DatabaseConfig JSON>' <projectId> <format>
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { ExportFormat } from '../../src/domain/api/index.ts';
import { openDatabase, type DatabaseConfig } from '../../src/server/db/client.ts';
import { projects } from '../../src/server/db/schema.ts';
import { exportChunks } from '../../src/server/data/export.ts';

const mb = (bytes: number) => bytes / 1024 / 1024;
const config = JSON.parse(process.argv[2]!) as DatabaseConfig;
const format = ExportFormat.parse(process.argv[4]);
const database = await openDatabase(config);
const [project] = await database.db.select().from(projects).where(eq(projects.id, process.argv[3]!));
// What the process holds before the export starts (for PGlite that includes the embedded
// database); the export's own cost is the peak above it, sampled every 20 ms.
const baseline = process.memoryUsage().rss;
let peakHeap = 0;
let peakRss = baseline;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
}, 20);
const t = performance.now();
let bytes = 0;
const counted = async function* () {
  for await (const b of exportChunks(
    database.db,
    project!,
    format,
    { history: 'latest', holdEscalated: true, onlyAnnotated: true, images: false },
    new Date(),
  )) {
    bytes += b.length;
    yield b;
  }
};
await pipeline(Readable.from(counted()), createWriteStream('/dev/null'));
const seconds = (performance.now() - t) / 1000;
clearInterval(sampler);
await database.close();
console.log(JSON.stringify({ seconds, bytes, baselineMB: mb(baseline), peakRssMB: mb(peakRss), growthMB: mb(peakRss - baseline), peakHeapMB: mb(peakHeap) }));
