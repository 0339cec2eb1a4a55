// CVAT for images XML 1.1 → imported annotations. <meta><task|project><labels> declares the
// categories; each <image name width height> holds
//   <box xtl ytl xbr ybr occluded rotation> ──▶ a box (rotated: its turned corners as a polygon)
//   <polygon points="x,y;x,y;…"> ──▶ a polygon
//   <tag label> ──▶ a document class of the image
//   <attribute name>value</attribute> ──▶ attributes; occluded="1" ──▶ attribute "occluded"
//   <polyline>, <points>, <mask>, <ellipse>, <cuboid>, <skeleton> ──▶ reported, not imported
// Video tracks (<track>) are reported: this is the "for images" format.
import { Categories, emptyItem, readOne, type ImportedItem, type ImportFile, type LabelImport, type ReportLine } from './model.ts';
import { child, children, parseXml, type XmlElement } from './xml.ts';

const SKIPPED = new Set(['polyline', 'points', 'mask', 'ellipse', 'cuboid', 'skeleton']);

function pointsOf(s: string): Array<[number, number]> | null {
  const pts = s.split(';').map((p) => p.split(',').map(Number));
  return pts.every((p) => p.length === 2 && p.every(Number.isFinite)) ? (pts as Array<[number, number]>) : null;
}

export function parseCvat(files: readonly ImportFile[]): LabelImport {
  const report: ReportLine[] = [];
  const categories = new Categories();
  const items: ImportedItem[] = [];
  for (const f of files.filter((x) => /\.xml$/i.test(x.path))) {
    const parsed = parseXml(f.content);
    if ('error' in parsed) {
      report.push({ file: f.path, line: parsed.line, message: `not XML: ${parsed.error}` });
      continue;
    }
    const root = child(parsed.root, 'annotations');
    if (!root) {
      report.push({ file: f.path, line: 1, message: 'not a CVAT XML file: it needs <annotations>' });
      continue;
    }
    const meta = child(root, 'meta');
    const holder = meta && (child(meta, 'task') ?? child(meta, 'project') ?? child(meta, 'job'));
    const labels = holder && child(holder, 'labels');
    for (const l of labels ? children(labels, 'label') : []) {
      const n = child(l, 'name')?.text.trim();
      if (n) categories.add(n);
    }
    for (const t of children(root, 'track')) report.push({ file: f.path, line: t.line, message: 'a video track is not imported (this reads CVAT for images)' });
    for (const img of children(root, 'image')) {
      const name = img.attrs.name;
      if (!name) {
        report.push({ file: f.path, line: img.line, message: '<image> needs a name' });
        continue;
      }
      const it = emptyItem(name, 'path', f.path, img.line);
      it.width = Number(img.attrs.width) || null;
      it.height = Number(img.attrs.height) || null;
      for (const el of img.children) {
        const read = () => readElement(el, it, categories, (line, message) => report.push({ file: f.path, line, message }));
        if (SKIPPED.has(el.name) || ['box', 'polygon', 'tag'].includes(el.name)) readOne(it, read);
        else read();
      }
      items.push(it);
    }
  }
  return { items, categories: categories.list(), report };
}

function readElement(el: XmlElement, it: ImportedItem, categories: Categories, say: (line: number, m: string) => void) {
  const label = el.attrs.label ?? '';
  const where = `<${el.name}${label ? ` label="${label}"` : ''}>`;
  if (SKIPPED.has(el.name)) return say(el.line, `${where}: a ${el.name} is not imported (Touchstone draws boxes and polygons)`);
  if (!['box', 'polygon', 'tag'].includes(el.name)) return;
  if (!label) return say(el.line, `${where}: has no label; not imported`);
  const category = categories.add(label);
  if (el.name === 'tag') return void it.classes.push({ category, where, line: el.line });
  const attributes: Record<string, unknown> = {};
  for (const a of children(el, 'attribute')) if (a.attrs.name) attributes[a.attrs.name] = a.text.trim();
  if (el.attrs.occluded === '1') attributes.occluded = true;
  // Touchstone writes its ignore regions with an ignore=true attribute.
  const ignore = attributes.ignore === 'true' ? { ignore: true as const } : {};
  delete attributes.ignore;
  const base = { category, attributes, where, line: el.line, ...ignore };
  if (el.name === 'polygon') {
    const points = pointsOf(el.attrs.points ?? '');
    if (!points) return say(el.line, `${where}: "points" is not a list of x,y pairs`);
    return void it.shapes.push({ ...base, kind: 'polygon', points });
  }
  const [x0, y0, x1, y1] = ['xtl', 'ytl', 'xbr', 'ybr'].map((k) => Number(el.attrs[k]));
  if (![x0, y0, x1, y1].every((n) => n !== undefined && Number.isFinite(n))) return say(el.line, `${where}: needs numeric xtl, ytl, xbr, ybr`);
  const rotation = Number(el.attrs.rotation ?? 0);
  if (rotation) {
    // CVAT turns the box clockwise about its centre.
    const cx = ((x0 as number) + (x1 as number)) / 2;
    const cy = ((y0 as number) + (y1 as number)) / 2;
    const r = (rotation * Math.PI) / 180;
    const turn = ([x, y]: [number, number]): [number, number] => [
      cx + (x - cx) * Math.cos(r) - (y - cy) * Math.sin(r),
      cy + (x - cx) * Math.sin(r) + (y - cy) * Math.cos(r),
    ];
    say(el.line, `${where}: rotated ${rotation}°: imported as the polygon of its turned corners (Touchstone boxes are upright)`);
    return void it.shapes.push({
      ...base,
      kind: 'polygon',
      points: (
        [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
        ] as Array<[number, number]>
      ).map(turn),
    });
  }
  it.shapes.push({ ...base, kind: 'box', x: x0 as number, y: y0 as number, w: (x1 as number) - (x0 as number), h: (y1 as number) - (y0 as number) });
}
