import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '../../../src/domain/api/index.ts';
import { parseCocoGold, type ImageItemRef } from '../../../src/domain/import/coco.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/coco/${name}`, import.meta.url), 'utf8'));

const schema: LabelSchema = {
  labels: [
    { id: 'cat', name: 'Cat', color: '#ff0000', tools: ['box', 'polygon'], attributes: [{ type: 'boolean', name: 'occluded', default: false }] },
    { id: 'dog', name: 'Dog', color: '#00ff00', tools: ['box'], attributes: [] },
    { id: 'topic', name: 'Topic', color: '#0000ff', tools: ['class'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};
const items: ImageItemRef[] = [
  { itemId: 'item-a', names: ['a.jpg'], width: 10, height: 5 },
  { itemId: 'item-b', names: ['photos/B.JPG'], width: 5, height: 10 },
  { itemId: 'item-c', names: ['c.png'], width: 100, height: 80 },
];

const coco = (annotations: unknown[], images: unknown[] = [{ id: 1, file_name: 'c.png', width: 100, height: 80 }]) => ({
  images,
  categories: [
    { id: 1, name: 'cat' },
    { id: 2, name: 'Dog' },
    { id: 3, name: 'zebra' },
  ],
  annotations,
});

describe('COCO gold import (pure)', () => {
  it('reads the Datumaro COCO files: file names to items, categories by explicit map, bbox to box, polygon to polygon, RLE skipped', () => {
    const map = { a: 'cat', b: 'dog' };
    const train = parseCocoGold(fixture('instances_train.json'), schema, items, { categoryMap: map });
    expect(train.ok).toBe(true);
    if (!train.ok) return;
    expect(train.entries).toHaveLength(1);
    expect(train.entries[0]).toMatchObject({ entry: 1, ref: 'a.jpg', itemId: 'item-a', problems: [] });
    expect(train.entries[0]?.answer?.shapes).toEqual([{ id: 'c1', kind: 'box', label: 'dog', x: 2, y: 2, w: 3, h: 1, attributes: {} }]);

    const val = parseCocoGold(fixture('instances_val.json'), schema, items, { categoryMap: map });
    if (!val.ok) throw new Error(val.message);
    const [entry] = val.entries;
    // b.jpg matches the item stored as "photos/B.JPG" (base name, case folded).
    expect(entry?.itemId).toBe('item-b');
    expect(entry?.answer?.shapes).toEqual([
      {
        id: 'c1',
        kind: 'polygon',
        label: 'cat',
        points: [
          [0, 0],
          [1, 0],
          [1, 2],
          [0, 2],
        ],
        attributes: {},
      },
    ]);
    expect(entry?.warnings.join(' ')).toMatch(/attribute "x" is not defined/);
    expect(entry?.warnings.join(' ')).toMatch(/crowd region \(RLE mask\) was skipped/);
    expect(entry?.problems).toEqual([]);
  });

  it('maps categories by name or label id when there is no explicit map, and reports what did not map', () => {
    const r = parseCocoGold(
      coco([
        { id: 7, image_id: 1, category_id: 1, bbox: [1, 1, 10, 10] },
        { id: 8, image_id: 1, category_id: 2, bbox: [20, 20, 10, 10] },
        { id: 9, image_id: 1, category_id: 3, bbox: [30, 30, 10, 10] },
        { id: 10, image_id: 1, category_id: 99, bbox: [30, 30, 10, 10] },
      ]),
      schema,
      items,
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.entries[0]?.answer?.shapes.map((s) => s.label)).toEqual(['cat', 'dog']);
    expect(r.unmapped).toEqual([
      { source: 'category 99', uses: 1 },
      { source: 'zebra (category 3)', uses: 1 },
    ]);
    expect(r.entries[0]?.problems.map((p) => p.path)).toEqual(['annotations[2] (id 9)', 'annotations[3] (id 10)']);
  });

  it('reports boxes outside the image, broken polygons and size mismatches, under the annotation that has them', () => {
    const r = parseCocoGold(
      coco(
        [
          { id: 1, image_id: 1, category_id: 1, bbox: [90, 70, 30, 30] },
          { id: 2, image_id: 1, category_id: 1, segmentation: [[0, 0, 10, 10, 10, 0, 0, 10]], bbox: [0, 0, 10, 10] },
          { id: 3, image_id: 1, category_id: 1, segmentation: [[0, 0, 10]] },
          { id: 4, image_id: 2, category_id: 1, bbox: [0, 0, 5, 5] },
        ],
        [
          { id: 1, file_name: 'c.png', width: 100, height: 80 },
          { id: 2, file_name: 'a.jpg', width: 20, height: 10 },
        ],
      ),
      schema,
      items,
    );
    if (!r.ok) throw new Error(r.message);
    const [c, a] = r.entries;
    expect(c?.problems).toEqual([
      { path: 'annotations[2] (id 3)', message: 'polygon 0 needs an even number of coordinates, at least 3 points' },
      { path: 'annotations[0] (id 1)', message: 'the box lies partly outside the 100×80 image' },
      { path: 'annotations[1] (id 2).points', message: expect.stringMatching(/edges \d and \d cross/) },
    ]);
    expect(a?.problems[0]?.message).toMatch(/the file says 20×10 but the item's image is 10×5/);
  });

  it('uses the bbox for a polygon of a box-only label, keeps declared attributes, and one gold answer per item', () => {
    const r = parseCocoGold(
      coco(
        [
          { id: 1, image_id: 1, category_id: 2, segmentation: [[0, 0, 10, 0, 10, 10]], bbox: [0, 0, 10, 10] },
          { id: 2, image_id: 1, category_id: 1, bbox: [5, 5, 10, 10], attributes: { occluded: true, color: 'red' } },
        ],
        [
          { id: 1, file_name: 'c.png', width: 100, height: 80 },
          { id: 2, file_name: 'dir/c.png', width: 100, height: 80 },
          { id: 3, file_name: 'missing.png', width: 100, height: 80 },
          { id: 4, file_name: '' },
        ],
      ),
      schema,
      items,
    );
    if (!r.ok) throw new Error(r.message);
    const [first, dup, missing, broken] = r.entries;
    expect(first?.answer?.shapes).toEqual([
      { id: 'c1', kind: 'box', label: 'dog', x: 0, y: 0, w: 10, h: 10, attributes: {} },
      { id: 'c2', kind: 'box', label: 'cat', x: 5, y: 5, w: 10, h: 10, attributes: { occluded: true } },
    ]);
    expect(first?.problems).toEqual([]);
    expect(first?.warnings.join(' ')).toMatch(/has no polygon tool: its bbox was used.*attribute "color"/);
    expect(dup?.problems[0]?.message).toBe('image 1 of this file is already the gold answer for this item');
    expect(dup?.warnings).toContain('no annotations: imported as "nothing to label on this image"');
    expect(missing?.problems[0]?.message).toBe('no item of this project has the file name "missing.png"');
    expect(broken?.itemId).toBeNull();
    expect(broken?.problems).toHaveLength(1);
  });

  it('refuses a file that is not COCO, and reports annotations naming no image', () => {
    expect(parseCocoGold({ hello: 1 }, schema, items)).toMatchObject({ ok: false });
    expect(parseCocoGold([], schema, items)).toMatchObject({ ok: false });
    const r = parseCocoGold(coco([{ id: 1, image_id: 42, category_id: 1, bbox: [0, 0, 1, 1] }, { nonsense: true }]), schema, items);
    if (!r.ok) throw new Error(r.message);
    expect(r.problems.map((p) => p.path)).toEqual(['annotations[0]', 'annotations[1]']);
    expect(r.problems[0]?.message).toMatch(/image 42/);
  });

  it('names an ambiguous file name instead of guessing', () => {
    const twins: ImageItemRef[] = [
      { itemId: 'x', names: ['c.png'], width: 100, height: 80 },
      { itemId: 'y', names: ['other/c.png'], width: 100, height: 80 },
    ];
    const r = parseCocoGold(coco([]), schema, twins);
    if (!r.ok) throw new Error(r.message);
    expect(r.entries[0]?.problems[0]?.message).toMatch(/2 items of this project are named "c.png"/);
  });
});
