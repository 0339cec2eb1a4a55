// Camera math for the image editor: fitting the image or a region into the stage, and zooming
// within sane bounds. Pure so it can be property-tested; the editor's camera hook only calls these.
import { zoomAt, type StagePoint, type Viewport } from './types.ts';
import type { Box, ImageSize } from './types.ts';

/** Stage pixels per image pixel, at most and at least: 1/64 shows an 8000 px image in 125 px, 64 is pixel-peeping. */
export const MIN_SCALE = 1 / 64;
export const MAX_SCALE = 64;

export const clampScale = (s: number): number => (Number.isFinite(s) && s > 0 ? Math.min(MAX_SCALE, Math.max(MIN_SCALE, s)) : 1);

/** The viewport that shows `region` (image pixels) whole and centred in a stage of `stage` size, leaving `padding` stage pixels free on each side. */
export function fitRegion(region: Box, stage: ImageSize, padding = 0): Viewport {
  const w = Math.max(region.w, 1e-6);
  const h = Math.max(region.h, 1e-6);
  const availW = Math.max(1, stage.width - 2 * padding);
  const availH = Math.max(1, stage.height - 2 * padding);
  const scale = clampScale(Math.min(availW / w, availH / h));
  return { scale, offsetX: stage.width / 2 - (region.x + w / 2) * scale, offsetY: stage.height / 2 - (region.y + h / 2) * scale };
}

/** The whole image, fitted and centred. */
export function fitImage(image: ImageSize, stage: ImageSize, padding = 0): Viewport {
  return fitRegion({ x: 0, y: 0, w: image.width, h: image.height }, stage, padding);
}

/** Multiplies the zoom by `factor` keeping the point under `anchor` still, within [MIN_SCALE, MAX_SCALE]. */
export function zoomBy(viewport: Viewport, anchor: StagePoint, factor: number): Viewport {
  return zoomAt(viewport, anchor, clampScale(viewport.scale * factor));
}

/** Wheel delta (pixels, as browsers report with deltaMode 0) to a zoom factor: smooth, symmetric in and out. */
export function wheelZoomFactor(deltaY: number): number {
  if (!Number.isFinite(deltaY)) return 1;
  return Math.exp(-Math.max(-500, Math.min(500, deltaY)) * 0.0015);
}

export function panBy(viewport: Viewport, dx: number, dy: number): Viewport {
  return { scale: viewport.scale, offsetX: viewport.offsetX + dx, offsetY: viewport.offsetY + dy };
}

/** The image region visible in the stage, in image pixels (for culling). */
export function visibleRegion(viewport: Viewport, stage: ImageSize): Box {
  return { x: -viewport.offsetX / viewport.scale, y: -viewport.offsetY / viewport.scale, w: stage.width / viewport.scale, h: stage.height / viewport.scale };
}
