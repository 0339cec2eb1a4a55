// The label importers on files other tools wrote (../shared/fixtures: Datumaro's and Label
// Studio's test assets) and on the cases the binding step decides. The fixture folder is required:
// without it these tests FAIL, never skip.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '../../../src/domain/api/index.ts';
import { bindImport } from '../../../src/domain/import/labels/bind.ts';
import { parseLabels, type LabelImportFormat } from '../../../src/domain/import/labels/index.ts';
import type { TargetItem } from '../../../src/domain/import/labels/match-items.ts';
import type { ImportFile } from '../../../src/domain/import/labels/model.ts';
import { decodeRle, maskOutline } from '../../../src/domain/import/labels/rle.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures');
/** Every text file under a fixture folder, paths relative to it. */
function folder(rel: string): ImportFile[] {
  const root = path.join(FIXTURES, rel);
  const out: ImportFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (/\.(json|xml|txt|ya?ml|names|data)$/i.test(name))
        out.push({ path: path.relative(root, abs).split(path.sep).join('/'), content: readFileSync(abs, 'utf8') });
    }
  };
  walk(root);
  return out;
}
const lab = (id: string, tools: LabelSchema['labels'][number]['tools'], attributes: LabelSchema['labels'][number]['attributes'] = []) => ({
  id,
  name: id,
  color: '#123456',
  tools,
  attributes,
});
const schemaOf = (...labels: LabelSchema['labels']): LabelSchema => ({ labels, classMode: 'multi', allowOverlappingSpans: false, snapSpansToTokens: false });
const image = (itemId: string, name: string, width: number, height: number): TargetItem => ({ itemId, names: [name], width, height, text: null });
const parse = (format: LabelImportFormat, files: ImportFile[]) => parseLabels(format, files);

describe("the peers' fixtures are here", () => {
  it("../shared/fixtures holds Datumaro's and Label Studio's assets (tests below need them)", () => {
    expect(statSync(path.join(FIXTURES, 'datumaro')).isDirectory()).toBe(true);
    expect(statSync(path.join(FIXTURES, 'label-studio-converter')).isDirectory()).toBe(true);
  });
});

