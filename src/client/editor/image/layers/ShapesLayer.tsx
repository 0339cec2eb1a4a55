import type Konva from 'konva';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Layer, Shape as KShape } from 'react-konva';
import type { Shape } from '../../../../domain/api/index.ts';
import { boxesOverlap, shapeBounds } from '../../../../domain/geometry/hit.ts';
import { visibleRegion } from '../../../../domain/geometry/viewport.ts';
import type { Box, ImageSize, Viewport } from '../../../../domain/geometry/types.ts';
import { PanCache } from './panCache.ts';

// Bounds are computed once per shape object: ops keep unchanged shapes' identity, so after an
// edit only the edited shape is measured again.
const boundsCache = new WeakMap<Shape, Box>();
const boundsOf = (s: Shape): Box => {
  let b = boundsCache.get(s);
  if (!b) boundsCache.set(s, (b = shapeBounds(s)));
  return b;
};

/**
 * Adds the shape's outline to the current path. Level of detail: a polygon vertex closer than
 * `minStep` image pixels (about one screen pixel) to the last one drawn is skipped, so a 20-vertex
 * polygon shown 6 pixels wide costs a handful of segments; on screen the difference is sub-pixel.
 */
export function tracePath(c: Pick<CanvasRenderingContext2D, 'rect' | 'moveTo' | 'lineTo' | 'closePath'>, s: Shape, minStep = 0) {
  if (s.kind === 'box') {
    c.rect(s.x, s.y, s.w, s.h);
    return;
  }
  const pts = s.points;
  const first = pts[0];
  if (!first) return;
  let lx = first[0];
  let ly = first[1];
  c.moveTo(lx, ly);
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i] as readonly [number, number];
    if (Math.abs(p[0] - lx) + Math.abs(p[1] - ly) < minStep) continue;
    lx = p[0];
    ly = p[1];
    c.lineTo(lx, ly);
  }
  c.closePath();
}

export interface ShapesLayerProps {
  shapes: readonly Shape[];
  colours: ReadonlyMap<string, string>;
  viewport: Viewport;
  stage: ImageSize;
  hidden: ReadonlySet<string>;
  /** Drawn by the interaction layer instead (selected or being dragged). */
  exclude: string | null;
  hoverId: string | null;
}

/** All visible shapes grouped by colour, each group as one path (Path2D when the browser has it). */
function groupByColour(shapes: readonly Shape[], colours: ReadonlyMap<string, string>, hidden: ReadonlySet<string>, exclude: string | null) {
  const groups = new Map<string, Shape[]>();
  for (const s of shapes) {
    if (s.id === exclude || hidden.has(s.id)) continue;
    const colour = colours.get(s.label) ?? '#ffffff';
    let list = groups.get(colour);
    if (!list) groups.set(colour, (list = []));
    list.push(s);
  }
  return groups;
}

/**
 * Every shape in ONE Konva node whose scene function strokes all shapes of a colour as a single
 * path: thousands of Konva nodes cost thousands of transform/attribute look-ups per frame, one
 * node costs one. The per-colour paths are built once per edit as Path2D objects, so a pan or
 * zoom frame makes a handful of canvas calls instead of tens of thousands of lineTo calls (the
 * cost that dominated at 4,000 shapes). Strokes are one device pixel wide (a hairline, the
 * rasteriser's cheapest). While panning at a fixed zoom the layer is a moved bitmap (panCache.ts). The layer never listens: the editor hit-tests in image pixels itself
 * (domain/geometry/hit.ts).
 */
export function ShapesLayer({ shapes, colours, viewport, stage, hidden, exclude, hoverId }: ShapesLayerProps) {
  const groups = useMemo(() => {
    const byColour = groupByColour(shapes, colours, hidden, exclude);
    if (typeof Path2D === 'undefined') return null;
    return [...byColour].map(([colour, list]) => {
      const path = new Path2D();
      for (const s of list) tracePath(path, s);
      return { colour, path };
    });
  }, [shapes, colours, hidden, exclude]);
  const panCache = useRef<PanCache | null>(null);
  useEffect(() => () => panCache.current?.release(), []);
  const draw = useCallback(
    (context: Konva.Context) => {
      const c = context._context;
      c.lineWidth = 1 / viewport.scale;
      c.lineJoin = 'miter';
      if (groups) {
        panCache.current ??= new PanCache();
        panCache.current.draw(c, groups, viewport, stage, context.getCanvas().getPixelRatio());
      } else {
        // No Path2D (tests): immediate mode with culling.
        const view = visibleRegion(viewport, stage);
        for (const [colour, list] of groupByColour(shapes, colours, hidden, exclude)) {
          c.beginPath();
          for (const s of list) if (boxesOverlap(boundsOf(s), view)) tracePath(c, s);
          c.strokeStyle = colour;
          c.stroke();
        }
      }
      const hover = hoverId && hoverId !== exclude && !hidden.has(hoverId) ? shapes.find((s) => s.id === hoverId) : undefined;
      if (hover) {
        const colour = colours.get(hover.label) ?? '#ffffff';
        c.beginPath();
        tracePath(c, hover);
        c.fillStyle = `${colour}55`;
        c.fill();
        c.lineWidth = 3 / viewport.scale;
        c.strokeStyle = colour;
        c.stroke();
      }
    },
    [groups, shapes, colours, viewport, stage, hidden, exclude, hoverId],
  );
  return (
    <Layer listening={false} x={viewport.offsetX} y={viewport.offsetY} scaleX={viewport.scale} scaleY={viewport.scale}>
      <KShape sceneFunc={draw} listening={false} perfectDrawEnabled={false} shadowForStrokeEnabled={false} />
    </Layer>
  );
}
