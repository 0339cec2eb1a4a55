// Files written by other tools (Datumaro's test assets in ../shared/fixtures, which must be there:
// without them this FAILS) and by hand from each format's specification (test/domain/fixtures/export)
// read as those formats mean, through the label importers (parse, then bind to the items).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '../../../src/domain/api/index.ts';
import { bindImport } from '../../../src/domain/import/labels/bind.ts';
import { parseLabels, type LabelImportFormat } from '../../../src/domain/import/labels/index.ts';
import type { TargetItem } from '../../../src/domain/import/labels/match-items.ts';
import type { ImportFile } from '../../../src/domain/import/labels/model.ts';

const own = (p: string) => readFileSync(new URL(`../fixtures/export/${p}`, import.meta.url), 'utf8');
const sharedDir = new URL('../../../../shared/fixtures/datumaro/', import.meta.url);
const shared = (p: string) => readFileSync(new URL(p, sharedDir), 'utf8');
const lab = (id: string, tools: LabelSchema['labels'][number]['tools']) => ({ id, name: id, color: '#123456', tools, attributes: [] });
const schemaOf = (...labels: LabelSchema['labels']): LabelSchema => ({ labels, classMode: 'single', allowOverlappingSpans: false, snapSpansToTokens: false });
const image = (name: string, width: number, height: number): TargetItem => ({ itemId: name, names: [name], width, height, text: null });
const text = (t: string, k: number): TargetItem => ({ itemId: `t${k}`, names: [], width: null, height: null, text: t });
const load = (format: LabelImportFormat, files: ImportFile[], schema: LabelSchema, items: TargetItem[]) =>
  bindImport(parseLabels(format, files), schema, items);

describe('conformance: hand-written files from each specification', () => {
  const images = schemaOf(lab('car', ['box', 'polygon']), lab('person', ['box', 'polygon']));

  it('Ultralytics data.yaml (inline list) and a label file with a box line and a polygon line', () => {
    const got = load(
      'yolo',
      [
        { path: 'data.yaml', content: own('yolo/data.yaml') },
        { path: 'labels/street.txt', content: own('yolo/labels/street.txt') },
      ],
      images,
      [image('street.jpg', 400, 300)],
    );
    expect(got.report).toEqual([]);
    expect(got.entries[0]!.payload.shapes).toEqual([
      { id: 'i1', kind: 'box', label: 'car', x: 150, y: 75, w: 100, h: 150, attributes: {} },
      {
        id: 'i2',
        kind: 'polygon',
        label: 'person',
        points: [
          [40, 30],
          [80, 30],
          [80, 90],
          [40, 90],
        ].map(([x, y]) => [expect.closeTo(x!, 9), expect.closeTo(y!, 9)]),
        attributes: {},
      },
    ]);
  });

  it('Pascal VOC 2012 XML (tabs, <source>, a <part> that is not an object)', () => {
    const parsed = parseLabels('voc', [{ path: 'Annotations/street.xml', content: own('voc/street.xml') }]);
    expect([parsed.items[0]!.key, parsed.items[0]!.width, parsed.items[0]!.height]).toEqual(['street.jpg', 400, 300]);
    const got = bindImport(parsed, images, [image('street.jpg', 400, 300)]);
    expect(got.entries[0]!.payload.shapes.map((s) => s.kind === 'box' && [s.label, s.x, s.y, s.w, s.h])).toEqual([
      ['car', 12, 45, 198, 135],
      ['person', 250, 30, 50, 260],
    ]);
    expect(got.report.map((r) => r.message).join(' ')).toMatch(/<part>s not imported/);
  });

  it('CoNLL-2003 (four columns, IOB1: an I- tag starts an entity)', () => {
    const sentence = 'EU rejects German call to boycott British lamb.';
    const got = load('conll', [{ path: 'conll2003.txt', content: own('conll2003.txt') }], schemaOf(lab('org', ['span']), lab('misc', ['span'])), [
      text(sentence, 0),
    ]);
    expect(got.report).toEqual([]);
    expect(got.entries[0]!.payload.spans.map((s) => [s.label, [...sentence].slice(s.start, s.end).join('')])).toEqual([
      ['org', 'EU'],
      ['misc', 'German'],
      ['misc', 'British'],
    ]);
  });

  it('spaCy JSONL ("spans" objects, "ents" tuples, cats; a broken line reported by its number)', () => {
    const schema = schemaOf(lab('per', ['span']), lab('loc', ['span']), lab('news', ['class']));
    const got = load('spacy', [{ path: 'spacy.jsonl', content: own('spacy.jsonl') }], schema, [
      text('Angela Merkel visited Paris.', 0),
      text('naïve café in Zürich', 1),
    ]);
    expect(got.entries.map((e) => e.line)).toEqual([1, 3]);
    expect(got.entries[0]!.payload).toEqual({
      shapes: [],
      spans: [
        { id: 's1', label: 'per', start: 0, end: 13 },
        { id: 's2', label: 'loc', start: 22, end: 27 },
      ],
      classes: ['news'],
    });
    // Code points: "Zürich" starts at 14 whatever UTF-16 says.
    expect(got.entries[1]!.payload.spans).toEqual([{ id: 's1', label: 'loc', start: 14, end: 20 }]);
    expect(got.report).toEqual([{ file: 'spacy.jsonl', line: 4, message: expect.stringMatching(/^not valid JSON/) }]);
  });
});

describe('conformance: files Datumaro (CVAT) wrote', () => {
  it('VOC: 2007_000001.xml — objects with and without pose/truncated, parts skipped', () => {
    const schema = schemaOf(lab('cat', ['box']), lab('person', ['box']));
    const got = load('voc', [{ path: 'Annotations/2007_000001.xml', content: shared('voc_dataset/voc_dataset1/Annotations/2007_000001.xml') }], schema, [
      image('2007_000001.jpg', 20, 10),
    ]);
    expect(got.entries[0]!.payload.shapes.map((s) => s.kind === 'box' && [s.label, s.x, s.y, s.w, s.h])).toEqual([
      ['cat', 1, 2, 2, 2],
      ['person', 4, 5, 2, 2],
    ]);
  });

  it('YOLO: obj.names and a label file for a 15×10 image', () => {
    const schema = schemaOf(lab('label_2', ['box']), lab('label_4', ['box']));
    const parsed = parseLabels('yolo', [
      { path: 'obj.names', content: shared('yolo_dataset/labels/obj.names') },
      { path: 'labels/train/1.txt', content: shared('yolo_dataset/labels/labels/train/1.txt') },
    ]);
    expect(parsed.categories).toHaveLength(10);
    const got = bindImport(parsed, schema, [image('images/train/1.jpg', 15, 10)]);
    expect(got.dropped).toBe(0);
    const r = (n: number) => Math.round(n * 1000) / 1000 + 0; // + 0 turns -0 into 0
    expect(got.entries[0]!.payload.shapes.map((s) => s.kind === 'box' && [s.label, r(s.x), r(s.y), r(s.w), r(s.h)])).toEqual([
      ['label_2', 0, 2, 4, 2],
      ['label_4', 3, 3, 2, 3],
    ]);
  });
});
