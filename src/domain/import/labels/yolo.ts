// YOLO label files → imported annotations, Ultralytics and Darknet layouts, detection and
// segmentation. Class names from data.yaml (names as a list, a map or inline), obj.names or
// classes.txt. A label file names its image by its path: Ultralytics "labels/<split>/x.txt" is
// "images/<split>/x.*", Darknet's "obj_train_data/x.txt" sits beside "obj_train_data/x.*".
// Coordinates are fractions of the image size (bind.ts multiplies by the item's size).
//   "<class> cx cy w h" a box · "<class> x1 y1 … xn yn" (n ≥ 3) a polygon
import { parseYoloNames } from './yolo-names.ts';
import {
  Categories,
  dropExtension,
  emptyItem,
  normalizePath,
  readOne,
  type ImportedItem,
  type ImportFile,
  type LabelImport,
  type ReportLine,
} from './model.ts';

const NAMES = /(^|\/)(data\.ya?ml|[^/]*\.names|classes\.txt)$/i;

export function parseYolo(files: readonly ImportFile[]): LabelImport {
  const report: ReportLine[] = [];
  const categories = new Categories();
  const namesFile = files.find((f) => /(^|\/)data\.ya?ml$/i.test(f.path)) ?? files.find((f) => NAMES.test(f.path));
  const names = namesFile ? parseYoloNames(namesFile.content) : [];
  names.forEach((n) => categories.add(n));
  if (!namesFile) report.push({ file: '', line: null, message: 'no data.yaml, obj.names or classes.txt: classes are named by their numbers' });
  const items: ImportedItem[] = [];
  for (const f of files) {
    if (!/\.txt$/i.test(f.path) || NAMES.test(f.path) || /(^|\/)(train|val|test|valid)\.txt$/i.test(f.path) || /readme/i.test(f.path)) continue;
    const it = emptyItem(imageStem(f.path), 'stem', f.path, null);
    it.units = 'fraction';
    f.content.split(/\r?\n/).forEach((raw, i) => {
      const line = i + 1;
      const text = raw.trim();
      if (text === '') return;
      readOne(it, () => {
        const say = (message: string) => report.push({ file: f.path, line, message });
        const parts = text.split(/\s+/);
        const nums = parts.slice(1).map(Number);
        const cls = Number(parts[0]);
        if (!Number.isInteger(cls) || cls < 0 || nums.some((n) => !Number.isFinite(n))) return say('expected a class number followed by numbers');
        if (nums.length !== 4 && (nums.length < 6 || nums.length % 2 !== 0))
          return say(`expected 4 numbers (a box) or an even number, at least 6 (a polygon); found ${nums.length}`);
        const category = categories.add(names[cls] ?? String(cls));
        if (names.length && cls >= names.length) say(`class ${cls} is not in the names file (${names.length} classes)`);
        const base = { category, attributes: {}, where: `class ${cls}`, line };
        if (nums.length === 4) {
          const [cx, cy, w, h] = nums as [number, number, number, number];
          it.shapes.push({ ...base, kind: 'box', x: cx - w / 2, y: cy - h / 2, w, h });
        } else
          it.shapes.push({
            ...base,
            kind: 'polygon',
            points: Array.from({ length: nums.length / 2 }, (_, k) => [nums[2 * k] as number, nums[2 * k + 1] as number] as [number, number]),
          });
      });
    });
    items.push(it);
  }
  return { items, categories: categories.list(), report };
}

/** "labels/train/x.txt" → "images/train/x"; "obj_train_data/x.txt" → "obj_train_data/x". */
export function imageStem(labelPath: string): string {
  const segs = normalizePath(labelPath).split('/');
  const k = segs.map((s) => s.toLowerCase()).lastIndexOf('labels');
  if (k >= 0 && k < segs.length - 1) segs[k] = 'images';
  return dropExtension(segs.join('/'));
}