describe('conformance: files Datumaro and Label Studio wrote', () => {
  it('CVAT XML 1.1: categories from <meta>, a box with attributes and occluded, a polygon without a label and a polyline and points reported', () => {
    const got = parse('cvat', folder('datumaro/cvat_dataset/for_images/export_task'));
    expect(got.categories).toEqual(['label1', 'label2']);
    expect(got.items.map((i) => [i.key, i.width, i.height])).toEqual([
      ['img0.jpg', 8, 8],
      ['img1.jpg', 10, 10],
    ]);
    expect(got.items[0]!.shapes).toEqual([
      {
        kind: 'box',
        category: 'label1',
        x: 0,
        y: 2,
        w: 4,
        h: 2,
        attributes: { a1: 'true', a2: 'v3', a3: '0003', a4: '2.4', occluded: true },
        where: '<box label="label1">',
        line: expect.any(Number),
      },
    ]);
    expect(got.report.map((r) => r.message)).toEqual([
      expect.stringMatching(/polyline is not imported/),
      expect.stringMatching(/has no label/),
      expect.stringMatching(/points is not imported/),
    ]);
    expect(got.report.every((r) => r.file === 'train.xml' && typeof r.line === 'number')).toBe(true);
    const schema = schemaOf(
      lab(
        'label1',
        ['box'],
        [
          { type: 'boolean', name: 'a1', default: false },
          { type: 'select', name: 'a2', options: ['v1', 'v2', 'v3'] },
          { type: 'boolean', name: 'occluded', default: false },
        ],
      ),
    );
    const bound = bindImport(got, schema, [image('i0', 'images/img0.jpg', 8, 8), image('i1', 'images/img1.jpg', 10, 10)]);
    expect(bound.entries[0]!.payload.shapes).toEqual([
      { id: 'i1', kind: 'box', label: 'label1', x: 0, y: 2, w: 4, h: 2, attributes: { a1: true, a2: 'v3', occluded: true } },
    ]);
    expect(bound.report.filter((r) => /a3|a4/.test(r.message))).toHaveLength(2);
  });

  it('COCO (Datumaro): train and val images matched by their folders, not their base names', () => {
    const got = parse('coco', folder('datumaro/coco_dataset/coco_instances/annotations'));
    expect(got.items.map((i) => i.key)).toEqual(['a.jpg', 'b.jpg']);
    expect(got.categories.length).toBeGreaterThan(0);
  });

  it('VOC (Datumaro): 2007_000001.xml — flags read, parts reported', () => {
    const got = parse('voc', folder('datumaro/voc_dataset/voc_dataset1/Annotations'));
    expect(got.items[0]!.key).toBe('2007_000001.jpg');
    expect(got.items[0]!.shapes.map((s) => s.kind === 'box' && [s.category, s.x, s.y, s.w, s.h])).toEqual([
      ['cat', 1, 2, 2, 2],
      ['person', 4, 5, 2, 2],
    ]);
    expect(got.report.some((r) => /part/.test(r.message))).toBe(true);
  });

  it('YOLO (Datumaro, Ultralytics-like and Darknet "strict"): names from obj.names, label files to image stems', () => {
    const ul = parse('yolo', folder('datumaro/yolo_dataset/labels'));
    expect(ul.items.map((i) => i.key).sort()).toEqual(['images/train/1', 'images/val/1']);
    expect(ul.categories.slice(0, 3)).toEqual(['label_0', 'label_1', 'label_2']);
    const strict = parse('yolo', folder('datumaro/yolo_dataset/strict'));
    expect(strict.items.map((i) => i.key)).toEqual(['obj_train_data/1']);
    const bound = bindImport(ul, schemaOf(lab('label_2', ['box']), lab('label_4', ['box'])), [
      image('t', 'images/train/1.jpg', 15, 10),
      image('v', 'images/val/1.jpg', 15, 10),
    ]);
    const train = bound.entries.find((e) => e.itemId === 't')!;
    // The file holds six decimals: a thousandth of a pixel on this 15-px image.
    const r = (n: number) => Math.round(n * 1e3) / 1e3 + 0;
    expect(train.payload.shapes.map((s) => s.kind === 'box' && [s.label, r(s.x), r(s.y), r(s.w), r(s.h)])).toEqual([
      ['label_2', 0, 2, 4, 2],
      ['label_4', 3, 3, 2, 3],
    ]);
  });

  it('YOLO (Label Studio converter): classes.txt; every label file finds its image', () => {
    const got = parse('yolo', folder('label-studio-converter/test_import_yolo_data'));
    expect(got.items).toHaveLength(7);
    expect(got.categories.length).toBeGreaterThan(0);
  });

  it('Label Studio JSON: rectangles in percent of original_width become pixels; polygons too', () => {
    const content = readFileSync(path.join(FIXTURES, 'label-studio-converter/test_export_yolo/data.json'), 'utf8');
    const rect = parse('label-studio', [{ path: 'data.json', content }]);
    const first = rect.items[0]!;
    expect([first.width, first.height]).toEqual([2800, 2800]);
    // Task 1 has two annotations: the newest is taken, and the report says so.
    expect(rect.report[0]!.message).toMatch(/^task 1 \(id 1\): 2 annotations: the newest was imported/);
    const newest = JSON.parse(content)[0]
      .annotations.sort((a: { updated_at?: string }, b: { updated_at?: string }) => String(a.updated_at).localeCompare(String(b.updated_at)))
      .at(-1);
    const v = newest.result[0].value;
    expect(first.shapes[0]).toMatchObject({
      kind: 'box',
      x: expect.closeTo((v.x * 2800) / 100, 9),
      y: expect.closeTo((v.y * 2800) / 100, 9),
      w: expect.closeTo((v.width * 2800) / 100, 9),
      h: expect.closeTo((v.height * 2800) / 100, 9),
    });
    const poly = parse('label-studio', [
      { path: 'p.json', content: readFileSync(path.join(FIXTURES, 'label-studio-converter/test_export_yolo/data_polygons.json'), 'utf8') },
    ]);
    expect(poly.items[0]!.shapes[0]!.kind).toBe('polygon');
    const min = parse('label-studio', [
      { path: 'm.json', content: readFileSync(path.join(FIXTURES, 'label-studio-converter/test_export_json_min/data.json'), 'utf8') },
    ]);
    expect(min.items.length).toBeGreaterThan(0);
  });
});

