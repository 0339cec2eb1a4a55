// Downscaled copies of a large image, made once on demand. Drawing an 8000×6000 photo at 1/8
// scale every frame makes the browser filter 48 million source pixels per frame; drawing a
// 1000×750 copy is a plain blit. Level k is the image at 1/2^k.
const cache = new WeakMap<CanvasImageSource, Map<number, CanvasImageSource>>();

/** The coarsest level that still has at least one source pixel per screen pixel at `scale`. */
export function mipLevel(scale: number, maxLevel = 6): number {
  if (!(scale > 0) || scale >= 1) return 0;
  return Math.min(maxLevel, Math.floor(Math.log2(1 / scale)));
}

export function mipmap(image: HTMLImageElement | HTMLCanvasElement, level: number): CanvasImageSource {
  if (level <= 0 || typeof document === 'undefined') return image;
  let levels = cache.get(image);
  if (!levels) cache.set(image, (levels = new Map()));
  const hit = levels.get(level);
  if (hit) return hit;
  const w = Math.max(1, Math.ceil(image.width / 2 ** level));
  const h = Math.max(1, Math.ceil(image.height / 2 ** level));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return image;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, 0, 0, w, h);
  levels.set(level, canvas);
  return canvas;
}
