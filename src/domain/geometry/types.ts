// Coordinate spaces of the image editor, kept apart by the type checker (as excalidraw's
// packages/math does with its branded GlobalPoint/LocalPoint): a point in image pixels and a point
// in stage (screen) pixels are both pairs of numbers, and mixing them up is the classic zoom bug.
// Branding makes that mix-up a compile error; the brand costs nothing at run time.
//
//   stage = image * scale + offset          image = (stage - offset) / scale

/** A point in image pixels: (0, 0) is the image's top-left corner, y grows downwards. */
export type ImagePoint = readonly [x: number, y: number] & { readonly __space: 'image' };
/** A point in stage pixels: what the pointer reports, relative to the canvas's top-left corner. */
export type StagePoint = readonly [x: number, y: number] & { readonly __space: 'stage' };

export const imagePoint = (x: number, y: number): ImagePoint => [x, y] as const as ImagePoint;
export const stagePoint = (x: number, y: number): StagePoint => [x, y] as const as StagePoint;

/** How the image is shown on the stage: uniform zoom, then a pan. */
export interface Viewport {
  /** Stage pixels per image pixel; always > 0. */
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

export const IDENTITY_VIEWPORT: Viewport = { scale: 1, offsetX: 0, offsetY: 0 };

export function toImage(viewport: Viewport, p: StagePoint): ImagePoint {
  return imagePoint((p[0] - viewport.offsetX) / viewport.scale, (p[1] - viewport.offsetY) / viewport.scale);
}

export function toStage(viewport: Viewport, p: ImagePoint): StagePoint {
  return stagePoint(p[0] * viewport.scale + viewport.offsetX, p[1] * viewport.scale + viewport.offsetY);
}

/**
 * Zooms to `scale` keeping the image point under `anchor` (usually the pointer) where it is on
 * the stage — the behaviour people expect from the mouse wheel.
 */
export function zoomAt(viewport: Viewport, anchor: StagePoint, scale: number): Viewport {
  const fixed = toImage(viewport, anchor);
  return { scale, offsetX: anchor[0] - fixed[0] * scale, offsetY: anchor[1] - fixed[1] * scale };
}

// Wire geometry. These are plain (unbranded) because they cross the wire as JSON and are parsed by
// the zod schemas in api/; they are always in image pixels.

/** An axis-aligned box in image pixels: (x, y) is the top-left corner, w and h are >= 0. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A polygon's vertices in image pixels, in drawing order; the closing edge is implicit. */
export type Polygon = ReadonlyArray<readonly [number, number]>;

/** A plain coordinate pair (any branded point is one too). */
export type XY = readonly [number, number];

/** The size of an image in pixels. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}
