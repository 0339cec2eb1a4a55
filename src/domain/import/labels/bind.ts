// Imported annotations (model.ts) → payloads for the project's items, annotation by annotation:
//   item       found by key (match-items.ts); not found, or given twice ──▶ reported, skipped
//   frame      fractions × the item's size; a file stating the raw size of an EXIF-rotated upload
//              is mapped upright (frames.ts); any other size ──▶ the item is reported, skipped
//   category   an explicit map, else a label with that id or name ──▶ unknown names reported
//   tool       a box on a polygon-only label becomes its 4-corner polygon, a polygon on a box-only
//              label its bounding box (both said in the report)
//   geometry   within 1 px of the edge: clamped; further out, under 1×1 px, or a polygon that
//              crosses itself ──▶ that annotation reported and left out, the rest kept
//   spans      offsets to code points, remapped onto the item's own spacing; out of range or
//              overlapping (when the schema forbids it) ──▶ reported and left out
//   an item all of whose annotations were left out gets no entry (its empty payload would read as
//   "nothing here"); an item listed with no annotations at all does (an empty answer is meant)
import type { AnnotationPayload, Shape, TextSpan } from '../../api/annotation.ts';
import type { LabelClass, LabelSchema } from '../../api/labels.ts';
import { polygonBounds, validatePolygon } from '../../geometry/polygon.ts';
import { buildOffsetIndex, utf16ToCodePoint } from '../../text/offsets.ts';
import { labelResolver, UnmappedTally } from '../common.ts';
import { isSpace } from '../../export/tokens.ts';
import { exifToUpright } from './frames.ts';
import { itemMatcher, type TargetItem } from './match-items.ts';
import type { ImportedItem, ImportedShape, ImportedSpan, LabelImport, ReportLine } from './model.ts';

export interface BoundEntry {
  itemId: string;
  file: string;
  line: number | null;
  ref: string;
  payload: AnnotationPayload;
  /** This item's annotations left out (the payload is then partial: not whole enough for gold). */
  dropped: number;
}
export interface BoundImport {
  entries: BoundEntry[];
  report: ReportLine[];
  /** Category names no label took, with how often they were used. */
  unknownCategories: Array<{ source: string; uses: number }>;
  /** Annotations (shapes, spans, classes) kept and left out. */
  kept: number;
  dropped: number;
}

const EDGE = 1;
/**
 * Pixels from fractions or percents carry float noise: a 1-px box read back from YOLO is 0.9999999999
 * px and would be refused as under 1×1. Coordinates are snapped to 1e-9 px, far inside the 1e-6 px a
 * round trip promises.
 */
const snap = (v: number) => Math.round(v * 1e9) / 1e9;
export const spaceless = (t: string) =>
  Array.from(t)
    .filter((c) => !isSpace(c))
    .join('');

