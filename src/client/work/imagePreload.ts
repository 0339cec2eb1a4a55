// The next items' images, fetched and decoded while the annotator works on this one, so Submit
// opens the next image without a download or a decode on the main thread. Keyed by the item's
// image URL: the cached blob (offline copy) is used when the device has one, else the network.
import { useSyncExternalStore } from 'react';
import { localDb, type TouchstoneDb } from '../local/db.ts';
import { todoOf } from './claims.ts';
import { releaseDecodedPixels, setDecodedPixels } from '../editor/image/layers/mipmaps.ts';

/** Decoded images kept: the one on screen, the next two, and one spare. */
const KEEP = 4;
/**
 * Images up to this size are also decoded into a bitmap, which the editor draws in the element's
 * place (mipmaps.ts says why). A bitmap's pixels stay in memory until closed, so larger images
 * are left to the browser, which may drop an element's: at most (KEEP + 1) × 48 MB held this way
 * (the one on screen is closed only once another is drawn).
 */
const BITMAP_MAX_PIXELS = 12_000_000;

interface Decoded {
  img: HTMLImageElement;
  objectUrl: string | null;
}
const decoded = new Map<string, Decoded>();
const inFlight = new Map<string, Promise<HTMLImageElement | null>>();
const listeners = new Set<() => void>();

function remember(url: string, entry: Decoded) {
  decoded.delete(url);
  decoded.set(url, entry);
  while (decoded.size > KEEP) {
    const [oldest, old] = decoded.entries().next().value as [string, Decoded];
    decoded.delete(oldest);
    // A drawn image keeps its pixels; the blob URL is only needed to load it.
    if (old.objectUrl) URL.revokeObjectURL(old.objectUrl);
    releaseDecodedPixels(old.img);
  }
  listeners.forEach((l) => l());
}

async function sourceFor(url: string, db: TouchstoneDb | null): Promise<{ src: string; objectUrl: string | null; blob: Blob | null }> {
  const hit = await db?.assets.get(url).catch(() => undefined);
  if (hit && typeof URL.createObjectURL === 'function') {
    const objectUrl = URL.createObjectURL(hit.blob);
    return { src: objectUrl, objectUrl, blob: hit.blob };
  }
  return { src: url, objectUrl: null, blob: null };
}

/**
 * The image's pixels decoded off the main thread, from its bytes (the HTTP cache has them by now),
 * or null (too large to hold, or the browser cannot). Oriented as the element is, or not used.
 */
async function bitmapOf(img: HTMLImageElement, blob: Blob | null): Promise<ImageBitmap | null> {
  if (typeof createImageBitmap !== 'function' || img.naturalWidth * img.naturalHeight > BITMAP_MAX_PIXELS) return null;
  try {
    const bitmap = await createImageBitmap(blob ?? (await (await fetch(img.currentSrc || img.src)).blob()), { imageOrientation: 'from-image' });
    if (bitmap.width === img.naturalWidth && bitmap.height === img.naturalHeight) return bitmap;
    bitmap.close();
  } catch {
    // The element is drawn instead, decoded on its first draw.
  }
  return null;
}

/** Loaded, and its size known, without decoding it. */
const loaded = (img: HTMLImageElement) =>
  img.complete && img.naturalWidth > 0
    ? Promise.resolve()
    : new Promise<void>((ok, fail) => ((img.onload = () => ok()), (img.onerror = () => fail(new Error('image')))));

/**
 * Fetches and decodes the image at this URL once; resolves to it (null when it cannot load).
 * From the device's offline copy when `db` has one; `db` null asks the network straight away (on
 * a cold open, before the local database has opened: on a first visit that takes a while).
 * Decoded once: into a bitmap the editor draws (mipmaps.ts), or, when that cannot be, by the
 * element. `shownNow`: the image is drawn at once (a cold open's first), and the element's first
 * draw decodes it anyway, so no bitmap is made for it.
 */
export function preloadImage(url: string, db: TouchstoneDb | null = localDb, shownNow = false): Promise<HTMLImageElement | null> {
  const have = decoded.get(url);
  if (have) return Promise.resolve(have.img);
  const running = inFlight.get(url);
  if (running) return running;
  const job = (async () => {
    const { src, objectUrl, blob } = await sourceFor(url, db);
    const img = new Image();
    img.src = src;
    try {
      await loaded(img);
      const bitmap = shownNow ? null : await bitmapOf(img, blob);
      if (bitmap) setDecodedPixels(img, bitmap);
      // decode() resolves once the pixels are ready to paint, off the main thread where supported.
      else if (typeof img.decode === 'function') await img.decode();
    } catch {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      return null;
    }
    remember(url, { img, objectUrl });
    return img;
  })().finally(() => inFlight.delete(url));
  inFlight.set(url, job);
  return job;
}

/** The decoded image for this URL when it is ready (re-renders when it becomes ready). */
export function usePreloadedImage(url: string | null): HTMLImageElement | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => (url ? (decoded.get(url)?.img ?? null) : null),
  );
}

/** Preloads the images of the next `count` items to do after `currentItemId`, in queue order. */
export async function preloadNext(db: TouchstoneDb, userId: string, projectId: string, currentItemId: string, count = 2): Promise<void> {
  const todo = await todoOf(db, userId, projectId);
  const next = todo.filter((e) => e.itemId !== currentItemId && e.item.image).slice(0, count);
  await Promise.all(next.map((e) => preloadImage(e.item.image!.url, db)));
}
