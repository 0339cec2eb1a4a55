import type Konva from 'konva';
import { Layer, Shape as KShape } from 'react-konva';
import type { Shape } from '../../../../domain/api/index.ts';
import { BOX_HANDLES, handlePosition } from '../../../../domain/geometry/box.ts';
import type { Box, Viewport, XY } from '../../../../domain/geometry/types.ts';
import { GRAB_PX } from '../tools/types.ts';

export interface InteractionLayerProps {
  viewport: Viewport;
  /** The selected shape as it currently looks (mid-drag geometry included), or null. */
  active: Shape | null;
  activeLocked: boolean;
  colour: (label: string) => string;
  /** Box tool preview. */
  boxPreview: Box | null;
  /** Polygon tool: vertices so far and the pointer. */
  polygon: { points: readonly XY[]; cursor: XY } | null;
  drawColour: string;
  /** A shape whose label a key just changed: drawn with a thick halo for a moment. */
  flash?: Shape | null;
}

/**
 * What changes while the pointer moves: the selected shape with its handles and the shape being
 * drawn. Kept on its own small layer (Konva's "move the dragged shape to a dedicated layer" tip),
 * so a drag redraws a handful of paths, not the thousands on the shapes layer.
 */
export function InteractionLayer({ viewport, active, activeLocked, colour, boxPreview, polygon, drawColour, flash = null }: InteractionLayerProps) {
  const k = 1 / viewport.scale;
  const handle = (c: CanvasRenderingContext2D, [x, y]: XY, fill: string) => {
    const r = (GRAB_PX - 3) * k;
    c.beginPath();
    c.rect(x - r, y - r, 2 * r, 2 * r);
    c.fillStyle = fill;
    c.fill();
    c.lineWidth = k;
    c.strokeStyle = '#000000';
    c.stroke();
  };
  const draw = (context: Konva.Context) => {
    const c = context._context;
    c.lineJoin = 'round';
    if (active) {
      const col = colour(active.label);
      c.beginPath();
      if (active.kind === 'box') c.rect(active.x, active.y, active.w, active.h);
      else {
        active.points.forEach(([x, y], i) => (i === 0 ? c.moveTo(x, y) : c.lineTo(x, y)));
        c.closePath();
      }
      c.fillStyle = `${col}40`;
      c.fill();
      c.lineWidth = 2.5 * k;
      c.strokeStyle = col;
      c.stroke();
      if (!activeLocked) {
        if (active.kind === 'box') for (const h of BOX_HANDLES) handle(c, handlePosition(active, h), '#ffffff');
        else for (const p of active.points) handle(c, p, col);
      }
    }
    if (flash) {
      c.beginPath();
      if (flash.kind === 'box') c.rect(flash.x, flash.y, flash.w, flash.h);
      else {
        flash.points.forEach(([x, y], i) => (i === 0 ? c.moveTo(x, y) : c.lineTo(x, y)));
        c.closePath();
      }
      c.lineWidth = 8 * k;
      c.strokeStyle = '#ffffff';
      c.stroke();
      c.lineWidth = 4 * k;
      c.strokeStyle = colour(flash.label);
      c.stroke();
    }
    if (boxPreview) {
      c.beginPath();
      c.rect(boxPreview.x, boxPreview.y, boxPreview.w, boxPreview.h);
      c.setLineDash([6 * k, 4 * k]);
      c.lineWidth = 2 * k;
      c.strokeStyle = drawColour;
      c.stroke();
      c.setLineDash([]);
    }
    if (polygon && polygon.points.length > 0) {
      c.beginPath();
      polygon.points.forEach(([x, y], i) => (i === 0 ? c.moveTo(x, y) : c.lineTo(x, y)));
      c.lineTo(polygon.cursor[0], polygon.cursor[1]);
      c.lineWidth = 2 * k;
      c.strokeStyle = drawColour;
      c.stroke();
      polygon.points.forEach((p, i) => handle(c, p, i === 0 ? '#ffff00' : drawColour));
    }
  };
  return (
    <Layer listening={false} x={viewport.offsetX} y={viewport.offsetY} scaleX={viewport.scale} scaleY={viewport.scale}>
      <KShape sceneFunc={draw} listening={false} perfectDrawEnabled={false} shadowForStrokeEnabled={false} />
    </Layer>
  );
}