export function bindImport(
  parsed: LabelImport,
  schema: LabelSchema,
  items: readonly TargetItem[],
  options: { categoryMap?: Record<string, string> } = {},
): BoundImport {
  const resolve = labelResolver(schema, options.categoryMap);
  const find = itemMatcher(items, spaceless);
  const unknown = new UnmappedTally();
  const report: ReportLine[] = [...parsed.report];
  const entries: BoundEntry[] = [];
  const given = new Map<string, ImportedItem>();
  let kept = 0;
  let dropped = 0;

  for (const src of parsed.items) {
    const say = (line: number | null, message: string) => report.push({ file: src.file, line, message });
    const found = find(src.key, src.keyKind);
    const alt = 'problem' in found && src.alsoText !== undefined ? find(src.alsoText, 'text') : found;
    const hit = 'item' in found ? found : alt;
    const skipped = src.skipped ?? 0;
    const count = src.shapes.length + src.spans.length + src.classes.length + skipped;
    if ('problem' in hit) {
      say(src.line, `${hit.problem}: its ${count} annotation${count === 1 ? '' : 's'} were not imported`);
      dropped += count;
      continue;
    }
    const item = hit.item;
    const earlier = given.get(item.itemId);
    if (earlier) {
      say(
        src.line,
        `the item "${src.key.slice(0, 80)}" was already given by ${earlier.file}${earlier.line ? ` line ${earlier.line}` : ''}; this one was not imported`,
      );
      dropped += count;
      continue;
    }
    given.set(item.itemId, src);
    const droppedBefore = dropped;
    // What the parser already reported and could not read is left out of this item too.
    dropped += skipped;
    const payload: AnnotationPayload = { shapes: [], spans: [], classes: [] };

    if (src.shapes.length > 0) {
      const map = frameOf(src, item);
      if (typeof map === 'string') {
        say(src.line, map);
        dropped += count - skipped;
        continue;
      }
      src.shapes.forEach((s, k) => {
        const label = labelFor(s.category, s.where, s.line);
        if (!label) return;
        const made = placeShape(s, label, map, { width: item.width ?? 0, height: item.height ?? 0 }, `i${k + 1}`);
        for (const note of made.notes) say(s.line, `${s.where}: ${note}`);
        if (made.shape) payload.shapes.push(made.shape);
        else dropped++;
      });
    }
    if (src.spans.length > 0)
      bindSpans(
        src,
        item.text ?? '',
        payload,
        (s) => labelFor(s.category, s.where, s.line, 'span'),
        (line, m) => say(line, m),
        () => dropped++,
      );
    for (const c of src.classes) {
      const label = labelFor(c.category, c.where, c.line, 'class');
      if (!label) continue;
      if (payload.classes.includes(label.id)) continue;
      if (schema.classMode === 'single' && payload.classes.length > 0) {
        say(c.line, `${c.where}: this project allows one class per item; "${c.category}" was left out`);
        dropped++;
      } else payload.classes.push(label.id);
    }
    const itemDropped = dropped - droppedBefore;
    const itemKept = payload.shapes.length + payload.spans.length + payload.classes.length;
    // Every annotation of the item left out: writing its empty payload would say "nothing here".
    if (itemKept === 0 && itemDropped > 0) {
      say(
        src.line,
        `none of the ${itemDropped} annotation${itemDropped === 1 ? '' : 's'} of "${src.key.slice(0, 80)}" could be imported; the item was left as it was`,
      );
      continue;
    }
    kept += itemKept;
    entries.push({ itemId: item.itemId, file: src.file, line: src.line, ref: src.key.slice(0, 200), payload, dropped: itemDropped });

    function labelFor(category: string, where: string, line: number | null, tool?: 'span' | 'class'): LabelClass | undefined {
      const label = resolve(category);
      if (!label) {
        unknown.add(category);
        say(line, `${where}: "${category}" is not a label of this project`);
        dropped++;
        return undefined;
      }
      if (tool && !label.tools.includes(tool)) {
        say(line, `${where}: label "${label.name}" cannot be used as a ${tool === 'span' ? 'text span' : 'document class'}`);
        dropped++;
        return undefined;
      }
      return label;
    }
  }
  return { entries, report, unknownCategories: unknown.list(), kept, dropped };
}

type Map2 = (x: number, y: number) => [number, number];

function frameOf(src: ImportedItem, item: TargetItem): Map2 | string {
  const W = item.width ?? 0;
  const H = item.height ?? 0;
  if (src.units === 'fraction') return (x, y) => [x * W, y * H];
  if (src.width === null || src.height === null) return (x, y) => [x, y];
  const same = (a: number, b: number) => Math.abs(a - b) < 0.5;
  if (same(src.width, W) && same(src.height, H)) return (x, y) => [x, y];
  const e = item.exif;
  if (e && e.orientation !== 1 && same(src.width, e.width) && same(src.height, e.height)) return exifToUpright(e.orientation, e.width, e.height);
  return `the file says the image is ${src.width}×${src.height} but the item's image is ${W}×${H}; its annotations were not imported`;
}

