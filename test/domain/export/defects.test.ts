// Export defects other tools tripped on (pycocotools, Ultralytics, VOC readers, nltk/spaCy), each
// pinned by what the reading tool needs.
import { describe, expect, it } from 'vitest';
import { COCO_BETWEEN, COCO_CLOSE, cocoAnnotations, cocoImage, cocoOpen } from '../../../src/domain/export/coco.ts';
import { conllDocument, countConllLosses } from '../../../src/domain/export/conll.ts';
import { exportImageName, itemSplit } from '../../../src/domain/export/files.ts';
import { tokenize } from '../../../src/domain/export/tokens.ts';
import { vocXml } from '../../../src/domain/export/voc.ts';
import { yoloDataYaml } from '../../../src/domain/export/yolo.ts';
import { bindImport } from '../../../src/domain/import/labels/bind.ts';
import { parseLabels } from '../../../src/domain/import/labels/index.ts';
import { imageItem, imageRecord, imageSchema, revision, textSchema } from './sample.ts';

const rev = imageRecord.revisions[0]!;
/** The CoNLL export of `spans` over `text`, imported back onto the same text. */
const conllBack = (text: string, spans: Parameters<typeof conllDocument>[1]) => {
  const bound = bindImport(parseLabels('conll', [{ path: 'a.conll', content: conllDocument(text, spans) }]), textSchema, [
    { itemId: 't', names: [], width: null, height: null, text },
  ]);
  return { report: bound.report, spans: bound.entries[0]?.payload.spans ?? [] };
};

describe('COCO: every annotation has a segmentation pycocotools can rasterise', () => {
  it('a box carries its four corners as a polygon (annToMask and segm evaluation need one)', () => {
    let n = 0;
    const doc = JSON.parse(
      cocoOpen(imageSchema, { description: 'P', dateCreated: 'x', schemaVersion: '1.0' }) +
        cocoImage(imageItem) +
        COCO_BETWEEN +
        cocoAnnotations(imageSchema, imageItem, rev, () => ++n).join(',') +
        COCO_CLOSE,
    );
    for (const a of doc.annotations) {
      expect(a.segmentation.length).toBeGreaterThan(0);
      for (const ring of a.segmentation) expect(ring.length).toBeGreaterThanOrEqual(6);
    }
    expect(doc.annotations[0].segmentation).toEqual([[10, 20, 60, 20, 60, 50, 10, 50]]);
  });
});

describe('YOLO: data.yaml Ultralytics resolves against its own folder, with the splits kept', () => {
  it('has no "path: ." (Ultralytics would resolve it against the working directory)', () => {
    expect(yoloDataYaml(imageSchema, ['train'])).not.toMatch(/^path:/m);
  });
  it('names each split the items carry', () => {
    const yaml = yoloDataYaml(imageSchema, ['train', 'val', 'test']);
    expect(yaml).toMatch(/^train: images\/train$/m);
    expect(yaml).toMatch(/^val: images\/val$/m);
    expect(yaml).toMatch(/^test: images\/test$/m);
  });
  it("an item's split comes from its meta, else a train/val/test folder in its path", () => {
    expect(itemSplit({ ...imageItem, meta: { split: 'val' } })).toBe('val');
    expect(itemSplit({ ...imageItem, fileName: 'coco/val2017/x.jpg', meta: {} })).toBe('val');
    expect(itemSplit({ ...imageItem, fileName: 'data/valid/x.jpg', meta: {} })).toBe('val');
    expect(itemSplit({ ...imageItem, fileName: 'test/x.jpg', meta: {} })).toBe('test');
    expect(itemSplit({ ...imageItem, fileName: 'x.jpg', meta: {} })).toBe('train');
  });
});

