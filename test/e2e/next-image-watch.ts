import type { Locator, Page } from 'playwright-core';

/** What the page showed from a Ctrl+Enter to the next image drawn. */
export interface NextImageSeen {
  /** Whether the next item's canvas had its pixels the first time it showed that item. */
  readyAtFirstSight: boolean;
  /** From the key press to the frame after the next image is drawn. */
  ms: number;
  /** What each animation frame showed until then: "previous image", "next image", or a placeholder. */
  frames: string[];
}

/**
 * Presses Ctrl+Enter on the image canvas and watches the page until the next item's image is
 * drawn: the time from the key press (its event time) to the frame after the next image is drawn,
 * and what every frame in between showed. Fails after 15 s without a next image.
 */
export async function submitAndWatchNextImage(page: Page, canvas: Locator): Promise<NextImageSeen> {
  const before = await canvas.getAttribute('data-image-url');
  // Run by tsx (a benchmark), the function below is compiled with esbuild's keepNames, which wraps
  // its inner functions in a `__name` helper the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate((prev) => {
    (window as unknown as { nextImage: Promise<unknown> }).nextImage = new Promise<NextImageSeen>((resolve) => {
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
    });
  }, before);
  await canvas.focus();
  await page.keyboard.press('Control+Enter');
  return page.evaluate(() =>
    Promise.race([
      (window as unknown as { nextImage: Promise<NextImageSeen> }).nextImage,
      new Promise<never>((_, fail) =>
        setTimeout(() => fail(new Error(`no next image drawn: ${document.querySelector('main')?.textContent?.slice(0, 300)}`)), 15_000),
      ),
    ]),
  );
}

/** The frames with repeats folded: a clean move reads ["previous image", "next image"]. */
export const framesShown = (seen: NextImageSeen) => seen.frames.filter((f, k) => k === 0 || f !== seen.frames[k - 1]);