function placeShape(
  s: ImportedShape,
  label: LabelClass,
  map: Map2,
  size: { width: number; height: number },
  id: string,
): { shape: Shape | null; notes: string[] } {
  const notes: string[] = [];
  const { attributes, warnings } = keepAttributes(s.attributes, label);
  notes.push(...warnings);
  const at = (x: number, y: number) => map(x, y).map(snap) as [number, number];
  let points: Array<[number, number]> = s.kind === 'box' ? [at(s.x, s.y), at(s.x + s.w, s.y + s.h)] : s.points.map(([x, y]) => at(x, y));
  let kind: 'box' | 'polygon' = s.kind;
  if (kind === 'box' && !label.tools.includes('box')) {
    if (!label.tools.includes('polygon')) return { shape: null, notes: [...notes, `label "${label.name}" takes no boxes nor polygons; left out`] };
    const [[x0, y0], [x1, y1]] = points as [[number, number], [number, number]];
    points = [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ];
    kind = 'polygon';
    notes.push(`label "${label.name}" takes polygons only: the box became its 4-corner polygon`);
  } else if (kind === 'polygon' && !label.tools.includes('polygon')) {
    if (!label.tools.includes('box')) return { shape: null, notes: [...notes, `label "${label.name}" takes no boxes nor polygons; left out`] };
    const b = polygonBounds(points);
    if (!b) return { shape: null, notes: [...notes, 'the polygon has no points; left out'] };
    points = [
      [b.x, b.y],
      [b.x + b.w, b.y + b.h],
    ];
    kind = 'box';
    notes.push(`label "${label.name}" takes boxes only: the polygon became its bounding box`);
  }
  const far = points.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y) || x < -EDGE || y < -EDGE || x > size.width + EDGE || y > size.height + EDGE);
  if (far) return { shape: null, notes: [...notes, `lies more than ${EDGE} px outside the ${size.width}×${size.height} image; left out`] };
  const clamped = points.map(([x, y]) => [Math.min(Math.max(x, 0), size.width), Math.min(Math.max(y, 0), size.height)] as [number, number]);
  if (clamped.some(([x, y], i) => x !== points[i]![0] || y !== points[i]![1])) notes.push('a sliver past the image edge was clamped to it');
  const ignore = s.ignore ? { ignore: true as const } : {};
  if (kind === 'box') {
    const [[ax, ay], [bx, by]] = clamped as [[number, number], [number, number]];
    const box = { x: Math.min(ax, bx), y: Math.min(ay, by), w: Math.abs(bx - ax), h: Math.abs(by - ay) };
    if (box.w < 1 || box.h < 1)
      return { shape: null, notes: [...notes, `the box is ${+box.w.toFixed(3)}×${+box.h.toFixed(3)} px, under the 1×1 px a box needs; left out`] };
    return { shape: { id, kind: 'box', label: label.id, ...box, attributes, ...ignore }, notes };
  }
  const problems = validatePolygon(clamped, size);
  if (problems.length) return { shape: null, notes: [...notes, `${problems.join('; ')}; left out`] };
  if (clamped.length > 5000) return { shape: null, notes: [...notes, `the polygon has ${clamped.length} vertices, more than 5000; left out`] };
  return { shape: { id, kind: 'polygon', label: label.id, points: clamped, attributes, ...ignore }, notes };
}

/** Keeps the attributes the label defines with a value of the right type ("1"/"true" read as yes); says what it dropped. */
export function keepAttributes(source: Record<string, unknown>, label: LabelClass) {
  const attributes: Record<string, boolean | string> = {};
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(source)) {
    const def = label.attributes.find((a) => a.name === name);
    const asBool =
      typeof value === 'boolean'
        ? value
        : value === 'true' || value === '1' || value === 1
          ? true
          : value === 'false' || value === '0' || value === 0
            ? false
            : undefined;
    if (def?.type === 'boolean' && asBool !== undefined) attributes[name] = asBool;
    else if (def?.type === 'select' && typeof value === 'string' && def.options.includes(value)) attributes[name] = value;
    else if (def) warnings.push(`attribute "${name}" has a value (${JSON.stringify(value).slice(0, 40)}) label "${label.name}" does not allow; dropped`);
    else warnings.push(`attribute "${name}" is not defined for "${label.name}"; dropped`);
  }
  return { attributes, warnings };
}

function bindSpans(
  src: ImportedItem,
  text: string,
  payload: AnnotationPayload,
  labelFor: (s: ImportedSpan) => LabelClass | undefined,
  say: (line: number | null, m: string) => void,
  drop: () => void,
) {
  const toItem = offsetMap(src, text);
  const length = Array.from(text).length;
  const spans: TextSpan[] = [];
  src.spans.forEach((s, k) => {
    const label = labelFor(s);
    if (!label) return;
    const start = toItem(s.start);
    const end = toItem(s.end);
    if (start === null || end === null || !(start < end) || start < 0 || end > length) {
      say(s.line, `${s.where}: offsets ${s.start}–${s.end} do not fall on this item's text (${length} characters); left out`);
      return drop();
    }
    spans.push({ id: `s${k + 1}`, label: label.id, start, end });
  });
  payload.spans.push(...spans);
}

/** Offsets in the file's text → code points of the item's text. */
function offsetMap(src: ImportedItem, itemText: string): (n: number) => number | null {
  const fileText = src.text ?? itemText;
  const cpOf =
    src.spanUnits === 'utf16'
      ? (
          (idx) => (n: number) =>
            utf16ToCodePoint(idx, n)
        )(buildOffsetIndex(fileText))
      : (n: number) => n;
  if (fileText === itemText) return cpOf;
  // Same characters, other spacing: walk both, pairing the non-space characters.
  const a = Array.from(fileText);
  const b = Array.from(itemText);
  const map = new Array<number>(a.length + 1);
  let j = 0;
  for (let i = 0; i <= a.length; i++) {
    if (i < a.length && !isSpace(a[i] as string)) {
      while (j < b.length && isSpace(b[j] as string)) j++;
      map[i] = j;
      j++;
    } else map[i] = j;
  }
  return (n) => {
    const cp = cpOf(n);
    return cp >= 0 && cp <= a.length ? (map[cp] ?? null) : null;
  };
}
