// Text tagger benchmark: time to open (mount → first paint) and the repaint after adding a span
// with the keyboard (median of 30), on generated multi-script documents of 1k, 10k and 100k
// characters with 2 spans per 100 characters, in headless Chromium.
//   node --import tsx test/bench/text-tagger.bench.ts
// Targets: 100k characters with 2,000 spans open in < 1 s; adding a span repaints in < 16 ms (median).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { build } from 'vite';
import { freePort, launchBrowser } from '../e2e/harness.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const outDir = path.join(here, '../../.tmp/text-bench');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const ADDS = Number(process.env.BENCH_ADDS ?? 30);
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p95 = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))]!;
const f = (x: number, w = 8) => x.toFixed(1).padStart(w);

async function main() {
  await build({ configFile: path.join(here, 'vite.text-bench.config.ts') });
  const port = await freePort();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(outDir, path.normalize(url.pathname));
    if (!file.startsWith(outDir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const browser = await launchBrowser();
  const rows: string[] = [];
  const failures: string[] = [];
  try {
    for (const n of SIZES) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(120_000);
      await page.goto(`http://127.0.0.1:${port}/text-bench.html?n=${n}`);
      await page.waitForFunction(() => 'textBench' in window);
      const opened = await page.evaluate(() => window.textBench.ready);
      const add = await page.evaluate((k) => window.textBench.addSpans(k), ADDS);
      await page.close();
      if (add.added !== ADDS) failures.push(`${n}: only ${add.added} of ${ADDS} spans were added`);
      const m = median(add.frame);
      rows.push(
        `${String(opened.chars).padStart(7)} ${String(opened.spans).padStart(6)} | ${f(opened.openMs)} | ${f(m)} ${f(p95(add.frame))} | ${f(median(add.times))} ${f(p95(add.times))} | ${f(median(add.script))}`,
      );
      if (n >= 100_000 && opened.openMs >= 1000) failures.push(`open at ${n}: ${opened.openMs.toFixed(0)} ms`);
      if (n >= 100_000 && m >= 16) failures.push(`add-span repaint at ${n}: median ${m.toFixed(1)} ms`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`\nText tagger, headless Chromium, ${ADDS} keyboard span additions per size (ms)`);
  console.log('  chars  spans | open→paint | add span, repaint work: median p95 | to next frame: median p95 | script median');
  console.log('  open = mount → first painted frame. repaint work = "1" keydown at the start of a frame → that frame painted;');
  console.log('  to next frame = keydown between frames → next frame painted (includes waiting for vsync); script = keydown → React commit.');
  for (const r of rows) console.log(r);
  if (failures.length > 0) console.log(`\nBelow target: ${failures.join('; ')}`);
  else console.log('\nAll targets met at 100,000 characters.');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
