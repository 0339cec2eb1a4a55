// COCO instances JSON, written in pieces so the server can stream it in two passes over the
// items (first "images", then "annotations") without holding the project in memory:
//   cocoOpen(schema) · cocoImage(item) joined by "," · COCO_BETWEEN · cocoAnnotations(...) joined by "," · COCO_CLOSE
// Category ids are label positions + 1; image ids are item seq numbers. Boxes carry their four
// corners as a polygon segmentation (x0,y0, x1,y0, x1,y1, x0,y1 — the COCO importer reads exactly
// that ring back as a box): pycocotools' annToMask and "segm" evaluation fail on an empty one.
// Polygons carry their ring plus its bounding box; ignore regions go out as iscrowd 1.
// Extra per-annotation fields (attributes, touchstone lineage) are ignored by COCO readers.
import type { Shape } from '../api/annotation.ts';
import type { LabelSchema } from '../api/labels.ts';
import { polygonArea, polygonBounds } from '../geometry/polygon.ts';
import { labelIndex, type ExportItem, type ExportRevision } from './types.ts';

/** `schemaVersion`: the label schema's version the labels are in (COCO's info.version holds it). */
export function cocoOpen(schema: LabelSchema, info: { description: string; dateCreated: string; schemaVersion: string }): string {
  const categories = schema.labels.map((l, i) => ({ id: i + 1, name: l.name, supercategory: '' }));
  return `{"info":${JSON.stringify({ description: info.description, version: info.schemaVersion, date_created: info.dateCreated })},"licenses":[],"categories":${JSON.stringify(categories)},"images":[`;
}
export const COCO_BETWEEN = '],"annotations":[';
export const COCO_CLOSE = ']}\n';

export function cocoImage(item: ExportItem): string {
  return JSON.stringify({ id: item.seq, file_name: item.fileName, width: item.width ?? 0, height: item.height ?? 0 });
}

/** One COCO annotation object per shape; `nextId` numbers them (the caller keeps the counter). */
export function cocoAnnotations(schema: LabelSchema, item: ExportItem, rev: ExportRevision, nextId: () => number): string[] {
  const index = labelIndex(schema);
  const out: string[] = [];
  for (const s of rev.payload.shapes) {
    const cat = index.get(s.label);
    if (cat === undefined) continue; // a label removed from the schema: no category to name it
    const { bbox, segmentation, area } = cocoGeometry(s);
    out.push(
      JSON.stringify({
        id: nextId(),
        image_id: item.seq,
        category_id: cat + 1,
        bbox,
        area,
        segmentation,
        iscrowd: s.ignore ? 1 : 0,
        attributes: s.attributes,
        touchstone: { annotation_id: rev.annotationId, annotator_id: rev.annotator.id, revision: rev.revision, shape_id: s.id, kind: s.kind },
      }),
    );
  }
  return out;
}

function cocoGeometry(s: Shape): { bbox: number[]; segmentation: number[][]; area: number } {
  if (s.kind === 'box') return { bbox: [s.x, s.y, s.w, s.h], segmentation: [boxRing(s)], area: s.w * s.h };
  const b = polygonBounds(s.points) ?? { x: 0, y: 0, w: 0, h: 0 };
  return { bbox: [b.x, b.y, b.w, b.h], segmentation: [s.points.flat()], area: polygonArea(s.points) };
}

/** A box's corners in the order the importer recognises as "this was a box". */
export const boxRing = (b: { x: number; y: number; w: number; h: number }): number[] => [b.x, b.y, b.x + b.w, b.y, b.x + b.w, b.y + b.h, b.x, b.y + b.h];
