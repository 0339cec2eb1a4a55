// Cold open of the annotate page, to its first image drawn (run on demand; prints figures):
//   npx vite build && node --import tsx test/bench/cold-open.bench.ts
// Starts the real server (demo seed, PGlite) and Debian's Chromium. Each open is a fresh browser
// context holding only the session cookie (no HTTP cache, no local database, no service worker),
// timed from navigation to the first animation frame that finds the first image drawn
// (performance.now() in the page). Prints each open, the median, and the requests of the last
// open with their start and end, so the chain shows. Exits 1 when any request of an open was
// answered with an error (a refused request would make a fast open that is not one) or the image
// was never drawn.
import { launchBrowser, removeDir, signIn, startServer } from '../e2e/harness.ts';

const OPENS = Number(process.env.BENCH_OPENS ?? 9);
// Between opens: the last open's background work (its next images, the top-up) has finished.
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 2_000);

const server = await startServer();
const browser = await launchBrowser();
let failed = false;
try {
  const first = await browser.newContext();
  const signedIn = await signIn(first, server.url, 'annotator@touchstone.test');
  const { projects } = (await signedIn.request.get(`${server.url}/api/projects`).then((r) => r.json())) as { projects: Array<{ id: string; kind: string }> };
  const project = projects.find((p) => p.kind === 'image')!;
  const cookies = await first.cookies();
  await first.close();

  const times: number[] = [];
  let chain: string[] = [];
  for (let open = 0; open < OPENS; open++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(`${server.url}/projects/${project.id}/annotate`, { waitUntil: 'commit' });
    // Polled in every animation frame: the time of the first frame that finds the image drawn.
    const drawn = await page.waitForFunction(
      () => (document.querySelector('[data-testid="image-canvas"]')?.getAttribute('data-image-ready') === 'true' ? performance.now() : 0),
      null,
      { polling: 'raf', timeout: 30_000 },
    );
    times.push(await drawn.jsonValue());
    const requests = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => {
        const r = e as PerformanceResourceTiming & { responseStatus?: number };
        return { path: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd, status: r.responseStatus ?? 0, kb: r.encodedBodySize / 1024 };
      }),
    );
    const refused = requests.filter((r) => r.status >= 400);
    if (refused.length > 0) {
      failed = true;
      console.error(`open ${open + 1}: refused ${refused.map((r) => `${r.path} → ${r.status}`).join(', ')}`);
    }
    chain = requests.map((r) => `${r.start.toFixed(0).padStart(6)} → ${r.end.toFixed(0).padStart(6)} ms ${r.kb.toFixed(1).padStart(7)} KB  ${r.path}`);
    await context.close();
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`requests of the last open:\n${chain.join('\n')}`);
  console.log(`cold open to first image drawn: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(
    `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, best ${sorted[0]!.toFixed(0)} ms, worst ${sorted.at(-1)!.toFixed(0)} ms (target < 1000 ms)`,
  );
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser.close();
  await server.stop();
  removeDir(server.dataDir);
}
process.exitCode = failed ? 1 : 0;
