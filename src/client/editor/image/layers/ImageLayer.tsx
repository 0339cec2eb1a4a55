import type Konva from 'konva';
import { useCallback, useEffect } from 'react';
import { Layer, Shape } from 'react-konva';
import { visibleRegion } from '../../../../domain/geometry/viewport.ts';
import type { ImageSize, Viewport } from '../../../../domain/geometry/types.ts';
import { keepOnly, mipLevel, mipmap } from './mipmaps.ts';

/**
 * The photo, on its own layer that never listens: only the visible part is drawn, from the
 * mipmap level that matches the zoom, so an 8000×6000 image pans as cheaply as a small one.
 */
export function ImageLayer({ html, image, viewport, stage }: { html: HTMLImageElement | null; image: ImageSize; viewport: Viewport; stage: ImageSize }) {
  // Leaving the editor lets go of the image's levels: the browser cannot drop decoded bitmaps itself.
  useEffect(() => () => keepOnly(null), []);
  const draw = useCallback(
    (context: Konva.Context, shape: Konva.Shape) => {
      if (!html) return;
      const c = context._context;
      // A level still being made (off the main thread) redraws this layer when it arrives.
      const mip = mipmap(html, mipLevel(viewport.scale), () => shape.getLayer()?.batchDraw());
      const f = 1 / 2 ** mip.level;
      const v = visibleRegion(viewport, stage);
      // The visible part of the image, widened by a pixel so edges never show a seam.
      const x0 = Math.max(0, Math.floor(v.x) - 1);
      const y0 = Math.max(0, Math.floor(v.y) - 1);
      const x1 = Math.min(image.width, Math.ceil(v.x + v.w) + 1);
      const y1 = Math.min(image.height, Math.ceil(v.y + v.h) + 1);
      if (x1 <= x0 || y1 <= y0) return;
      const sw = Math.min((x1 - x0) * f, mip.width - x0 * f);
      const sh = Math.min((y1 - y0) * f, mip.height - y0 * f);
      if (!(sw > 0 && sh > 0)) return;
      c.imageSmoothingEnabled = viewport.scale < 2;
      c.drawImage(mip.source, x0 * f, y0 * f, sw, sh, x0, y0, sw / f, sh / f);
    },
    [html, image, viewport, stage],
  );
  return (
    <Layer listening={false} x={viewport.offsetX} y={viewport.offsetY} scaleX={viewport.scale} scaleY={viewport.scale}>
      <Shape sceneFunc={draw} listening={false} perfectDrawEnabled={false} />
    </Layer>
  );
}
