// LabelMe JSON → imported annotations, one file per image: imagePath (relative to the JSON's
// folder), imageWidth/imageHeight, and shapes: rectangle (two corners) ──▶ a box, polygon ──▶ a
// polygon; circle, line, linestrip, point, mask ──▶ reported. A shape's "flags" become attributes;
// the image's own flags are reported, not imported.
import { Categories, dirName, emptyItem, joinPath, readOne, type ImportedItem, type ImportFile, type LabelImport, type ReportLine } from './model.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const pointList = (v: unknown): Array<[number, number]> | null =>
  Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n)))
    ? (v as Array<[number, number]>)
    : null;

export function parseLabelMe(files: readonly ImportFile[]): LabelImport {
  const report: ReportLine[] = [];
  const categories = new Categories();
  const items: ImportedItem[] = [];
  for (const f of files.filter((x) => /\.json$/i.test(x.path))) {
    const say = (message: string) => report.push({ file: f.path, line: null, message });
    let doc: unknown;
    try {
      doc = JSON.parse(f.content);
    } catch (e) {
      say(`not JSON (${(e as Error).message})`);
      continue;
    }
    if (!isObj(doc) || typeof doc.imagePath !== 'string' || !Array.isArray(doc.shapes)) {
      say('not a LabelMe file: it needs "imagePath" and "shapes"');
      continue;
    }
    const it = emptyItem(joinPath(dirName(f.path), doc.imagePath), 'path', f.path, null);
    it.width = typeof doc.imageWidth === 'number' ? doc.imageWidth : null;
    it.height = typeof doc.imageHeight === 'number' ? doc.imageHeight : null;
    // Image-level flags are the file's own checkboxes, not objects: said, not imported.
    const flags = Object.entries(isObj(doc.flags) ? doc.flags : {}).filter(([, v]) => v === true);
    if (flags.length)
      say(`image flags ${flags.map(([k]) => `"${k}"`).join(', ')} not imported (Touchstone has no image-level flags; a class label could hold them)`);
    doc.shapes.forEach((s, i) =>
      readOne(it, () => {
        const where = `shapes[${i}]`;
        if (!isObj(s) || typeof s.label !== 'string') return say(`${where}: needs a "label"`);
        const type = typeof s.shape_type === 'string' ? s.shape_type : 'polygon';
        const points = pointList(s.points);
        const base = { category: categories.add(s.label), attributes: isObj(s.flags) ? s.flags : {}, where, line: null };
        if (!points) return say(`${where}: "points" is not a list of [x, y]`);
        if (type === 'rectangle' && points.length === 2) {
          const [[x0, y0], [x1, y1]] = points as [[number, number], [number, number]];
          return void it.shapes.push({ ...base, kind: 'box', x: Math.min(x0, x1), y: Math.min(y0, y1), w: Math.abs(x1 - x0), h: Math.abs(y1 - y0) });
        }
        if (type === 'polygon') return void it.shapes.push({ ...base, kind: 'polygon', points });
        say(`${where}: a ${type} is not imported (Touchstone draws boxes and polygons)`);
      }),
    );
    items.push(it);
  }
  return { items, categories: categories.list(), report };
}
