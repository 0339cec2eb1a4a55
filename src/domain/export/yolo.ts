// YOLO (Ultralytics) label files: one "<stem>.txt" per image, one line per object, coordinates
// normalised to [0, 1] by the image size, class = label position in the schema.
//   detection:    "<class> <cx> <cy> <w> <h>"          (polygons by their bounding box)
//   segmentation: "<class> <x1> <y1> <x2> <y2> …"      (boxes as their four corners)
// plus data.yaml naming the classes and the splits (images/<split>, labels/<split>). data.yaml has
// no "path:" key: Ultralytics then takes the folder data.yaml sits in as the dataset root (a
// relative "path: ." would be resolved against the trainer's working directory instead).
// Ten decimals (trailing zeros trimmed): under 1e-6 px on a 10,000-px image, so boxes imported
// from another tool come back out where they were (six decimals, Datumaro's, moved them by up to
// 3e-4 px on a 640-px image).
const DIGITS = 10;
import type { Shape } from '../api/annotation.ts';
import type { LabelSchema } from '../api/labels.ts';
import { polygonBounds } from '../geometry/polygon.ts';
import type { Split } from './files.ts';
import { labelIndex, num, type ExportItem, type ExportRevision } from './types.ts';

export type YoloTask = 'detect' | 'segment';

/** `splits`: the splits the exported items fall in (see itemSplit); a missing val split is said so. */
export function yoloDataYaml(schema: LabelSchema, splits: readonly Split[], schemaVersion?: string): string {
  // Names double-quoted JSON-style: a valid YAML scalar whatever characters a label name holds.
  const names = schema.labels.map((l, i) => `  ${i}: ${JSON.stringify(l.name)}`).join('\n');
  const has = new Set(splits);
  const lines = ["# Written by Touchstone. The dataset root is this file's folder."];
  if (schemaVersion) lines.push(`# Labels in Touchstone label schema version ${schemaVersion}.`);
  lines.push(`train: images/${has.has('train') || !has.size ? 'train' : [...has][0]}`);
  if (has.has('val')) lines.push('val: images/val');
  else
    lines.push('# No item is in a validation split: val repeats the training images.', `val: images/${has.has('train') || !has.size ? 'train' : [...has][0]}`);
  if (has.has('test')) lines.push('test: images/test');
  return `${lines.join('\n')}\nnc: ${schema.labels.length}\nnames:\n${names}\n`;
}

export function yoloLabelFile(schema: LabelSchema, item: ExportItem, rev: ExportRevision | undefined, task: YoloTask): string {
  const index = labelIndex(schema);
  const W = item.width ?? 0;
  const H = item.height ?? 0;
  if (!rev || W <= 0 || H <= 0) return '';
  const lines: string[] = [];
  for (const s of rev.payload.shapes) {
    const cls = index.get(s.label);
    if (cls === undefined) continue;
    lines.push(`${cls} ${(task === 'detect' ? detectLine(s, W, H) : segmentLine(s, W, H)).join(' ')}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function detectLine(s: Shape, W: number, H: number): string[] {
  const b = s.kind === 'box' ? s : (polygonBounds(s.points) ?? { x: 0, y: 0, w: 0, h: 0 });
  return [num((b.x + b.w / 2) / W, DIGITS), num((b.y + b.h / 2) / H, DIGITS), num(b.w / W, DIGITS), num(b.h / H, DIGITS)];
}

function segmentLine(s: Shape, W: number, H: number): string[] {
  const pts: Array<readonly [number, number]> =
    s.kind === 'box'
      ? [
          [s.x, s.y],
          [s.x + s.w, s.y],
          [s.x + s.w, s.y + s.h],
          [s.x, s.y + s.h],
        ]
      : s.points;
  return pts.flatMap(([x, y]) => [num(x / W, DIGITS), num(y / H, DIGITS)]);
}
