import { describe, expect, it } from 'vitest';
import { e2eEnvironment, signIn } from './harness.ts';

// A cold open of the annotate page (a browser with the session cookie and nothing else: no HTTP
// cache, no local database): the entry asks for the project and the queue at once, beside the
// screen's code, instead of after it; and the project is asked for once, not again by the screen.
// Prints the time from navigation to the first frame that finds the first image drawn (the figure
// to compare is test/bench/cold-open.bench.ts's, over more opens).

describe('a cold open of the annotate page', () => {
  const env = e2eEnvironment();

  it('asks for its data beside its code, once each', async () => {
    const first = await env.browser.newContext();
    const signedIn = await signIn(first, env.server.url, 'annotator@touchstone.test');
    const { projects } = await signedIn.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const project = projects.find((p: { kind: string }) => p.kind === 'image');
    const cookies = await first.cookies();
    await first.close();

    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
      await context.addCookies(cookies);
      const page = await context.newPage();
      await page.goto(`${env.server.url}/projects/${project.id}/annotate`, { waitUntil: 'commit' });
      const drawn = await page.waitForFunction(
        () => document.querySelector('[data-testid="image-canvas"]')?.getAttribute('data-image-ready') === 'true' && performance.now(),
        null,
        { polling: 'raf', timeout: 30_000 },
      );
      times.push((await drawn.jsonValue()) as number);
      const requests = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
      );
      const projectPath = `/api/projects/${project.id}`;
      expect(requests.filter((r) => r.path === projectPath)).toHaveLength(1);
      const queue = requests.find((r) => r.path === `${projectPath}/queue`)!;
      const screenCode = requests.find((r) => /\/assets\/AnnotateScreen-[^/]+\.js$/.test(r.path))!;
      expect(queue).toBeDefined();
      expect(screenCode).toBeDefined();
      // Asked for before the screen's code had even been asked for (the entry starts both).
      expect(queue.start).toBeLessThanOrEqual(screenCode.start);
      await context.close();
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `cold open of the annotate page to its first image drawn: median ${sorted[1]!.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
    );
  }, 120_000);
});