describe('Pascal VOC: truncated, occluded and difficult say what the attributes say', () => {
  const schema = {
    ...imageSchema,
    labels: [
      {
        ...imageSchema.labels[0]!,
        attributes: [
          { type: 'boolean' as const, name: 'truncated', default: false },
          { type: 'boolean' as const, name: 'occluded', default: false },
          { type: 'boolean' as const, name: 'difficult', default: false },
          { type: 'boolean' as const, name: 'parked', default: false },
        ],
      },
    ],
  };
  it('writes <truncated>1</truncated>, <occluded>1</occluded>, <difficult>1</difficult> and keeps other attributes', () => {
    const xml = vocXml(
      schema,
      imageItem,
      revision({
        shapes: [
          { id: 'b', kind: 'box', label: 'car', x: 1, y: 2, w: 3, h: 4, attributes: { truncated: true, occluded: true, difficult: true, parked: false } },
        ],
      }),
    );
    expect(xml).toContain('<truncated>1</truncated>');
    expect(xml).toContain('<occluded>1</occluded>');
    expect(xml).toContain('<difficult>1</difficult>');
    expect(xml).toContain('<attribute><name>parked</name><value>false</value></attribute>');
    expect(xml).not.toContain('<name>truncated</name>');
  });
  it('writes <occluded>0</occluded> when nothing says so', () => {
    const xml = vocXml(imageSchema, imageItem, revision({ shapes: [{ id: 'b', kind: 'box', label: 'person', x: 1, y: 2, w: 3, h: 4, attributes: {} }] }));
    expect(xml).toContain('<occluded>0</occluded>');
    expect(xml).toContain('<truncated>0</truncated>');
  });
  it("names the image by the item's own extension, or by the bytes the archive carries", () => {
    expect(exportImageName('x', 'shots/x.png', undefined)).toBe('x.png');
    expect(exportImageName('x', 'x.webp', undefined)).toBe('x.webp');
    expect(exportImageName('x', 'x.webp', 'image/jpeg')).toBe('x.jpg');
    expect(exportImageName('x', 'x.PNG', 'image/png')).toBe('x.PNG');
    expect(exportImageName('x', 'noext', undefined)).toBe('x.jpg');
  });
});

describe('CoNLL: files nltk and spaCy read, one token per line whatever the text holds', () => {
  // Python's str.splitlines() (nltk, spaCy's converters) breaks lines at all of these.
  // eslint-disable-next-line no-control-regex
  const PY_LINE_BREAKS = /[\n\r\v\f\u001c\u001d\u001e\u0085\u2028\u2029]/u;
  it('U+0085, U+2028, U+2029 and the other separators never end up inside a token line', () => {
    const text = 'Ada\u0085Lovelace\u2028met\u2029Babbage\x1cin\x0bLondon\fnow';
    const doc = conllDocument(text, []);
    for (const line of doc.split('\n')) expect(line).not.toMatch(PY_LINE_BREAKS);
    expect(tokenize(text).map((t) => t.text)).toEqual(['Ada', 'Lovelace', 'met', 'Babbage', 'in', 'London', 'now']);
    // Each of them ends a sentence, as a newline does.
    expect(tokenize(text).filter((t) => t.newSentence)).toHaveLength(6);
  });
  it('a CJK clause is one token per character, so three entities stay three', () => {
    const text = '李明在北京见了王芳';
    const spans = [
      { id: 'a', label: 'per', start: 0, end: 2 },
      { id: 'b', label: 'loc', start: 3, end: 5 },
      { id: 'c', label: 'per', start: 7, end: 9 },
    ];
    expect(countConllLosses(text, spans)).toBe(0);
    const back = conllBack(text, spans);
    expect(back.spans.map((s) => [s.label, s.start, s.end])).toEqual([
      ['per', 0, 2],
      ['loc', 3, 5],
      ['per', 7, 9],
    ]);
  });
  it('two adjacent spans inside one word stay two (the token is cut at the span boundary)', () => {
    const text = 'NewYork is big';
    const spans = [
      { id: 'a', label: 'loc', start: 0, end: 3 },
      { id: 'b', label: 'per', start: 3, end: 7 },
    ];
    expect(countConllLosses(text, spans)).toBe(0);
    const back = conllBack(text, spans);
    expect(back.report).toEqual([]);
    expect(back.spans.map((s) => [s.label, s.start, s.end])).toEqual([
      ['loc', 0, 3],
      ['per', 3, 7],
    ]);
  });
  it('two adjacent spans of the same label stay two (B- then B-)', () => {
    const text = 'Ada Bob';
    const spans = [
      { id: 'a', label: 'per', start: 0, end: 3 },
      { id: 'b', label: 'per', start: 4, end: 7 },
    ];
    expect(conllBack(text, spans).spans.map((s) => [s.start, s.end])).toEqual([
      [0, 3],
      [4, 7],
    ]);
  });
  it('only overlapping spans are losses now', () => {
    expect(countConllLosses('Ada Lovelace', [{ id: 'a', label: 'per', start: 4, end: 8 }])).toBe(0);
    expect(
      countConllLosses('Ada Lovelace', [
        { id: 'a', label: 'per', start: 4, end: 12 },
        { id: 'b', label: 'loc', start: 0, end: 12 },
      ]),
    ).toBe(1);
  });
});
