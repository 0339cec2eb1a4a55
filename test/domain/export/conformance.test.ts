// Files written by other tools (Datumaro's test assets in ../shared/fixtures, when present) and by
// hand from each format's specification (test/domain/fixtures/export) read as those formats mean.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '../../../src/domain/api/index.ts';
import { conllToSpans, parseConll } from '../../../src/domain/import/conll.ts';
import { parseSpacyJsonl } from '../../../src/domain/import/spacy.ts';
import { parseVocXml } from '../../../src/domain/import/voc.ts';
import { parseYoloLabels, parseYoloNames } from '../../../src/domain/import/yolo.ts';

const own = (p: string) => readFileSync(new URL(`../fixtures/export/${p}`, import.meta.url), 'utf8');
const sharedDir = new URL('../../../../shared/fixtures/datumaro/', import.meta.url);
const shared = (p: string) => readFileSync(new URL(p, sharedDir), 'utf8');
const lab = (id: string, tools: LabelSchema['labels'][number]['tools']) => ({ id, name: id, color: '#123456', tools, attributes: [] });
const schemaOf = (...labels: LabelSchema['labels']): LabelSchema => ({ labels, classMode: 'single', allowOverlappingSpans: false, snapSpansToTokens: false });

describe('conformance: hand-written files from each specification', () => {
  const image = schemaOf(lab('car', ['box', 'polygon']), lab('person', ['box', 'polygon']));

  it('Ultralytics data.yaml (inline list) and a label file with a box line and a polygon line', () => {
    const names = parseYoloNames(own('yolo/data.yaml'));
    expect(names).toEqual(['car', 'person']);
    const { shapes, problems } = parseYoloLabels(own('yolo/labels/street.txt'), names, image, { width: 400, height: 300 });
    expect(problems).toEqual([]);
    expect(shapes).toEqual([
      { id: 'y1', kind: 'box', label: 'car', x: 150, y: 75, w: 100, h: 150, attributes: {} },
      {
        id: 'y2',
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
    const voc = parseVocXml(own('voc/street.xml'), image);
    expect(voc.problems).toEqual([]);
    expect([voc.fileName, voc.width, voc.height]).toEqual(['street.jpg', 400, 300]);
    expect(voc.shapes.map((s) => s.kind === 'box' && [s.label, s.x, s.y, s.w, s.h])).toEqual([
      ['car', 12, 45, 198, 135],
      ['person', 250, 30, 50, 260],
    ]);
  });

  it('CoNLL-2003 (four columns, IOB1: an I- tag starts an entity)', () => {
    const schema = schemaOf(lab('org', ['span']), lab('misc', ['span']));
    const { documents, problems } = parseConll(own('conll2003.txt'));
    expect(problems).toEqual([]);
    const text = 'EU rejects German call to boycott British lamb.';
    const back = conllToSpans(documents[0]!, text, schema);
    expect(back.problems).toEqual([]);
    expect(back.spans.map((s) => [s.label, [...text].slice(s.start, s.end).join('')])).toEqual([
      ['org', 'EU'],
      ['misc', 'German'],
      ['misc', 'British'],
    ]);
  });

  it('spaCy JSONL ("spans" objects, "ents" tuples, cats; a broken line reported by its number)', () => {
    const schema = schemaOf(lab('per', ['span']), lab('loc', ['span']), lab('news', ['class']));
    const entries = parseSpacyJsonl(own('spacy.jsonl'), schema);
    expect(entries.map((e) => e.line)).toEqual([1, 3, 4]);
    expect(entries[0]!.answer).toEqual({
      shapes: [],
      spans: [
        { id: 's1', label: 'per', start: 0, end: 13 },
        { id: 's2', label: 'loc', start: 22, end: 27 },
      ],
      classes: ['news'],
    });
    // Code points: "Zürich" starts at 14 whatever UTF-16 says.
    expect(entries[1]!.answer.spans).toEqual([{ id: 's1', label: 'loc', start: 14, end: 20 }]);
    expect(entries[2]!.problems[0]?.path).toBe('line 4');
  });
});

describe.runIf(existsSync(sharedDir))('conformance: files Datumaro (CVAT) wrote', () => {
  it('VOC: 2007_000001.xml — objects with and without pose/truncated, parts skipped', () => {
    const schema = schemaOf(lab('cat', ['box']), lab('person', ['box']));
    const voc = parseVocXml(shared('voc_dataset/voc_dataset1/Annotations/2007_000001.xml'), schema);
    expect(voc.problems).toEqual([]);
    expect([voc.fileName, voc.width, voc.height]).toEqual(['2007_000001.jpg', 20, 10]);
    expect(voc.shapes.map((s) => s.kind === 'box' && [s.label, s.x, s.y, s.w, s.h])).toEqual([
      ['cat', 1, 2, 2, 2],
      ['person', 4, 5, 2, 2],
    ]);
  });

  it('YOLO: obj.names and a label file for a 15×10 image', () => {
    const names = parseYoloNames(shared('yolo_dataset/labels/obj.names'));
    expect(names).toHaveLength(10);
    const schema = schemaOf(lab('label_2', ['box']), lab('label_4', ['box']));
    const { shapes, problems } = parseYoloLabels(shared('yolo_dataset/labels/labels/train/1.txt'), names, schema, { width: 15, height: 10 });
    expect(problems).toEqual([]);
    const r = (n: number) => Math.round(n * 1000) / 1000 + 0; // + 0 turns -0 into 0
    expect(shapes.map((s) => s.kind === 'box' && [s.label, r(s.x), r(s.y), r(s.w), r(s.h)])).toEqual([
      ['label_2', 0, 2, 4, 2],
      ['label_4', 3, 3, 2, 3],
    ]);
  });
});
