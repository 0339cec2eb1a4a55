// Downscaled copies of a large image. Drawing an 8000×6000 photo at 1/8 scale every frame makes the
// browser filter 48 million source pixels per frame; drawing a 1000×750 copy is a plain blit. Level
// k is the image at 1/2^k.
//
// Making a copy is itself a large filter (0.7–1 s for the finest levels of such a photo), so it is
// not done on the main thread where it would freeze the tab on the first zoom: a worker decodes the
// image's bytes and sends every level back as it is made (mipmap-worker.ts), starting when the
// image is first drawn. Until the wanted level has arrived, the nearest level that has is drawn (a
// moment of a softer or sharper picture, never a frozen frame), and `onReady` redraws. Where
// workers or OffscreenCanvas are missing (tests in jsdom), a level is made in place, as before.
//
// Level 0, the image at full size, is drawn from the worker's decoded copy once it has come back.
// The browser may drop an image element's decoded pixels when they have not been drawn for a while
// (a large image at a zoom that uses another level), and drawing the element then decodes it again
// on the main thread: zooming in after working a few seconds froze the tab for 0.7–1 s. A decoded
// ImageBitmap keeps its pixels, and the browser cannot drop them: so the levels are kept for one
// image only, the one drawn last (the editor shows one at a time). Moving to another image closes
// the last one's levels (48 Mpx is about 190 MB at full size), and a worker still making them stops.
import type { LevelMessage } from './mipmap-worker.ts';

type Source = HTMLImageElement | HTMLCanvasElement;
interface Levels {
  ready: Map<number, Mip>;
  building: boolean;
  /** The worker could not make the levels (no bytes, no worker): they are made in place instead. */
  failed: boolean;
  listeners: Set<() => void>;
  /** Another image was drawn since: its levels are closed, and any still arriving with them. */
  dropped: boolean;
}
const cache = new WeakMap<Source, Levels>();
let drawnLast: Source | null = null;

// Pixels decoded ahead, off the main thread, for an image element (work/imagePreload.ts), drawn in
// its place. The first draw of an element decodes it again on the main thread even after
// img.decode() has resolved: 77 ms of a 130 ms frame for a 1600×1200 JPEG, in a trace of
// Ctrl+Enter to the next image.
const decodedAhead = new WeakMap<Source, ImageBitmap>();
// Let go by the preloader while still on screen: closed once another image is drawn.
const releasedWhileDrawn = new Set<Source>();

/** Draws `bitmap` (the image's pixels, already decoded) wherever the image itself would be drawn. */
export function setDecodedPixels(image: HTMLImageElement, bitmap: ImageBitmap): void {
  decodedAhead.set(image, bitmap);
}

/** The preloader let the image go: its decoded pixels are closed, at once or once it is no longer drawn. */
export function releaseDecodedPixels(image: HTMLImageElement): void {
  if (image === drawnLast) releasedWhileDrawn.add(image);
  else closeDecoded(image);
}

function closeDecoded(image: Source): void {
  decodedAhead.get(image)?.close();
  decodedAhead.delete(image);
  releasedWhileDrawn.delete(image);
}

/** Closes the levels of the image drawn before this one (null: the editor closed). */
export function keepOnly(image: Source | null): void {
  if (drawnLast === image) return;
  if (drawnLast && releasedWhileDrawn.has(drawnLast)) closeDecoded(drawnLast);
  const old = drawnLast ? cache.get(drawnLast) : undefined;
  if (old) {
    old.dropped = true;
    for (const mip of old.ready.values()) if (typeof ImageBitmap !== 'undefined' && mip.source instanceof ImageBitmap) mip.source.close();
    old.ready.clear();
    old.listeners.clear();
    cache.delete(drawnLast!);
  }
  drawnLast = image;
}
const MAX_LEVEL = 6;

/** The coarsest level that still has at least one source pixel per screen pixel at `scale`. */
export function mipLevel(scale: number, maxLevel = MAX_LEVEL): number {
  if (!(scale > 0) || scale >= 1) return 0;
  return Math.min(maxLevel, Math.floor(Math.log2(1 / scale)));
}

const offThread = () => typeof Worker === 'function' && typeof OffscreenCanvas === 'function' && typeof createImageBitmap === 'function';

/** A level's pixels and which level they are (not always the one asked for: see mipmap). */
export interface Mip {
  source: CanvasImageSource;
  level: number;
  width: number;
  height: number;
}

const whole = (image: Source): Mip => {
  const decoded = decodedAhead.get(image);
  return decoded ? { source: decoded, level: 0, width: decoded.width, height: decoded.height } : element(image);
};
const element = (image: Source): Mip => ({
  source: image,
  level: 0,
  width: image instanceof HTMLImageElement ? image.naturalWidth : image.width,
  height: image instanceof HTMLImageElement ? image.naturalHeight : image.height,
});

/**
 * The image at `level`, or while that level is being made, the nearest level already made (the
 * image itself is level 0). `onReady` is called when a level arrives, to draw again.
 */
export function mipmap(image: Source, level: number, onReady?: () => void): Mip {
  if (typeof document === 'undefined') return whole(image);
  keepOnly(image);
  if (level <= 0) return cache.get(image)?.ready.get(0) ?? whole(image);
  let levels = cache.get(image);
  if (!levels) cache.set(image, (levels = { ready: new Map(), building: false, failed: false, listeners: new Set(), dropped: false }));
  const hit = levels.ready.get(level);
  if (hit) return hit;
  if (levels.failed || !offThread() || !(image instanceof HTMLImageElement)) return makeInPlace(image, level, levels) ?? whole(image);
  if (onReady) levels.listeners.add(onReady);
  if (!levels.building) build(image, levels);
  for (let d = 1; d <= MAX_LEVEL; d++) {
    const near = levels.ready.get(level + d) ?? levels.ready.get(level - d);
    if (near) return near;
  }
  return whole(image);
}

function build(image: HTMLImageElement, levels: Levels): void {
  levels.building = true;
  const worker = new Worker(new URL('./mipmap-worker.ts', import.meta.url), { type: 'module' });
  const listeners = levels.listeners;
  const finish = (failed = false) => {
    worker.terminate();
    levels.failed = failed;
    // A failure is drawn again too: the next draw makes its level in place.
    if (failed) for (const redraw of listeners) redraw();
    listeners.clear();
  };
  worker.onmessage = (e: MessageEvent<LevelMessage | { done: true }>) => {
    if ('done' in e.data) return finish();
    const { level, bitmap } = e.data;
    if (levels.dropped) {
      bitmap.close();
      return finish();
    }
    levels.ready.set(level, { source: bitmap, level, width: bitmap.width, height: bitmap.height });
    for (const redraw of levels.listeners) redraw();
  };
  worker.onerror = () => finish(true);
  // The bytes behind the image: a blob: URL of the offline copy, or the asset URL (from the HTTP cache).
  fetch(image.currentSrc || image.src)
    .then((r) => r.blob())
    .then((blob) => worker.postMessage({ blob, maxLevel: MAX_LEVEL }))
    .catch(() => finish(true));
}

function makeInPlace(image: Source, level: number, levels: Levels): Mip | null {
  const w = Math.max(1, Math.ceil(image.width / 2 ** level));
  const h = Math.max(1, Math.ceil(image.height / 2 ** level));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, 0, 0, w, h);
  const made = { source: canvas, level, width: w, height: h };
  levels.ready.set(level, made);
  return made;
}