describe('binding: annotation by annotation', () => {
  const schema = schemaOf(lab('car', ['box', 'polygon']));
  const coco = (anns: unknown[], images = [{ id: 1, file_name: 'train/x.jpg', width: 100, height: 50 }]) => [
    {
      path: 'c.json',
      content: JSON.stringify({
        images,
        categories: [
          { id: 1, name: 'car' },
          { id: 2, name: 'bus' },
        ],
        annotations: anns,
      }),
    },
  ];

  it('a box 0.5 px past the edge is clamped, a sub-pixel box and an unknown category are reported, the rest kept', () => {
    const got = bindImport(
      parse(
        'coco',
        coco([
          { id: 1, image_id: 1, category_id: 1, bbox: [90, 10, 10.5, 10] },
          { id: 2, image_id: 1, category_id: 1, bbox: [5, 5, 0.4, 3] },
          { id: 3, image_id: 1, category_id: 2, bbox: [5, 5, 10, 10] },
          { id: 4, image_id: 1, category_id: 1, bbox: [10, 10, 20, 20] },
        ]),
      ),
      schema,
      [image('x', 'train/x.jpg', 100, 50)],
    );
    expect(got.entries[0]!.payload.shapes.map((s) => s.kind === 'box' && [s.x, s.w])).toEqual([
      [90, 10],
      [10, 20],
    ]);
    expect(got.unknownCategories).toEqual([{ source: 'bus', uses: 1 }]);
    expect(got.report.map((r) => r.message)).toEqual([
      expect.stringMatching(/id 1.*clamped/),
      expect.stringMatching(/id 2.*under the 1×1/),
      expect.stringMatching(/id 3.*"bus" is not a label/),
    ]);
  });

  it('items by relative path: train/x.jpg and val/x.jpg are two items; a bare x.jpg is ambiguous', () => {
    const items = [image('t', 'train/x.jpg', 100, 50), image('v', 'val/x.jpg', 100, 50)];
    const both = coco(
      [
        { image_id: 1, category_id: 1, bbox: [1, 1, 5, 5] },
        { image_id: 2, category_id: 1, bbox: [2, 2, 5, 5] },
      ],
      [
        { id: 1, file_name: 'val/x.jpg', width: 100, height: 50 },
        { id: 2, file_name: 'x.jpg', width: 100, height: 50 },
      ],
    );
    const got = bindImport(parse('coco', both), schema, items);
    expect(got.entries.map((e) => e.itemId)).toEqual(['v']);
    expect(got.report[0]!.message).toMatch(/2 items of this project are named "x.jpg"/);
  });

  it('crowd regions are kept as ignore regions; an RLE with iscrowd 0 becomes its outline polygon', () => {
    // A 4×3 mask (column-major runs): a 2×2 square at x 1..2, y 1..2 of a 4-wide, 3-high image.
    const rle = { counts: [4, 2, 1, 2, 3], size: [3, 4] };
    const mask = decodeRle(rle);
    expect(typeof mask).not.toBe('string');
    expect(maskOutline(mask as Exclude<typeof mask, string>)).toEqual({
      points: [
        [1, 1],
        [3, 1],
        [3, 3],
        [1, 3],
      ],
      exact: true,
    });
    const got = bindImport(
      parse(
        'coco',
        coco(
          [
            { id: 1, image_id: 1, category_id: 1, segmentation: rle, iscrowd: 0, bbox: [1, 1, 2, 2] },
            { id: 2, image_id: 1, category_id: 1, segmentation: { counts: [4, 2, 1, 2, 3], size: [3, 4] }, iscrowd: 1, bbox: [1, 1, 2, 2] },
            {
              id: 3,
              image_id: 1,
              category_id: 1,
              segmentation: [
                [0, 0, 10, 0, 10, 10],
                [20, 20, 40, 20, 40, 40, 20, 40],
              ],
              bbox: [0, 0, 40, 40],
              keypoints: [1, 2, 2],
              score: 0.9,
            },
          ],
          [{ id: 1, file_name: 'train/x.jpg', width: 100, height: 50 }],
        ),
      ),
      schema,
      [image('x', 'train/x.jpg', 100, 50)],
    );
    const shapes = got.entries[0]!.payload.shapes;
    expect(shapes.map((s) => [s.kind, s.ignore ?? false])).toEqual([
      ['polygon', false],
      ['polygon', true],
      ['polygon', false],
      ['polygon', true],
    ]);
    const messages = got.report.map((r) => r.message).join('\n');
    expect(messages).toMatch(/crowd region/);
    expect(messages).toMatch(/2 polygon rings: the largest is the object/);
    expect(messages).toMatch(/keypoints not imported/);
    expect(messages).toMatch(/"score" 0.9 not imported/);
  });

  it('a file written over the raw pixels of an EXIF-rotated upload (orientation 6) is mapped upright', () => {
    const item: TargetItem = { itemId: 'r', names: ['r.jpg'], width: 50, height: 100, text: null, exif: { orientation: 6, width: 100, height: 50 } };
    const got = bindImport(
      parse('coco', coco([{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 20] }], [{ id: 1, file_name: 'r.jpg', width: 100, height: 50 }])),
      schema,
      [item],
    );
    expect(got.entries[0]!.payload.shapes).toEqual([{ id: 'i1', kind: 'box', label: 'car', x: 30, y: 0, w: 20, h: 10, attributes: {} }]);
  });

  it('CoNLL with its own spacing finds the item and maps spans onto the item text', () => {
    const text = 'Ada  met\nBob.';
    const conll = '-DOCSTART- -X- -X- O\n\nAda _ _ B-per\nmet _ _ O\n\nBob _ _ B-per\n. _ _ O\n';
    const got = bindImport(parse('conll', [{ path: 'a.conll', content: conll }]), schemaOf(lab('per', ['span'])), [
      { itemId: 't', names: [], width: null, height: null, text },
    ]);
    expect(got.entries[0]!.payload.spans.map((s) => [s.start, s.end])).toEqual([
      [0, 3],
      [9, 12],
    ]);
  });
});

