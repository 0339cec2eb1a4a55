// A bitmap of the shapes layer for panning. While the zoom stays the same, a pan only moves the
// picture, so the shapes are rendered once into an offscreen canvas half a screen larger on each
// side and each pan frame is one drawImage. It is exact, not an approximation: the bitmap is
// made at the current scale and moved by whole device pixels (otherwise it is re-rendered).
// A frame whose scale differs from the previous one (zooming) draws directly, since the bitmap
// would be stale at once. So does a frame that does not move the view (a new item, an edit): the
// bitmap is four screens of pixels, and making it for a frame that is not a pan cost a new item's
// first frame about 35 ms. It is made on the first frame of a pan, on a canvas kept from the last
// one (allocating four screens of pixels is most of that cost).
import type { Viewport } from '../../../../domain/geometry/types.ts';

export interface ColourPath {
  readonly colour: string;
  readonly path: Path2D;
}

export function strokeGroups(c: CanvasRenderingContext2D, groups: readonly ColourPath[], scale: number): void {
  // One device pixel wide, mitred: the rasteriser's cheapest stroke (a hairline).
  c.lineWidth = 1 / scale;
  c.lineJoin = 'miter';
  for (const g of groups) {
    c.strokeStyle = g.colour;
    c.stroke(g.path);
  }
}

const whole = (v: number) => Math.abs(v - Math.round(v)) < 1e-6;

/** Bitmaps of caches that were let go, for the next one (the editor shows one image at a time). */
const spare: HTMLCanvasElement[] = [];

export class PanCache {
  private canvas: HTMLCanvasElement | null = null;
  private made: { groups: readonly ColourPath[]; scale: number; ox: number; oy: number; mx: number; my: number; w: number; h: number; pr: number } | null =
    null;
  private lastScale = Number.NaN;
  private lastX = Number.NaN;
  private lastY = Number.NaN;
  /** Frames served from the bitmap, for the benchmark and tests. */
  hits = 0;

  /** Draws the groups on `c`, whose transform maps image pixels to the layer canvas. */
  draw(c: CanvasRenderingContext2D, groups: readonly ColourPath[], viewport: Viewport, stage: { width: number; height: number }, pr: number): void {
    const zooming = viewport.scale !== this.lastScale;
    const moved = viewport.offsetX !== this.lastX || viewport.offsetY !== this.lastY;
    this.lastScale = viewport.scale;
    this.lastX = viewport.offsetX;
    this.lastY = viewport.offsetY;
    if (zooming || typeof document === 'undefined') {
      strokeGroups(c, groups, viewport.scale);
      return;
    }
    let m = this.made;
    const dx = m ? viewport.offsetX - m.ox : 0;
    const dy = m ? viewport.offsetY - m.oy : 0;
    const stale =
      !m ||
      m.groups !== groups ||
      m.scale !== viewport.scale ||
      m.w !== stage.width ||
      m.h !== stage.height ||
      m.pr !== pr ||
      Math.abs(dx) > m.mx ||
      Math.abs(dy) > m.my ||
      !whole(dx * pr) ||
      !whole(dy * pr);
    if (stale && !moved) {
      strokeGroups(c, groups, viewport.scale);
      return;
    }
    if (stale) m = this.render(groups, viewport, stage, pr);
    if (!m || !this.canvas) return;
    c.save();
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.drawImage(this.canvas, Math.round((viewport.offsetX - m.ox - m.mx) * pr), Math.round((viewport.offsetY - m.oy - m.my) * pr));
    c.restore();
    if (!stale) this.hits++;
  }

  /** Gives the bitmap to the next cache (the layer is going away). */
  release(): void {
    if (this.canvas && spare.length < 2) spare.push(this.canvas);
    this.canvas = null;
    this.made = null;
  }

  private render(groups: readonly ColourPath[], viewport: Viewport, stage: { width: number; height: number }, pr: number) {
    const mx = Math.ceil(stage.width / 2);
    const my = Math.ceil(stage.height / 2);
    const canvas = this.canvas ?? spare.pop() ?? document.createElement('canvas');
    const w = Math.ceil((stage.width + 2 * mx) * pr);
    const h = Math.ceil((stage.height + 2 * my) * pr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const c = canvas.getContext('2d');
    if (!c) return null;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.clearRect(0, 0, w, h);
    const s = viewport.scale * pr;
    c.setTransform(s, 0, 0, s, (viewport.offsetX + mx) * pr, (viewport.offsetY + my) * pr);
    strokeGroups(c, groups, viewport.scale * pr);
    this.canvas = canvas;
    this.made = { groups, scale: viewport.scale, ox: viewport.offsetX, oy: viewport.offsetY, mx, my, w: stage.width, h: stage.height, pr };
    return this.made;
  }
}
