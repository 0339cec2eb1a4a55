// COCO instances JSON → gold answers for an image project.
//
//   file ──zod (lenient: unknown fields ignored)──▶ categories, images, annotations
//   image ──file name (base name, then case-insensitive)──▶ project item   (no match: entry invalid)
//   annotation ──category (explicit map, then id/name)──▶ label            (no match: reported as unmapped, entry invalid)
//              ──segmentation polygons──▶ polygon shapes (label allows polygons), else bbox ──▶ box
//              ──crowd / RLE mask──▶ skipped with a warning (gold has no "ignore" regions)
//   answer ──validateAnnotation (boxes outside the image, bad polygons, attributes)──▶ problems
//
// An entry is one image: one gold answer per item. An image without annotations is a valid
// "nothing to label here" answer. Records that are malformed are reported, never thrown.
import { z } from 'zod';
import type { AnnotationPayload, Shape } from '../api/annotation.ts';
import type { Problem } from '../api/errors.ts';
import type { LabelClass, LabelSchema } from '../api/labels.ts';
import { boxRing } from '../export/coco.ts';
import { baseName, labelResolver, UnmappedTally, validateGold, type ParsedGoldEntry, type ParsedGoldFile } from './common.ts';

export interface ImageItemRef {
  itemId: string;
  /** Names the item is known by (items.meta.source, items.meta.fileName). */
  names: string[];
  width: number;
  height: number;
}