describe('what the parser could not read counts as left out', () => {
  // Before, an image whose only annotations were a polyline or an unlabelled polygon got an empty
  // payload: written as gold, that said "nothing here".
  it('CVAT: an image with only a polygon without a label and points gets no entry; the counts say 2 left out', () => {
    const xml = `<annotations>\n<version>1.1</version>\n<image id="1" name="img1.jpg" width="10" height="10">\n<polygon label="" points="1,2;3,4;6,5"/>\n<points label="cat" points="1,2"/>\n</image>\n<image id="2" name="img2.jpg" width="10" height="10">\n</image>\n</annotations>`;
    const bound = bindImport(parse('cvat', [{ path: 'a.xml', content: xml }]), schemaOf(lab('cat', ['box', 'polygon'])), [
      image('i1', 'img1.jpg', 10, 10),
      image('i2', 'img2.jpg', 10, 10),
    ]);
    // img2 has no annotation at all: an empty answer is what the file says.
    expect(bound.entries.map((e) => [e.itemId, e.payload.shapes.length, e.dropped])).toEqual([['i2', 0, 0]]);
    expect([bound.kept, bound.dropped]).toEqual([0, 2]);
    expect(bound.report.at(-1)).toMatchObject({
      file: 'a.xml',
      message: 'none of the 2 annotations of "img1.jpg" could be imported; the item was left as it was',
    });
  });

  it('Label Studio: a keypoint region is left out and counted against its item; a comment is not', () => {
    const tasks = [
      {
        id: 1,
        data: { image: '/data/upload/1/0a1b2c3d-x.jpg' },
        annotations: [
          {
            result: [
              { type: 'rectanglelabels', original_width: 100, original_height: 50, value: { x: 10, y: 10, width: 20, height: 20, rectanglelabels: ['cat'] } },
              { type: 'keypointlabels', original_width: 100, original_height: 50, value: { x: 5, y: 5, keypointlabels: ['cat'] } },
              { type: 'textarea', value: { text: ['blurry'] } },
            ],
          },
        ],
      },
    ];
    const bound = bindImport(parse('label-studio', [{ path: 't.json', content: JSON.stringify(tasks) }]), schemaOf(lab('cat', ['box'])), [
      image('i1', 'x.jpg', 100, 50),
    ]);
    expect(bound.entries.map((e) => [e.payload.shapes.length, e.dropped])).toEqual([[1, 1]]);
    expect([bound.kept, bound.dropped]).toEqual([1, 1]);
  });

  it('spaCy JSONL: a malformed span is left out and counted against its line, the good one kept', () => {
    const line = JSON.stringify({
      text: 'Ada met Bob.',
      spans: [
        { start: 0, end: 3, label: 'per' },
        { start: 8, label: 'per' },
      ],
    });
    const schema: LabelSchema = { ...schemaOf(lab('per', ['span'])), allowOverlappingSpans: false };
    const bound = bindImport(parse('spacy', [{ path: 'a.jsonl', content: line }]), schema, [
      { itemId: 't1', names: [], width: null, height: null, text: 'Ada met Bob.' },
    ]);
    expect(bound.entries.map((e) => [e.payload.spans.length, e.dropped])).toEqual([[1, 1]]);
    expect(bound.report).toContainEqual({ file: 'a.jsonl', line: 1, message: 'spans[1]: needs start, end and label' });
  });
});
