import { describe, expect, it } from 'vitest';
import { COCO_BETWEEN, COCO_CLOSE, cocoAnnotations, cocoImage, cocoOpen } from '../../../src/domain/export/coco.ts';
import { conllDocument, countConllLosses } from '../../../src/domain/export/conll.ts';
import { spacyLine } from '../../../src/domain/export/spacy.ts';
import { tokenize } from '../../../src/domain/export/tokens.ts';
import { touchstoneLine } from '../../../src/domain/export/touchstone.ts';
import { latestRevision, num, stem } from '../../../src/domain/export/types.ts';
import { vocXml } from '../../../src/domain/export/voc.ts';
import { yoloDataYaml, yoloLabelFile } from '../../../src/domain/export/yolo.ts';
import { imageItem, imageRecord, imageSchema, revision, textItem, textRecord, textSchema } from './sample.ts';

const rev = imageRecord.revisions[0]!;

describe('export writers (exact output)', () => {
  it('COCO: categories by schema position, image id = seq, bbox + corner ring for boxes, ring + bounds + area for polygons', () => {
    let n = 0;
    const doc =
      cocoOpen(imageSchema, { description: 'P', dateCreated: '2026-01-01T00:00:00.000Z', schemaVersion: '1.0' }) +
      cocoImage(imageItem) +
      COCO_BETWEEN +
      cocoAnnotations(imageSchema, imageItem, rev, () => ++n).join(',') +
      COCO_CLOSE;
    expect(
      doc.startsWith(
        '{"info":{"description":"P","version":"1.0","date_created":"2026-01-01T00:00:00.000Z"},"licenses":[],"categories":[{"id":1,"name":"Car","supercategory":""},{"id":2,"name":"Person","supercategory":""}],"images":[{"id":7,"file_name":"a.jpg","width":200,"height":100}],"annotations":[',
      ),
    ).toBe(true);
    const parsed = JSON.parse(doc);
    expect(
      parsed.annotations.map((a: Record<string, unknown>) => ({
        id: a.id,
        image_id: a.image_id,
        category_id: a.category_id,
        bbox: a.bbox,
        area: a.area,
        segmentation: a.segmentation,
        iscrowd: a.iscrowd,
        attributes: a.attributes,
      })),
    ).toEqual([
      {
        id: 1,
        image_id: 7,
        category_id: 1,
        bbox: [10, 20, 50, 30],
        area: 1500,
        segmentation: [[10, 20, 60, 20, 60, 50, 10, 50]],
        iscrowd: 0,
        attributes: { occluded: true },
      },
      { id: 2, image_id: 7, category_id: 1, bbox: [100, 10, 50, 50], area: 1250, segmentation: [[100, 10, 150, 10, 125, 60]], iscrowd: 0, attributes: {} },
      { id: 3, image_id: 7, category_id: 2, bbox: [0, 0, 200, 100], area: 20000, segmentation: [[0, 0, 200, 0, 200, 100, 0, 100]], iscrowd: 0, attributes: {} },
    ]);
    expect(parsed.annotations[0].touchstone).toEqual({ annotation_id: 'ann-1', annotator_id: 'user-1', revision: 1, shape_id: 'b1', kind: 'box' });
  });

  it('YOLO detection, segmentation and data.yaml', () => {
    expect(yoloLabelFile(imageSchema, imageItem, rev, 'detect')).toBe('0 0.175 0.35 0.25 0.3\n0 0.625 0.35 0.25 0.5\n1 0.5 0.5 1 1\n');
    expect(yoloLabelFile(imageSchema, imageItem, rev, 'segment')).toBe(
      '0 0.05 0.2 0.3 0.2 0.3 0.5 0.05 0.5\n0 0.5 0.1 0.75 0.1 0.625 0.6\n1 0 0 1 0 1 1 0 1\n',
    );
    expect(yoloLabelFile(imageSchema, imageItem, undefined, 'detect')).toBe('');
    expect(yoloDataYaml(imageSchema, ['train', 'val'])).toBe(
      '# Written by Touchstone. The dataset root is this file\'s folder.\ntrain: images/train\nval: images/val\nnc: 2\nnames:\n  0: "Car"\n  1: "Person"\n',
    );
  });

  it('Pascal VOC XML, escaping names', () => {
    const xml = vocXml(
      imageSchema,
      { ...imageItem, fileName: 'a&b.jpg' },
      revision({ shapes: [{ id: 'b1', kind: 'box', label: 'car', x: 10, y: 20.5, w: 50, h: 30, attributes: { occluded: true } }] }),
    );
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<annotation>',
        '  <folder>JPEGImages</folder>',
        '  <filename>a&amp;b.jpg</filename>',
        '  <size>',
        '    <width>200</width>',
        '    <height>100</height>',
        '    <depth>3</depth>',
        '  </size>',
        '  <segmented>0</segmented>',
        '  <object>',
        '    <name>Car</name>',
        '    <pose>Unspecified</pose>',
        '    <truncated>0</truncated>',
        '    <occluded>1</occluded>',
        '    <difficult>0</difficult>',
        '    <bndbox>',
        '      <xmin>10</xmin>',
        '      <ymin>20.5</ymin>',
        '      <xmax>60</xmax>',
        '      <ymax>50.5</ymax>',
        '    </bndbox>',
        '  </object>',
        '</annotation>',
        '',
      ].join('\n'),
    );
  });

  it('CoNLL-2003 BIO: one document per item, sentences at line breaks, punctuation its own token', () => {
    const spans = textRecord.revisions[0]!.payload.spans;
    expect(conllDocument(textItem.text!, spans)).toBe(
      [
        '-DOCSTART- -X- -X- O',
        '',
        'Ada _ _ B-per',
        'Lovelace _ _ I-per',
        'met _ _ O',
        'Babbage _ _ B-per',
        'in _ _ O',
        'London _ _ B-loc',
        '. _ _ O',
        '',
        'Élodie _ _ B-per',
        'stayed _ _ O',
        '. _ _ O',
        '',
        '',
      ].join('\n'),
    );
    expect(countConllLosses(textItem.text!, spans)).toBe(0);
    // "Love" inside a word: the word is cut there, so nothing is lost; an overlapping span is dropped.
    expect(countConllLosses('Ada Lovelace', [{ id: 'a', label: 'per', start: 4, end: 8 }])).toBe(0);
    expect(
      countConllLosses('Ada Lovelace', [
        { id: 'a', label: 'per', start: 4, end: 12 },
        { id: 'b', label: 'loc', start: 0, end: 12 },
      ]),
    ).toBe(1);
  });

  it('tokens count code points, not UTF-16 units', () => {
    expect(tokenize('😀 ab')).toEqual([
      { text: '😀', start: 0, end: 1, newSentence: false },
      { text: 'ab', start: 2, end: 4, newSentence: false },
    ]);
  });

  it('spaCy JSONL: code-point spans in order, cats for class labels, item id in meta', () => {
    expect(spacyLine(textSchema, textItem, textRecord.revisions[0])).toBe(
      '{"text":"Ada Lovelace met Babbage in London.\\nÉlodie stayed.","spans":[{"start":0,"end":12,"label":"per"},{"start":17,"end":24,"label":"per"},{"start":28,"end":34,"label":"loc"},{"start":36,"end":42,"label":"per"}],"cats":{"news":1},"meta":{"item_id":"item-t","annotator":"ann@example.test","submitted_at":"2026-01-02T03:04:05.000Z"}}\n',
    );
  });

  it('Touchstone JSONL carries the lineage and the exact payload', () => {
    const line = JSON.parse(touchstoneLine(imageItem, rev));
    expect(line).toEqual({
      item: { id: 'item-a', seq: 7, file_name: 'a.jpg', width: 200, height: 100, meta: { fileName: 'a.jpg' } },
      annotation_id: 'ann-1',
      annotator: { id: 'user-1', email: 'ann@example.test', name: 'Ann' },
      revision: 1,
      guideline_version: { id: 'gv-1', label: 'v1.0' },
      started_at: '2026-01-02T03:04:00.000Z',
      submitted_at: '2026-01-02T03:04:05.000Z',
      duration_ms: 5000,
      payload: rev.payload,
      review: null,
      escalation: null,
    });
  });

  it('helpers: newest revision, number format, file stem', () => {
    const a = revision({}, { annotationId: 'a', submittedAt: '2026-01-02T00:00:00.000Z', revision: 3 });
    const b = revision({}, { annotationId: 'b', submittedAt: '2026-01-03T00:00:00.000Z', revision: 1 });
    expect(latestRevision({ item: imageItem, revisions: [b, a] })?.annotationId).toBe('b');
    expect(latestRevision({ item: imageItem, revisions: [] })).toBeUndefined();
    expect([num(0.5), num(12), num(1 / 3), num(-0.0000001), num(2.5)]).toEqual(['0.5', '12', '0.333333', '0', '2.5']);
    expect([stem('images/x/a.b.jpg'), stem('noext')]).toEqual(['a.b', 'noext']);
  });
});
