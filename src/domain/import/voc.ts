// Pascal VOC XML → boxes for one image. A small reader for the fixed VOC layout (no general XML
// parser is installed): <filename>, <size>, and each <object>'s <name>, <bndbox> and CVAT-style
// <attributes>. <part>s nested in an object are skipped (they are not objects of their own).
import type { Shape } from '../api/annotation.ts';
import type { Problem } from '../api/errors.ts';
import type { LabelSchema } from '../api/labels.ts';
import { labelResolver, UnmappedTally } from './common.ts';

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const tag = (xml: string, name: string) => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? unescape((m[1] ?? '').trim()) : undefined;
};

export interface VocFile {
  fileName: string | undefined;
  width: number | undefined;
  height: number | undefined;
  shapes: Shape[];
  problems: Problem[];
}

export function parseVocXml(xml: string, schema: LabelSchema, unmapped = new UnmappedTally()): VocFile {
  const resolve = labelResolver(schema);
  const size = tag(xml, 'size') ?? '';
  const out: VocFile = {
    fileName: tag(xml, 'filename'),
    width: Number(tag(size, 'width')) || undefined,
    height: Number(tag(size, 'height')) || undefined,
    shapes: [],
    problems: [],
  };
  const objects = xml.match(/<object>[\s\S]*?<\/object>/g) ?? [];
  objects.forEach((raw, i) => {
    const obj = raw.replace(/<part>[\s\S]*?<\/part>/g, '');
    const path = `object ${i + 1}`;
    const name = tag(obj, 'name');
    const box = tag(obj, 'bndbox');
    if (!name || !box) return out.problems.push({ path, message: 'an object needs <name> and <bndbox>' });
    const [x0, y0, x1, y1] = ['xmin', 'ymin', 'xmax', 'ymax'].map((k) => Number(tag(box, k)));
    if ([x0, y0, x1, y1].some((n) => n === undefined || !Number.isFinite(n)))
      return out.problems.push({ path, message: '<bndbox> needs numeric xmin, ymin, xmax, ymax' });
    const label = resolve(name);
    if (!label) {
      unmapped.add(name);
      return out.problems.push({ path, message: `"${name}" matches no label of this project` });
    }
    const attributes: Record<string, string | boolean> = {};
    for (const a of (tag(obj, 'attributes') ?? '').match(/<attribute>[\s\S]*?<\/attribute>/g) ?? []) {
      const k = tag(a, 'name');
      const v = tag(a, 'value') ?? '';
      const def = label.attributes.find((d) => d.name === k);
      if (k && def) attributes[k] = def.type === 'boolean' ? v === 'true' : v;
    }
    // VOC's own flags (and pose) become the label's attributes of the same name, when it has them.
    for (const k of ['truncated', 'occluded', 'difficult', 'pose']) {
      const v = tag(obj, k);
      const def = label.attributes.find((d) => d.name === k);
      if (v === undefined || !def) continue;
      if (def.type === 'boolean') attributes[k] = v === '1' || v === 'true';
      else if (def.type === 'text' || def.options.includes(v)) attributes[k] = v;
    }
    out.shapes.push({
      id: `v${i + 1}`,
      kind: 'box',
      label: label.id,
      x: x0 as number,
      y: y0 as number,
      w: (x1 as number) - (x0 as number),
      h: (y1 as number) - (y0 as number),
      attributes,
    });
  });
  return out;
}
