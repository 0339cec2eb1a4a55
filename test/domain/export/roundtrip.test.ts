// Export then import gives the same labels, for every format (through the label importers in
// src/domain/import/labels). Coordinates that YOLO normalises come back within a thousandth of a pixel.
import { describe, expect, it } from 'vitest';
import type { Shape } from '../../../src/domain/api/index.ts';
import { COCO_BETWEEN, COCO_CLOSE, cocoAnnotations, cocoImage, cocoOpen } from '../../../src/domain/export/coco.ts';
import { conllDocument } from '../../../src/domain/export/conll.ts';
import { spacyLine } from '../../../src/domain/export/spacy.ts';
import { touchstoneLine } from '../../../src/domain/export/touchstone.ts';
import { vocXml } from '../../../src/domain/export/voc.ts';
import { yoloDataYaml, yoloLabelFile } from '../../../src/domain/export/yolo.ts';
import { bindImport } from '../../../src/domain/import/labels/bind.ts';
import { parseCoco } from '../../../src/domain/import/labels/coco.ts';
import { parseLabels } from '../../../src/domain/import/labels/index.ts';
import { parseTouchstoneJsonl } from '../../../src/domain/import/touchstone.ts';
import { imageItem, imageRecord, imageSchema, revision, textItem, textRecord, textSchema } from './sample.ts';

const rev = imageRecord.revisions[0]!;
const textRev = textRecord.revisions[0]!;
/** Labels without the local ids each importer makes up, and (for YOLO) rounded to 1/1000 px. */
const plain = (shapes: Shape[], round = false) =>
  shapes.map((s) => {
    const r = (n: number) => (round ? Math.round(n * 1000) / 1000 : n);
    return s.kind === 'box'
      ? { kind: s.kind, label: s.label, x: r(s.x), y: r(s.y), w: r(s.w), h: r(s.h) }
      : { kind: s.kind, label: s.label, points: s.points.map(([x, y]) => [r(x), r(y)]) };
  });
const imageTarget = { itemId: imageItem.id, names: [imageItem.fileName], width: 200, height: 100, text: null };
const textTarget = { itemId: textItem.id, names: [], width: null, height: null, text: textItem.text };
const spansOf = (spans: Array<{ label: string; start: number; end: number }>) => spans.map(({ label, start, end }) => ({ label, start, end }));
const asBoxes = (shapes: Shape[]) =>
  shapes.map((s) => {
    if (s.kind === 'box') return s;
    const xs = s.points.map((p) => p[0]);
    const ys = s.points.map((p) => p[1]);
    return { ...s, kind: 'box' as const, x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
  });

describe('round trips: export, then import, gives the same labels', () => {
  it('COCO (boxes, polygons and attributes)', () => {
    let n = 0;
    const doc =
      cocoOpen(imageSchema, { description: 'P', dateCreated: 'x', schemaVersion: '1.0' }) +
      cocoImage(imageItem) +
      COCO_BETWEEN +
      cocoAnnotations(imageSchema, imageItem, rev, () => ++n).join(',') +
      COCO_CLOSE;
    const back = bindImport(parseCoco([{ path: 'coco.json', content: doc }]), imageSchema, [
      { itemId: imageItem.id, names: [imageItem.fileName], width: 200, height: 100, text: null },
    ]);
    expect(back.report).toEqual([]);
    expect(plain(back.entries[0]!.payload.shapes)).toEqual(plain(rev.payload.shapes));
    expect(back.entries[0]!.payload.shapes[0]!.attributes).toEqual({ occluded: true });
  });

  it('YOLO detection (polygons come back as their boxes) and segmentation (boxes come back as 4-point polygons)', () => {
    const yolo = (task: 'detect' | 'segment') => {
      const parsed = parseLabels('yolo', [
        { path: 'data.yaml', content: yoloDataYaml(imageSchema, ['train']) },
        { path: 'labels/train/a.txt', content: yoloLabelFile(imageSchema, imageItem, rev, task) },
      ]);
      expect(parsed.categories).toEqual(['Car', 'Person']);
      const bound = bindImport(parsed, imageSchema, [imageTarget]);
      expect(bound.dropped).toBe(0);
      return bound.entries[0]!.payload.shapes;
    };
    expect(plain(yolo('detect'), true)).toEqual(plain(asBoxes(rev.payload.shapes), true));
    const seg = yolo('segment');
    expect(plain(asBoxes(seg), true)).toEqual(plain(asBoxes(rev.payload.shapes), true));
    expect(plain(seg, true)[1]).toEqual(plain([rev.payload.shapes[1]!], true)[0]);
  });

  it('Pascal VOC (boxes; polygons as their boxes; attributes)', () => {
    const parsed = parseLabels('voc', [{ path: 'Annotations/a.xml', content: vocXml(imageSchema, imageItem, rev) }]);
    expect([parsed.items[0]!.key, parsed.items[0]!.width, parsed.items[0]!.height]).toEqual(['a.jpg', 200, 100]);
    const back = bindImport(parsed, imageSchema, [imageTarget]).entries[0]!.payload.shapes;
    expect(plain(back)).toEqual(plain(asBoxes(rev.payload.shapes)));
    expect(back[0]!.attributes).toEqual({ occluded: true });
  });

  it('CoNLL-2003 BIO (token-aligned spans, non-ASCII text, two sentences)', () => {
    const parsed = parseLabels('conll', [{ path: 'a.conll', content: conllDocument(textItem.text!, textRev.payload.spans) }]);
    expect(parsed.report).toEqual([]);
    expect(parsed.items).toHaveLength(1);
    const back = bindImport(parsed, textSchema, [textTarget]);
    expect(back.report).toEqual([]);
    expect(spansOf(back.entries[0]!.payload.spans)).toEqual(spansOf(textRev.payload.spans));
  });

  it('spaCy JSONL (spans and classes)', () => {
    const back = bindImport(parseLabels('spacy', [{ path: 'a.jsonl', content: spacyLine(textSchema, textItem, textRev) }]), textSchema, [textTarget]);
    expect(back.report).toEqual([]);
    const [entry] = back.entries;
    expect(entry?.itemId).toBe(textItem.id);
    expect(spansOf(entry!.payload.spans)).toEqual(spansOf(textRev.payload.spans));
    expect(entry!.payload.classes).toEqual(['news']);
  });

  it('Touchstone JSONL (the exact payload and its lineage, every revision)', () => {
    const older = revision({ classes: ['news'] }, { annotationId: 'ann-0', revision: 1 });
    const file = touchstoneLine(imageItem, older) + touchstoneLine(imageItem, { ...rev, revision: 2 }) + touchstoneLine(textItem, textRev);
    const { lines, problems } = parseTouchstoneJsonl(file);
    expect(problems).toEqual([]);
    expect(lines.map((l) => [l.value.item.id, l.value.revision, l.value.guideline_version?.label])).toEqual([
      ['item-a', 1, 'v1.0'],
      ['item-a', 2, 'v1.0'],
      ['item-t', 1, 'v1.0'],
    ]);
    expect(lines[1]!.value.payload).toEqual(rev.payload);
    expect(lines[2]!.value.payload).toEqual(textRev.payload);
  });
});
