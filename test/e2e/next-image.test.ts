import { describe, expect, it } from 'vitest';
import { e2eEnvironment, signIn } from './harness.ts';

// Ctrl+Enter to the next image in Chromium: the next items' images are fetched and decoded while
// the annotator works, so the next item's canvas has its pixels from its very first render (no
// download, no decode after Submit), and the next item opens straight from the submitting
// transaction: no frame between the two images shows a placeholder ("Opening the next item…",
// "Opening the item…"). Also prints the median time from the key press to the frame after the
// next image is drawn.

describe('the next image after Submit', () => {
  const env = e2eEnvironment();

  it('is decoded before Ctrl+Enter: the next canvas is ready on its first render', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
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
    for (let i = 0; i < ITEMS; i++) {
      await expect.poll(() => canvas.getAttribute('data-image-ready')).toBe('true');
      const before = await canvas.getAttribute('data-image-url');
      // Give the preloading of the next items the time an annotator's work on this one takes.
      await page.waitForTimeout(1500);
      // Watches the page from the key press: the first state of the next item's canvas, and the
      // frame after its image is drawn.
      await page.evaluate((prev) => {
        (window as unknown as { nextImage: Promise<unknown> }).nextImage = new Promise<{ readyAtFirstSight: boolean; ms: number; frames: string[] }>(
          (resolve) => {
            let pressedAt = 0;
            let firstSight: boolean | null = null;
            // What each frame shows until the next image is drawn: a rAF callback sees what that frame paints.
            const frames: string[] = [];
            let watching = true;
            const sample = () => {
              if (!watching) return;
              const el = document.querySelector<HTMLElement>('[data-testid="image-canvas"]');
              const placeholder = /Opening the (next )?item/.exec(document.querySelector('main')?.textContent ?? '')?.[0];
              frames.push(placeholder ?? (el ? (el.dataset.imageUrl === prev ? 'previous image' : 'next image') : 'no canvas'));
              requestAnimationFrame(sample);
            };
            requestAnimationFrame(sample);
            window.addEventListener('keydown', (e) => (pressedAt ||= e.timeStamp), { capture: true, once: true });
            const look = () => {
              const el = document.querySelector<HTMLElement>('[data-testid="image-canvas"]');
              const url = el?.dataset.imageUrl;
              if (!el || !url || url === prev) return false;
              firstSight ??= el.dataset.imageReady === 'true';
              return el.dataset.imageReady === 'true';
            };
            const observer = new MutationObserver(() => {
              if (!look()) return;
              observer.disconnect();
              requestAnimationFrame(() =>
                requestAnimationFrame(() => {
                  watching = false;
                  resolve({ readyAtFirstSight: firstSight!, ms: performance.now() - pressedAt, frames });
                }),
              );
            });
            observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-image-url', 'data-image-ready'] });
          },
        );
      }, before);
      await canvas.focus();
      await page.keyboard.press('Control+Enter');
      const seen = await page.evaluate(() =>
        Promise.race([
          (window as unknown as { nextImage: Promise<{ readyAtFirstSight: boolean; ms: number; frames: string[] }> }).nextImage,
          new Promise<never>((_, fail) =>
            setTimeout(() => fail(new Error(`no next image drawn: ${document.querySelector('main')?.textContent?.slice(0, 300)}`)), 15_000),
          ),
        ]),
      );
      timings.push(seen.ms);
      firstSeenReady.push(seen.readyAtFirstSight);
      // Frames go from the previous image to the next one, and show nothing else between them.
      expect(seen.frames.filter((f, k) => k === 0 || f !== seen.frames[k - 1])).toEqual(['previous image', 'next image']);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(
      `Ctrl+Enter to the next image drawn: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms over ${sorted.length} items (${sorted.map((t) => t.toFixed(0)).join(', ')} ms)`,
    );
    expect(firstSeenReady).toEqual(Array(ITEMS).fill(true));
    await context.close();
  });
});
