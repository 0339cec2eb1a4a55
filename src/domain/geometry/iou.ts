// Intersection over union of boxes and polygons, the measure gold scoring and agreement match on.
// Contract: always a number in [0, 1], never NaN. Shapes without area (degenerate or with
// non-finite coordinates) have IoU 0 with everything, themselves included.
import { boxArea, boxIoU, boxToPolygon, normalizeBox } from './box.ts';
import { preparePolygon, preparedIntersectionArea, type PreparedPolygon } from './clip.ts';
import type { Box, Polygon } from './types.ts';

export { boxIoU } from './box.ts';

/** The geometric part of a shape, as on the wire (extra fields such as id and label are allowed). */
export type GeometryShape = ({ readonly kind: 'box' } & Box) | { readonly kind: 'polygon'; readonly points: Polygon };

/** IoU from the three areas; 0 when the union is empty or anything is not finite. */
export function iouFromAreas(intersection: number, areaA: number, areaB: number): number {
  const union = areaA + areaB - intersection;
  const iou = intersection / union;
  if (!(union > 0) || !Number.isFinite(iou)) return 0;
  return Math.min(1, Math.max(0, iou));
}

export function polygonIoU(a: Polygon, b: Polygon): number {
  const pa = preparePolygon(a);
  const pb = preparePolygon(b);
  return iouFromAreas(preparedIntersectionArea(pa, pb), pa.area, pb.area);
}

/** A box is the 4-vertex polygon of its corners; a polygon is itself. */
export function shapeToPolygon(shape: GeometryShape): Polygon {
  return shape.kind === 'box' ? boxToPolygon(shape) : shape.points;
}

/**
 * A shape made ready for many IoU computations (matching compares each truth shape with every
 * answer shape whose bounds overlap it): polygons are cut into convex pieces once, not once per pair.
 */
export type PreparedShape =
  { readonly kind: 'box'; readonly box: Box; readonly polygon: PreparedPolygon } | { readonly kind: 'polygon'; readonly polygon: PreparedPolygon };

export function prepareShape(shape: GeometryShape): PreparedShape {
  if (shape.kind === 'polygon') return { kind: 'polygon', polygon: preparePolygon(shape.points) };
  const box = normalizeBox(shape);
  // Two boxes never need the polygon (closed-form IoU), and most pairs are two boxes: cut it on
  // first use only (agreement matches every annotator's boxes on every item).
  let polygon: PreparedPolygon | undefined;
  return {
    kind: 'box',
    box,
    get polygon() {
      return (polygon ??= preparePolygon(boxToPolygon(box)));
    },
  };
}

export function preparedShapeIoU(a: PreparedShape, b: PreparedShape): number {
  // Two boxes: the closed form is exact and cheap. Mixed: the box is its 4-gon.
  if (a.kind === 'box' && b.kind === 'box') return boxIoU(a.box, b.box);
  return iouFromAreas(preparedIntersectionArea(a.polygon, b.polygon), a.polygon.area, b.polygon.area);
}

export function shapeIoU(a: GeometryShape, b: GeometryShape): number {
  return preparedShapeIoU(prepareShape(a), prepareShape(b));
}

/** Area of a shape in square pixels (0 for a degenerate or non-finite one). */
export function shapeArea(shape: GeometryShape): number {
  return shape.kind === 'box' ? boxArea(shape) : preparePolygon(shape.points).area;
}
