// Pascal VOC XML → imported annotations, one Annotations/<name>.xml per image: <filename>
// (under <folder>, when that is not the VOC default "JPEGImages"), <size>, and each <object>'s
// <name>, <bndbox>, flags (truncated, occluded, difficult, pose) and CVAT-style <attributes>.
// <part>s are not objects of their own; they are reported.
import { Categories, emptyItem, readOne, type ImportedItem, type ImportFile, type LabelImport, type ReportLine } from './model.ts';
import { child, children, childText, parseXml } from './xml.ts';

export function parseVoc(files: readonly ImportFile[]): LabelImport {
  const report: ReportLine[] = [];
  const categories = new Categories();
  const items: ImportedItem[] = [];
  for (const f of files.filter((x) => /\.xml$/i.test(x.path))) {
    const parsed = parseXml(f.content);
    if ('error' in parsed) {
      report.push({ file: f.path, line: parsed.line, message: `not XML: ${parsed.error}` });
      continue;
    }
    const ann = child(parsed.root, 'annotation');
    const fileName = ann && childText(ann, 'filename');
    if (!ann || !fileName) {
      report.push({ file: f.path, line: 1, message: 'not a VOC annotation: it needs <annotation> with a <filename>' });
      continue;
    }
    const it = emptyItem(fileName, 'path', f.path, ann.line);
    const size = child(ann, 'size');
    it.width = size ? Number(childText(size, 'width')) || null : null;
    it.height = size ? Number(childText(size, 'height')) || null : null;
    children(ann, 'object').forEach((obj, i) =>
      readOne(it, () => {
        const say = (message: string) => report.push({ file: f.path, line: obj.line, message });
        const name = childText(obj, 'name');
        const box = child(obj, 'bndbox');
        if (!name || !box) return say(`object ${i + 1}: needs <name> and <bndbox>`);
        const [x0, y0, x1, y1] = ['xmin', 'ymin', 'xmax', 'ymax'].map((k) => Number(childText(box, k)));
        if (![x0, y0, x1, y1].every((n) => n !== undefined && Number.isFinite(n))) return say(`object ${i + 1}: <bndbox> needs numeric xmin, ymin, xmax, ymax`);
        const attributes: Record<string, unknown> = {};
        for (const k of ['truncated', 'occluded', 'difficult', 'pose']) {
          const v = childText(obj, k);
          if (v !== undefined && !(k === 'pose' && v === 'Unspecified')) attributes[k] = k === 'pose' ? v : v === '1' || v === 'true';
        }
        for (const a of children(child(obj, 'attributes') ?? { name: '', attrs: {}, children: [], text: '', line: 0 }, 'attribute')) {
          const k = childText(a, 'name');
          if (k) attributes[k] = childText(a, 'value') ?? '';
        }
        if (children(obj, 'part').length) say(`object ${i + 1}: ${children(obj, 'part').length} <part>s not imported (parts are not objects of their own)`);
        // Flags left at 0 are VOC's defaults, not a statement: dropped unless the label has them (bind.ts says so).
        for (const k of ['truncated', 'occluded', 'difficult']) if (attributes[k] === false) delete attributes[k];
        it.shapes.push({
          category: categories.add(name),
          attributes,
          where: `object ${i + 1}`,
          line: obj.line,
          kind: 'box',
          x: x0 as number,
          y: y0 as number,
          w: (x1 as number) - (x0 as number),
          h: (y1 as number) - (y0 as number),
        });
      }),
    );
    items.push(it);
  }
  return { items, categories: categories.list(), report };
}