const CocoCategory = z.object({ id: z.number().int(), name: z.string() });
const CocoImage = z.object({ id: z.number().int(), file_name: z.string().min(1), width: z.number().positive(), height: z.number().positive() });
const Ring = z.array(z.number());
const CocoAnnotation = z.object({
  id: z.number().int().optional(),
  image_id: z.number().int(),
  category_id: z.number().int(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  segmentation: z.union([z.array(Ring), z.object({ counts: z.unknown(), size: z.unknown() })]).optional(),
  iscrowd: z.number().int().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  touchstone: z.object({ kind: z.string().optional() }).passthrough().optional(),
});
type CocoAnnotation = z.infer<typeof CocoAnnotation>;
const CocoFile = z.object({ images: z.array(z.unknown()), annotations: z.array(z.unknown()).default([]), categories: z.array(z.unknown()) });

const issueText = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');

export type CocoParseResult = ({ ok: true } & ParsedGoldFile) | { ok: false; message: string };

export function parseCocoGold(
  raw: unknown,
  schema: LabelSchema,
  items: ImageItemRef[],
  options: { categoryMap?: Record<string, string> } = {},
): CocoParseResult {
  const file = CocoFile.safeParse(raw);
  if (!file.success)
    return { ok: false, message: `This is not a COCO instances file (it needs "images", "categories" and "annotations"): ${issueText(file.error)}` };
  const problems: Problem[] = [];

  const resolve = labelResolver(schema, options.categoryMap);
  const categories = new Map<number, { name: string; label: LabelClass | undefined }>();
  file.data.categories.forEach((c, i) => {
    const cat = CocoCategory.safeParse(c);
    if (!cat.success) problems.push({ path: `categories[${i}]`, message: issueText(cat.error) });
    else categories.set(cat.data.id, { name: cat.data.name, label: resolve(String(cat.data.id), cat.data.name) });
  });

  // Annotations grouped by image; those naming no image are a problem of the file.
  const images = new Map<number, z.infer<typeof CocoImage>>();
  const imageRows = file.data.images.map((img, i) => {
    const parsed = CocoImage.safeParse(img);
    if (parsed.success) images.set(parsed.data.id, parsed.data);
    return { index: i, parsed };
  });
  const byImage = new Map<number, Array<{ index: number; ann: CocoAnnotation }>>();
  file.data.annotations.forEach((a, i) => {
    const ann = CocoAnnotation.safeParse(a);
    if (!ann.success) return problems.push({ path: `annotations[${i}]`, message: issueText(ann.error) });
    if (!images.has(ann.data.image_id))
      return problems.push({ path: `annotations[${i}]`, message: `names image ${ann.data.image_id}, which is not in "images"` });
    byImage.set(ann.data.image_id, [...(byImage.get(ann.data.image_id) ?? []), { index: i, ann: ann.data }]);
  });

  const findItem = itemFinder(items);
  const unmapped = new UnmappedTally();
  const used = new Map<string, number>();
  const entries = imageRows.map(({ index, parsed }): ParsedGoldEntry => {
    const entry = index + 1;
    if (!parsed.success)
      return {
        entry,
        ref: `images[${index}]`,
        itemId: null,
        answer: null,
        problems: [{ path: `images[${index}]`, message: issueText(parsed.error) }],
        warnings: [],
      };
    const img = parsed.data;
    const out: ParsedGoldEntry = { entry, ref: img.file_name, itemId: null, answer: null, problems: [], warnings: [] };
    const found = findItem(img.file_name);
    if (typeof found === 'string') {
      out.problems.push({ path: 'file_name', message: found });
      return out;
    }
    out.itemId = found.itemId;
    const earlier = used.get(found.itemId);
    if (earlier !== undefined) out.problems.push({ path: 'file_name', message: `image ${earlier} of this file is already the gold answer for this item` });
    used.set(found.itemId, entry);
    if (img.width !== found.width || img.height !== found.height) {
      out.problems.push({
        path: 'width',
        message: `the file says ${img.width}×${img.height} but the item's image is ${found.width}×${found.height}; coordinates would not fit`,
      });
    }

    const shapes: Shape[] = [];
    const origin: string[] = [];
    const anns = byImage.get(img.id) ?? [];
    if (anns.length === 0) out.warnings.push('no annotations: imported as "nothing to label on this image"');
    for (const { index: ai, ann } of anns) {
      const where = `annotations[${ai}]${ann.id !== undefined ? ` (id ${ann.id})` : ''}`;
      const cat = categories.get(ann.category_id);
      if (!cat || !cat.label) {
        const source = cat ? `${cat.name} (category ${ann.category_id})` : `category ${ann.category_id}`;
        unmapped.add(source);
        out.problems.push({ path: where, message: `${source} matches no label of this project` });
        continue;
      }
      const made = toShapes(ann, cat.label, `c${ann.id ?? ai}`);
      if ('problem' in made) out.problems.push({ path: where, message: made.problem });
      else if ('skip' in made) out.warnings.push(`${where}: ${made.skip}`);
      else {
        out.warnings.push(...made.warnings.map((w) => `${where}: ${w}`));
        for (const s of made.shapes) {
          shapes.push(s);
          origin.push(where);
        }
      }
    }
    const answer: AnnotationPayload = { shapes, spans: [], classes: [] };
    out.answer = answer;
    // validateAnnotation speaks of shapes[i]; the person importing knows annotations.
    out.problems.push(
      ...validateGold(schema, { kind: 'image', width: found.width, height: found.height }, answer, (p) =>
        p.replace(/^shapes\[(\d+)\]/, (_m, i: string) => origin[Number(i)] ?? `shapes[${i}]`),
      ),
    );
    return out;
  });
  return { ok: true, entries, problems, unmapped: unmapped.list() };
}

function itemFinder(items: ImageItemRef[]) {
  const exact = new Map<string, ImageItemRef[]>();
  const folded = new Map<string, ImageItemRef[]>();
  const add = (m: Map<string, ImageItemRef[]>, k: string, it: ImageItemRef) => {
    const list = m.get(k) ?? [];
    if (!list.includes(it)) m.set(k, [...list, it]);
  };
  for (const it of items) {
    for (const n of it.names) {
      add(exact, baseName(n), it);
      add(folded, baseName(n).toLowerCase(), it);
    }
  }
  return (fileName: string): ImageItemRef | string => {
    const name = baseName(fileName);
    const hits = exact.get(name) ?? folded.get(name.toLowerCase()) ?? [];
    if (hits.length === 1 && hits[0]) return hits[0];
    if (hits.length > 1) return `${hits.length} items of this project are named "${name}"; rename them so the match is unambiguous`;
    return `no item of this project has the file name "${name}"`;
  };
}

type Made = { shapes: Shape[]; warnings: string[] } | { problem: string } | { skip: string };

function toShapes(ann: CocoAnnotation, label: LabelClass, id: string): Made {
  const seg = ann.segmentation;
  if (ann.iscrowd === 1 || (seg && !Array.isArray(seg))) return { skip: 'a crowd region (RLE mask) was skipped: gold answers have no "ignore" regions' };
  const { attributes, warnings } = keepAttributes(ann.attributes ?? {}, label);
  const rings = Array.isArray(seg) ? seg.filter((r) => r.length > 0) : [];
  // Touchstone writes a box as its corner ring (for pycocotools) and says it was a box.
  const isBox =
    ann.touchstone?.kind === 'box' &&
    ann.bbox !== undefined &&
    rings.length === 1 &&
    sameRing(rings[0]!, boxRing({ x: ann.bbox[0], y: ann.bbox[1], w: ann.bbox[2], h: ann.bbox[3] }));
  if (rings.length > 0 && label.tools.includes('polygon') && !(isBox && label.tools.includes('box'))) {
    const bad = rings.findIndex((r) => r.length % 2 !== 0 || r.length < 6);
    if (bad >= 0) return { problem: `polygon ${bad} needs an even number of coordinates, at least 3 points` };
    const shapes: Shape[] = rings.map((r, k) => ({
      id: rings.length === 1 ? id : `${id}-${k + 1}`,
      kind: 'polygon',
      label: label.id,
      points: Array.from({ length: r.length / 2 }, (_, j) => [r[2 * j] as number, r[2 * j + 1] as number] as [number, number]),
      attributes,
    }));
    return { shapes, warnings };
  }
  if (!ann.bbox)
    return {
      problem:
        rings.length > 0
          ? `label "${label.name}" cannot be drawn as a polygon and the annotation has no bbox`
          : 'the annotation has neither a bbox nor a polygon',
    };
  if (!label.tools.includes('box')) return { problem: `label "${label.name}" cannot be drawn as a box` };
  if (rings.length > 0 && !isBox) warnings.push(`label "${label.name}" has no polygon tool: its bbox was used`);
  const [x, y, w, h] = ann.bbox;
  return { shapes: [{ id, kind: 'box', label: label.id, x, y, w, h, attributes }], warnings };
}

const sameRing = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => Math.abs(v - (b[i] as number)) < 1e-9);

/** Keeps attributes the label defines, with values of the right type; says what it dropped. */
function keepAttributes(source: Record<string, unknown>, label: LabelClass) {
  const attributes: Record<string, boolean | string> = {};
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(source)) {
    const def = label.attributes.find((a) => a.name === name);
    if (def?.type === 'boolean' && typeof value === 'boolean') attributes[name] = value;
    else if (def?.type === 'select' && typeof value === 'string' && def.options.includes(value)) attributes[name] = value;
    else if (def?.type === 'text' && typeof value === 'string' && [...value].length <= def.maxLength) attributes[name] = value;
    else
      warnings.push(
        def ? `attribute "${name}" has a value this label does not allow; dropped` : `attribute "${name}" is not defined for "${label.name}"; dropped`,
      );
  }
  return { attributes, warnings };
}
