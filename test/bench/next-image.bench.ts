// Ctrl+Enter to the next image, over a working session (run on demand; prints figures):
//   npx vite build && node --import tsx test/bench/next-image.bench.ts
// Starts the real server (PGlite, every hook on) and Debian's Chromium. An administrator makes an
// image project of BENCH_ITEMS photo-sized JPEGs (1600×1200, noisy, ~0.4 MB each) over HTTP; the
// annotator opens it in the browser and submits item after item with Ctrl+Enter, waiting
// BENCH_WORK_MS on each (the time an annotator's work on an item takes, in which the next images
// are fetched and decoded). Each move is timed from the key press to the frame after the next
// image is drawn, and must show nothing between the two images. Exits 1 when any request of the
// page was refused, a move showed a placeholder, a next image never came, or a submission was not
// applied on the server.
import sharp from 'sharp';
import { launchBrowser, removeDir, signIn, startServer } from '../e2e/harness.ts';
import { framesShown, submitAndWatchNextImage } from '../e2e/next-image-watch.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 25);
const WORK_MS = Number(process.env.BENCH_WORK_MS ?? 1_500);

/** A photo-sized JPEG that does not compress away: a gradient under per-pixel noise. */
async function photo(k: number): Promise<Buffer> {
  const width = 1600;
  const height = 1200;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = k * 7919 + 1;
  for (let i = 0; i < pixels.length; i += 3) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const noise = seed % 24;
    const x = (i / 3) % width;
    pixels[i] = ((x * 255) / width + noise + k * 20) % 256;
    pixels[i + 1] = (((i / 3 / width) * 255) / height + noise) % 256;
    pixels[i + 2] = (k * 53 + noise) % 256;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

const server = await startServer();
const browser = await launchBrowser();
let failed = false;
try {
  const adminContext = await browser.newContext();
  await signIn(adminContext, server.url, 'admin@touchstone.test');
  const admin = adminContext.request;
  const headers = { 'x-requested-with': 'touchstone' };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ok = async (what: string, res: Awaited<ReturnType<typeof admin.post>>): Promise<any> => {
    if (!res.ok()) throw new Error(`${what} → ${res.status()} ${await res.text()}`);
    return res.json();
  };
  const project = await ok(
    'new project',
    await admin.post(`${server.url}/api/projects`, {
      headers,
      data: {
        name: 'Next image bench',
        kind: 'image',
        labelSchema: { labels: [{ id: 'object', name: 'Object', color: '#e6194b', hotkey: '1', tools: ['box'] }] },
        guideline: { sections: [{ id: 'scope', kind: 'definition', title: 'What to box', body: 'Every object.', labels: ['object'] }] },
      },
    }),
  );
  await ok(
    'members',
    await admin.post(`${server.url}/api/projects/${project.id}/members`, { headers, data: { email: 'annotator@touchstone.test', roles: ['annotator'] } }),
  );
  await ok(
    'members',
    await admin.post(`${server.url}/api/projects/${project.id}/members`, { headers, data: { email: 'lead@touchstone.test', roles: ['lead'] } }),
  );
  const files = await Promise.all(Array.from({ length: ITEMS }, async (_, k) => ({ name: `photo-${k}.jpg`, mimeType: 'image/jpeg', buffer: await photo(k) })));
  const leadContext = await browser.newContext();
  await signIn(leadContext, server.url, 'lead@touchstone.test');
  const form = new FormData();
  form.append('mode', 'all_or_nothing');
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.buffer)], { type: f.mimeType }), f.name);
  const imported = await ok(
    'import',
    await leadContext.request.post(`${server.url}/api/projects/${project.id}/items/import/images`, { headers, multipart: form, timeout: 300_000 }),
  );
  console.log(`imported ${imported.imported} images of ${(files.reduce((n, f) => n + f.buffer.length, 0) / files.length / 1024).toFixed(0)} KB on average`);
  await leadContext.close();
  await adminContext.close();

  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await signIn(context, server.url, 'annotator@touchstone.test');
  const refused: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) refused.push(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`);
  });
  await page.goto(`${server.url}/projects/${project.id}/annotate`);
  const canvas = page.getByTestId('image-canvas');
  await canvas.waitFor();
  const times: number[] = [];
  for (let i = 0; i < ITEMS - 1; i++) {
    await page.waitForFunction(() => document.querySelector('[data-testid="image-canvas"]')?.getAttribute('data-image-ready') === 'true');
    await page.waitForTimeout(WORK_MS);
    const seen = await submitAndWatchNextImage(page, canvas);
    times.push(seen.ms);
    const shown = framesShown(seen);
    if (shown.join() !== 'previous image,next image' || !seen.readyAtFirstSight) {
      failed = true;
      console.error(`move ${i + 1}: showed ${shown.join(' → ')}; pixels at first sight: ${seen.readyAtFirstSight}`);
    }
  }
  if (refused.length > 0) {
    failed = true;
    console.error(`refused: ${refused.join(', ')}`);
  }
  // A move is timed on the page; the submission behind it must also reach the server and be
  // applied (a refused sync is answered 200 with a rejected result): every item moved past is
  // labelled on the server within 30 s, as the lead's data manager counts.
  const leadCheck = await browser.newContext();
  await signIn(leadCheck, server.url, 'lead@touchstone.test');
  let unlabelled = Number.NaN;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    unlabelled = (await ok('item list', await leadCheck.request.get(`${server.url}/api/projects/${project.id}/items?status=unlabelled&pageSize=1`))).total;
    if (unlabelled <= ITEMS - times.length) break;
  }
  await leadCheck.close();
  if (!(unlabelled <= ITEMS - times.length)) {
    failed = true;
    console.error(`submissions applied on the server: ${ITEMS - unlabelled} of ${times.length}`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(0);
  console.log(`Ctrl+Enter to the next image drawn, ${times.length} moves: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(`median ${at(0.5)} ms, p90 ${at(0.9)} ms, worst ${sorted.at(-1)!.toFixed(0)} ms (target: median < 50 ms)`);
  await context.close();
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser.close();
  await server.stop();
  removeDir(server.dataDir);
}
process.exitCode = failed ? 1 : 0;
