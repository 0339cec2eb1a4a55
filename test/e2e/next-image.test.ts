import { describe, expect, it } from 'vitest';
import { e2eEnvironment, signIn } from './harness.ts';
import { framesShown, submitAndWatchNextImage } from './next-image-watch.ts';

// Ctrl+Enter to the next image in Chromium: the next items' images are fetched and decoded while
// the annotator works, so the next item's canvas has its pixels from its very first render (no
// download, no decode after Submit), and the next item opens straight from the submitting
// transaction: no frame between the two images shows a placeholder ("Opening the next item…",
// "Opening the item…"), and its first draw takes the pixels decoded ahead (an ImageBitmap), not the
// image element, whose first draw decodes it again on the main thread. Also prints the median time from the key press to the frame after the
// next image is drawn.

describe('the next image after Submit', () => {
  const env = e2eEnvironment();

  it('is decoded before Ctrl+Enter: the next canvas is ready on its first render', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
    // What every canvas draw takes its pixels from: an image element is decoded again, on the main
    // thread, the first time it is drawn; a bitmap decoded ahead is not.
    await context.addInitScript(() => {
      const draw = CanvasRenderingContext2D.prototype.drawImage;
      const w = window as unknown as { drawnFrom: string[] };
      w.drawnFrom = [];
      CanvasRenderingContext2D.prototype.drawImage = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
        w.drawnFrom.push((args[0] as object).constructor.name);
        return (draw as (...a: unknown[]) => void).apply(this, args);
      } as typeof draw;
    });
    const page = await signIn(context, env.server.url, 'annotator@touchstone.test');
    const { projects } = await page.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const project = projects.find((p: { kind: string }) => p.kind === 'image');
    await page.getByRole('link', { name: `Annotate ${project.name}` }).click();
    const canvas = page.getByTestId('image-canvas');
    await canvas.waitFor();

    // Every move from one item to a next one in the annotator's queue (the demo serves a few).
    await expect.poll(() => canvas.getAttribute('data-image-ready')).toBe('true');
    const progress = page.getByLabel('Queue progress');
    await expect.poll(() => progress.textContent()).toMatch(/\d+ to do/);
    const ITEMS = Number(/(\d+) to do/.exec((await progress.textContent()) ?? '')![1]) - 1;
    expect(ITEMS).toBeGreaterThanOrEqual(2);
    const timings: number[] = [];
    const firstSeenReady: boolean[] = [];
    const drawnFrom: string[][] = [];
    for (let i = 0; i < ITEMS; i++) {
      await expect.poll(() => canvas.getAttribute('data-image-ready')).toBe('true');
      // Give the preloading of the next items the time an annotator's work on this one takes.
      await page.waitForTimeout(1500);
      await page.evaluate(() => ((window as unknown as { drawnFrom: string[] }).drawnFrom = []));
      const seen = await submitAndWatchNextImage(page, canvas);
      drawnFrom.push([...new Set(await page.evaluate(() => (window as unknown as { drawnFrom: string[] }).drawnFrom))]);
      timings.push(seen.ms);
      firstSeenReady.push(seen.readyAtFirstSight);
      // Frames go from the previous image to the next one, and show nothing else between them.
      expect(framesShown(seen)).toEqual(['previous image', 'next image']);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(
      `Ctrl+Enter to the next image drawn: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms over ${sorted.length} items (${sorted.map((t) => t.toFixed(0)).join(', ')} ms)`,
    );
    expect(firstSeenReady).toEqual(Array(ITEMS).fill(true));
    // The next image is drawn from its pixels decoded ahead, never from the element.
    expect(drawnFrom).toEqual(Array(ITEMS).fill(['ImageBitmap']));
    await context.close();
  });
});
