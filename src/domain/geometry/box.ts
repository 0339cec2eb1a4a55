// Axis-aligned boxes in image pixels. Every function returns a *normalised* box (w, h >= 0, x/y the
// top-left corner) whatever the direction the user dragged in, so the rest of the system never has
// to think about negative sizes.
import type { Box, ImageSize, Polygon, XY } from './types.ts';

/** The eight resize handles, named by compass direction (n = top edge, since y grows downwards). */
export type BoxHandle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export const BOX_HANDLES: readonly BoxHandle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** The box spanned by two opposite corners, given in any order (a drag may go any direction). */
export function boxFromCorners(a: XY, b: XY): Box {
  return { x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), w: Math.abs(b[0] - a[0]), h: Math.abs(b[1] - a[1]) };
}

/** A box with a negative width or height turned into the same region with positive ones. */
export function normalizeBox(b: Box): Box {
  return boxFromCorners([b.x, b.y], [b.x + b.w, b.y + b.h]);
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

/**
 * The part of the box inside the image. A box entirely outside collapses onto the nearest edge
 * (zero width or height), which `meetsMinSize` then rejects.
 */
export function clampBox(box: Box, image: ImageSize): Box {
  const b = normalizeBox(box);
  const x0 = clamp(b.x, 0, image.width);
  const y0 = clamp(b.y, 0, image.height);
  const x1 = clamp(b.x + b.w, 0, image.width);
  const y1 = clamp(b.y + b.h, 0, image.height);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** True when both sides are at least `minSide` pixels: smaller boxes are usually stray clicks. */
export function meetsMinSize(box: Box, minSide: number): boolean {
  return Math.abs(box.w) >= minSide && Math.abs(box.h) >= minSide;
}

/** Area in square pixels; 0 for anything non-finite, so callers never see NaN. */
export function boxArea(box: Box): number {
  const a = Math.abs(box.w) * Math.abs(box.h);
  return Number.isFinite(a) ? a : 0;
}

/** The overlap of two boxes, or null when they do not overlap with positive area (touching counts as no overlap). */
export function boxIntersection(a: Box, b: Box): Box | null {
  const p = normalizeBox(a);
  const q = normalizeBox(b);
  const x0 = Math.max(p.x, q.x);
  const y0 = Math.max(p.y, q.y);
  const x1 = Math.min(p.x + p.w, q.x + q.w);
  const y1 = Math.min(p.y + p.h, q.y + q.h);
  // Written as !(x > y) so that NaN coordinates also land here.
  if (!(x1 > x0) || !(y1 > y0)) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Intersection over union in [0, 1]. Two zero-area boxes have IoU 0 (not NaN): an empty shape
 * matches nothing, not even itself.
 */
export function boxIoU(a: Box, b: Box): number {
  const inter = boxIntersection(a, b);
  if (!inter) return 0;
  const i = boxArea(inter);
  const union = boxArea(a) + boxArea(b) - i;
  if (!(union > 0)) return 0;
  return Math.min(1, Math.max(0, i / union));
}

export function translateBox(box: Box, dx: number, dy: number): Box {
  return { x: box.x + dx, y: box.y + dy, w: box.w, h: box.h };
}

/**
 * The box after dragging `handle` to `to`: the edges the handle controls follow the pointer, the
 * others stay put. Dragging past the opposite edge flips the box instead of giving it a negative
 * size. Call it with the box as it was when the drag started (not the previous frame's result), so
 * a drag that crosses over and back ends exactly where the pointer is.
 */
export function resizeBox(box: Box, handle: BoxHandle, to: XY): Box {
  const b = normalizeBox(box);
  let x0 = b.x;
  let y0 = b.y;
  let x1 = b.x + b.w;
  let y1 = b.y + b.h;
  if (handle.includes('w')) x0 = to[0];
  if (handle.includes('e')) x1 = to[0];
  if (handle.includes('n')) y0 = to[1];
  if (handle.includes('s')) y1 = to[1];
  return boxFromCorners([x0, y0], [x1, y1]);
}

/** Where a handle sits on the box, for drawing it and hit-testing it. */
export function handlePosition(box: Box, handle: BoxHandle): XY {
  const b = normalizeBox(box);
  const x = handle.includes('w') ? b.x : handle.includes('e') ? b.x + b.w : b.x + b.w / 2;
  const y = handle.includes('n') ? b.y : handle.includes('s') ? b.y + b.h : b.y + b.h / 2;
  return [x, y];
}

/** The box as a 4-vertex polygon in reading order (clockwise on screen, positive shoelace area). */
export function boxToPolygon(box: Box): Polygon {
  const b = normalizeBox(box);
  return [
    [b.x, b.y],
    [b.x + b.w, b.y],
    [b.x + b.w, b.y + b.h],
    [b.x, b.y + b.h],
  ];
}
