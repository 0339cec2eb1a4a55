// Export then import gives the same labels, for every format (through the importers in
// src/domain/import). Coordinates that YOLO normalises come back within a thousandth of a pixel.
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
import { conllToSpans, parseConll } from '../../../src/domain/import/conll.ts';
import { parseSpacyJsonl } from '../../../src/domain/import/spacy.ts';
import { parseTouchstoneJsonl } from '../../../src/domain/import/touchstone.ts';
import { parseVocXml } from '../../../src/domain/import/voc.ts';
import { parseYoloLabels, parseYoloNames } from '../../../src/domain/import/yolo.ts';
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
      cocoOpen(imageSchema, { description: 'P', dateCreated: 'x' }) +
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
    const names = parseYoloNames(yoloDataYaml(imageSchema, ['train']));
    expect(names).toEqual(['Car', 'Person']);
    const det = parseYoloLabels(yoloLabelFile(imageSchema, imageItem, rev, 'detect'), names, imageSchema, { width: 200, height: 100 });
    expect(det.problems).toEqual([]);
    expect(plain(det.shapes, true)).toEqual(plain(asBoxes(rev.payload.shapes), true));
    const seg = parseYoloLabels(yoloLabelFile(imageSchema, imageItem, rev, 'segment'), names, imageSchema, { width: 200, height: 100 });
    expect(plain(asBoxes(seg.shapes), true)).toEqual(plain(asBoxes(rev.payload.shapes), true));
    expect(plain(seg.shapes, true)[1]).toEqual(plain([rev.payload.shapes[1]!], true)[0]);
  });

  it('Pascal VOC (boxes; polygons as their boxes; attributes)', () => {
    const back = parseVocXml(vocXml(imageSchema, imageItem, rev), imageSchema);
    expect(back.problems).toEqual([]);
    expect([back.fileName, back.width, back.height]).toEqual(['a.jpg', 200, 100]);
    expect(plain(back.shapes)).toEqual(plain(asBoxes(rev.payload.shapes)));
    expect(back.shapes[0]!.attributes).toEqual({ occluded: true });
  });

  it('CoNLL-2003 BIO (token-aligned spans, non-ASCII text, two sentences)', () => {
    const { documents, problems } = parseConll(conllDocument(textItem.text!, textRev.payload.spans));
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(1);
    const back = conllToSpans(documents[0]!, textItem.text!, textSchema);
    expect(back.problems).toEqual([]);
    expect(spansOf(back.spans)).toEqual(spansOf(textRev.payload.spans));
  });

  it('spaCy JSONL (spans and classes)', () => {
    const [entry] = parseSpacyJsonl(spacyLine(textSchema, textItem, textRev), textSchema);
    expect(entry?.problems).toEqual([]);
    expect(entry?.itemId).toBe(textItem.id);
    expect(entry?.text).toBe(textItem.text);
    expect(spansOf(entry!.answer.spans)).toEqual(spansOf(textRev.payload.spans));
    expect(entry!.answer.classes).toEqual(['news']);
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
