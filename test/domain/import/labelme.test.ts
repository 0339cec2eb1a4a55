// LabelMe JSON as the LabelMe application (5.x) writes it: one file per image beside or apart from
// the images, imageData inlined, every shape type it can draw, flags per shape. No peer fixture
// holds LabelMe files (../shared/fixtures has Datumaro's and Label Studio's), so the file is
// written here field for field as LabelMe 5.4 saves it.
import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '../../../src/domain/api/index.ts';
import { bindImport } from '../../../src/domain/import/labels/bind.ts';
import { parseLabels } from '../../../src/domain/import/labels/index.ts';
import type { TargetItem } from '../../../src/domain/import/labels/match-items.ts';

const shape = (label: string, shape_type: string, points: number[][], extra: Record<string, unknown> = {}) => ({
  label,
  points,
  group_id: null,
  description: '',
  shape_type,
  flags: {},
  mask: null,
  ...extra,
});

const labelmeFile = {
  version: '5.4.1',
  flags: { night: true, blurred: false },
  shapes: [
    // A rectangle drawn from its bottom-right corner: LabelMe keeps the two clicks as they were.
    shape('person', 'rectangle', [
      [120.5, 80.25],
      [20.5, 10.25],
    ]),
    shape('dog', 'polygon', [
      [200, 50],
      [260, 55],
      [250, 120],
      [205, 110],
    ]),
    shape(
      'person',
      'polygon',
      [
        [10, 150],
        [60, 150],
        [35, 190],
      ],
      { flags: { occluded: true }, group_id: 1 },
    ),
    shape('ball', 'circle', [
      [300, 200],
      [310, 200],
    ]),
    shape('leash', 'line', [
      [120, 60],
      [200, 70],
    ]),
    shape('nose', 'point', [[230, 80]]),
    shape('tail', 'linestrip', [
      [250, 100],
      [270, 90],
      [280, 95],
    ]),
  ],
  imagePath: '../JPEGImages/2011_000003.jpg',
  imageData: '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/',
  imageHeight: 240,
  imageWidth: 320,
};

const schema: LabelSchema = {
  labels: [
    { id: 'person', name: 'Person', color: '#e6194b', tools: ['box', 'polygon'], attributes: [{ type: 'boolean', name: 'occluded', default: false }] },
    { id: 'dog', name: 'Dog', color: '#f58231', tools: ['box'], attributes: [] },
  ],
  classMode: 'multi',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};
const item = (itemId: string, name: string): TargetItem => ({ itemId, names: [name], width: 320, height: 240, text: null });
const files = [
  { path: 'voc2011/Annotations/2011_000003.json', content: JSON.stringify(labelmeFile, null, 2) },
  // LabelMe leaves no other JSON beside its own, but a folder pick brings the images' sidecars along.
  { path: 'voc2011/JPEGImages/2011_000003.jpg.txt', content: 'not labels' },
];

describe('LabelMe JSON (as LabelMe 5.x saves it)', () => {
  it('reads rectangles and polygons in the file own pixel frame, names what it cannot draw, and finds the image by imagePath', () => {
    const parsed = parseLabels('labelme', files);
    expect(parsed.categories).toEqual(['person', 'dog', 'ball', 'leash', 'nose', 'tail']);
    expect(parsed.items).toHaveLength(1);
    const [it0] = parsed.items;
    // imagePath is relative to the JSON's folder: "../JPEGImages/x.jpg" from voc2011/Annotations.
    expect(it0).toMatchObject({ key: 'voc2011/JPEGImages/2011_000003.jpg', keyKind: 'path', width: 320, height: 240, units: 'px' });
    expect(it0!.shapes.map((s) => [s.kind, s.category])).toEqual([
      ['box', 'person'],
      ['polygon', 'dog'],
      ['polygon', 'person'],
    ]);
    expect(it0!.shapes[0]).toMatchObject({ x: 20.5, y: 10.25, w: 100, h: 70 });
    expect(parsed.report.map((r) => `${r.file}: ${r.message}`)).toEqual([
      'voc2011/Annotations/2011_000003.json: image flags "night" not imported (Touchstone has no image-level flags; a class label could hold them)',
      'voc2011/Annotations/2011_000003.json: shapes[3]: a circle is not imported (Touchstone draws boxes and polygons)',
      'voc2011/Annotations/2011_000003.json: shapes[4]: a line is not imported (Touchstone draws boxes and polygons)',
      'voc2011/Annotations/2011_000003.json: shapes[5]: a point is not imported (Touchstone draws boxes and polygons)',
      'voc2011/Annotations/2011_000003.json: shapes[6]: a linestrip is not imported (Touchstone draws boxes and polygons)',
    ]);
  });

  it('binds to the item stored under its bare file name; flags become attributes; a polygon on a box-only label becomes its bounding box', () => {
    const bound = bindImport(parseLabels('labelme', files), schema, [item('i-3', '2011_000003.jpg'), item('i-4', '2011_000004.jpg')]);
    expect(bound.entries).toHaveLength(1);
    const [entry] = bound.entries;
    expect(entry!.itemId).toBe('i-3');
    expect(entry!.payload.shapes).toEqual([
      { id: 'i1', kind: 'box', label: 'person', x: 20.5, y: 10.25, w: 100, h: 70, attributes: {} },
      { id: 'i2', kind: 'box', label: 'dog', x: 200, y: 50, w: 60, h: 70, attributes: {} },
      {
        id: 'i3',
        kind: 'polygon',
        label: 'person',
        points: [
          [10, 150],
          [60, 150],
          [35, 190],
        ],
        attributes: { occluded: true },
      },
    ]);
    expect(bound.report.map((r) => r.message)).toContain('shapes[1]: label "Dog" takes boxes only: the polygon became its bounding box');
    expect(bound.unknownCategories).toEqual([]);
    // The circle, the line, the point and the linestrip are left out, and counted.
    expect([bound.kept, bound.dropped]).toEqual([3, 4]);
  });

  it('a file for another image size is refused for its item, by file', () => {
    const other = { ...labelmeFile, imageWidth: 640, imageHeight: 480 };
    const bound = bindImport(parseLabels('labelme', [{ path: 'a/2011_000003.json', content: JSON.stringify(other) }]), schema, [
      item('i-3', '2011_000003.jpg'),
    ]);
    expect(bound.entries).toEqual([]);
    expect(bound.report.at(-1)).toMatchObject({
      file: 'a/2011_000003.json',
      message: expect.stringMatching(/says the image is 640×480 but the item's image is 320×240/),
    });
  });

  it('not LabelMe: a JSON without imagePath or shapes, and broken JSON, are said by file', () => {
    const parsed = parseLabels('labelme', [
      { path: 'x.json', content: '{"images": []}' },
      { path: 'y.json', content: '{"shapes": [' },
    ]);
    expect(parsed.items).toEqual([]);
    expect(parsed.report.map((r) => [r.file, r.message.split(' (')[0]])).toEqual([
      ['x.json', 'not a LabelMe file: it needs "imagePath" and "shapes"'],
      ['y.json', 'not JSON'],
    ]);
  });
});
