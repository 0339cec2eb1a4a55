// YOLO label file → shapes for one image. "<class> <cx> <cy> <w> <h>" is a box; "<class> x1 y1 x2 y2 …"
// (at least three points) a polygon. Coordinates are normalised; the image size turns them into
// pixels. Classes are indices into `names` (data.yaml / obj.names), mapped onto the project's labels.
import type { Shape } from '../api/annotation.ts';
import type { Problem } from '../api/errors.ts';
import type { LabelSchema } from '../api/labels.ts';
import { labelResolver, UnmappedTally } from './common.ts';

export function parseYoloNames(input: string): string[] {
  // data.yaml "names:" as a list ("- car"), a map ("0: car") or inline ["car", …]; obj.names one per line.
  const inline = /^names:\s*\[(.*)\]\s*$/m.exec(input);
  if (inline)
    return (inline[1] ?? '')
      .split(',')
      .map(unquote)
      .filter((n) => n !== '');
  const block = /^names:\s*\n((?:[ \t]+.*\n?)*)/m.exec(input);
  if (block)
    return (block[1] ?? '')
      .split('\n')
      .map((l) => l.trim().replace(/^-\s*|^\d+\s*:\s*/, ''))
      .map(unquote)
      .filter((n) => n !== '');
  return input
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.startsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  return t.startsWith("'") ? t.slice(1, -1).replace(/''/g, "'") : t;
}

export function parseYoloLabels(input: string, names: string[], schema: LabelSchema, size: { width: number; height: number }, unmapped = new UnmappedTally()) {
  const resolve = labelResolver(schema);
  const shapes: Shape[] = [];
  const problems: Problem[] = [];
  input.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const path = `line ${i + 1}`;
    const parts = line.split(/\s+/);
    const nums = parts.slice(1).map(Number);
    const cls = Number(parts[0]);
    if (!Number.isInteger(cls) || cls < 0 || nums.some((n) => !Number.isFinite(n)))
      return problems.push({ path, message: 'expected a class index followed by numbers' });
    if (nums.length !== 4 && (nums.length < 6 || nums.length % 2 !== 0))
      return problems.push({ path, message: `expected 4 numbers (a box) or an even number ≥ 6 (a polygon), found ${nums.length}` });
    const name = names[cls] ?? String(cls);
    const label = resolve(name, String(cls));
    if (!label) {
      unmapped.add(name);
      return problems.push({ path, message: `class ${cls} (${name}) matches no label of this project` });
    }
    const { width: W, height: H } = size;
    const id = `y${i + 1}`;
    if (nums.length === 4) {
      const [cx, cy, w, h] = nums as [number, number, number, number];
      shapes.push({ id, kind: 'box', label: label.id, x: (cx - w / 2) * W, y: (cy - h / 2) * H, w: w * W, h: h * H, attributes: {} });
    } else {
      const points = Array.from({ length: nums.length / 2 }, (_, k) => [(nums[2 * k] as number) * W, (nums[2 * k + 1] as number) * H] as [number, number]);
      shapes.push({ id, kind: 'polygon', label: label.id, points, attributes: {} });
    }
  });
  return { shapes, problems, unmapped };
}
