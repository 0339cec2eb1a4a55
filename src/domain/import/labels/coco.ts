// COCO instances JSON → imported annotations. One or more files (instances_train.json, …).
//   bbox, or polygon rings ──▶ a box / a polygon (one ring); a ring that is exactly the bbox's
//       corners and marked touchstone.kind = "box" is a box (what Touchstone's exporter writes)
//   several rings ──▶ the largest ring is the object; the others are kept as ignore regions of
//       the same category (Touchstone shapes have one ring), and the report says so
//   RLE, iscrowd 0 ──▶ decoded; the outline of the mask is the polygon (exact when the mask is one
//       part without holes, else the largest part, with its other parts as ignore regions)
//   iscrowd 1 ──▶ an ignore region (outline, or its bbox): gold scoring leaves it out
//   keypoints, score ──▶ not imported, reported
import { decodeRle, maskOutline } from './rle.ts';
import { Categories, emptyItem, readOne, type ImportedItem, type ImportedShape, type ImportFile, type LabelImport, type ReportLine } from './model.ts';
import { polygonArea } from '../../geometry/polygon.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function parseCoco(files: readonly ImportFile[]): LabelImport {
  const report: ReportLine[] = [];
  const categories = new Categories();
  const items: ImportedItem[] = [];
  for (const f of files) {
    const say = (message: string) => report.push({ file: f.path, line: null, message });
    let doc: unknown;
    try {
      doc = JSON.parse(f.content);
    } catch (e) {
      say(`not JSON (${(e as Error).message})`);
      continue;
    }
    if (!isObj(doc) || !Array.isArray(doc.images) || !Array.isArray(doc.categories)) {
      say('not a COCO instances file: it needs "images", "categories" and "annotations"');
      continue;
    }
    const names = new Map<number, string>();
    doc.categories.forEach((c, i) => {
      if (isObj(c) && isNum(c.id) && typeof c.name === 'string') names.set(c.id, categories.add(c.name));
      else say(`categories[${i}]: needs a numeric "id" and a "name"`);
    });
    const byImage = new Map<number, ImportedItem>();
    doc.images.forEach((img, i) => {
      if (!isObj(img) || !isNum(img.id) || typeof img.file_name !== 'string' || img.file_name === '') return say(`images[${i}]: needs "id" and "file_name"`);
      const it = emptyItem(img.file_name, 'path', f.path, null);
      it.width = isNum(img.width) ? img.width : null;
      it.height = isNum(img.height) ? img.height : null;
      byImage.set(img.id, it);
      items.push(it);
    });
    (Array.isArray(doc.annotations) ? doc.annotations : []).forEach((a, i) => {
      const where = `annotations[${i}]${isObj(a) && a.id !== undefined ? ` (id ${String(a.id)})` : ''}`;
      if (!isObj(a) || !isNum(a.image_id) || !isNum(a.category_id)) return say(`${where}: needs "image_id" and "category_id"`);
      const it = byImage.get(a.image_id);
      if (!it) return say(`${where}: names image ${a.image_id}, which is not in "images"`);
      const category = names.get(a.category_id) ?? categories.add(String(a.category_id));
      if (Array.isArray(a.keypoints) && a.keypoints.length > 0)
        say(`${where}: ${a.keypoints.length / 3} keypoints not imported (Touchstone has no keypoint tool)`);
      if (a.score !== undefined) say(`${where}: "score" ${String(a.score)} not imported (a prediction's confidence has no place in a label)`);
      const attributes = isObj(a.attributes) ? a.attributes : {};
      const base = { category, attributes, where, line: null };
      readOne(it, () => {
        for (const made of shapesOf(a, base, (m) => say(`${where}: ${m}`))) it.shapes.push(made);
      });
    });
  }
  return { items, categories: categories.list(), report };
}

type Base = { category: string; attributes: Json; where: string; line: null };

function shapesOf(a: Json, base: Base, say: (m: string) => void): ImportedShape[] {
  const bbox = Array.isArray(a.bbox) && a.bbox.length === 4 && a.bbox.every(isNum) ? (a.bbox as [number, number, number, number]) : null;
  const crowd = a.iscrowd === 1;
  const ignore = crowd ? { ignore: true as const } : {};
  const seg = a.segmentation;
  const asBox = (): ImportedShape[] => (bbox ? [{ ...base, ...ignore, kind: 'box', x: bbox[0], y: bbox[1], w: bbox[2], h: bbox[3] }] : []);
  if (isObj(seg)) {
    const mask = decodeRle({ counts: seg.counts, size: seg.size });
    const outline = typeof mask === 'string' ? null : maskOutline(mask);
    if (!outline || outline.points.length < 3) {
      say(`${typeof mask === 'string' ? mask : 'the mask is empty'}: kept as an ignore region over its bbox`);
      return bbox ? [{ ...base, ignore: true, kind: 'box', x: bbox[0], y: bbox[1], w: bbox[2], h: bbox[3] }] : [];
    }
    if (crowd) say('a crowd region: kept as an ignore region (its mask outline), left out of gold scoring');
    else if (!outline.exact) say("the mask has several parts or holes: its largest part's outline is the object, the rest is not represented");
    return [{ ...base, ...ignore, kind: 'polygon', points: outline.points }];
  }
  const rings = Array.isArray(seg) ? seg.filter((r): r is number[] => Array.isArray(r) && r.length > 0 && r.every(isNum)) : [];
  const bad = rings.find((r) => r.length % 2 !== 0 || r.length < 6);
  if (bad) say('a polygon ring has an odd number of coordinates or fewer than 3 points');
  const good = rings
    .filter((r) => r !== bad)
    .map((r) => Array.from({ length: r.length / 2 }, (_, j) => [r[2 * j] as number, r[2 * j + 1] as number] as [number, number]));
  if (good.length === 0) {
    if (!bbox) say('neither a bbox nor a polygon: not imported');
    else if (crowd) say('a crowd region: kept as an ignore region (its bbox), left out of gold scoring');
    return asBox();
  }
  const ts = isObj(a.touchstone) ? a.touchstone : {};
  if (ts.kind === 'box' && bbox && good.length === 1) return asBox();
  if (crowd) say('a crowd region: kept as an ignore region, left out of gold scoring');
  const ordered = [...good].sort((p, q) => polygonArea(q) - polygonArea(p));
  if (ordered.length > 1)
    say(`${ordered.length} polygon rings: the largest is the object, the other ${ordered.length - 1} kept as ignore regions (a Touchstone shape has one ring)`);
  return ordered.map((points, k) => ({ ...base, ...(k === 0 ? ignore : { ignore: true as const }), kind: 'polygon' as const, points }));
}
