// The peers' own files (../shared/fixtures: Datumaro's and Label Studio's test assets) imported,
// exported in the same format, and imported again: every shape that was kept comes back with the
// same kind and label, every coordinate within 1e-6 px. What the first import leaves out is
// counted here and named in the report (the figures of the note's format table). The fixture
// folder is required: without it this FAILS.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnnotationPayload, LabelSchema, Shape } from '../../../src/domain/api/index.ts';
import { COCO_BETWEEN, COCO_CLOSE, cocoAnnotations, cocoImage, cocoOpen } from '../../../src/domain/export/coco.ts';
import { CVAT_CLOSE, cvatImage, cvatOpen } from '../../../src/domain/export/cvat.ts';
import { labelStudioTask } from '../../../src/domain/export/label-studio.ts';
import type { ExportItem } from '../../../src/domain/export/types.ts';
import { vocXml } from '../../../src/domain/export/voc.ts';
import { yoloDataYaml, yoloLabelFile } from '../../../src/domain/export/yolo.ts';
import { bindImport } from '../../../src/domain/import/labels/bind.ts';
import { parseLabels, type LabelImportFormat } from '../../../src/domain/import/labels/index.ts';
import type { TargetItem } from '../../../src/domain/import/labels/match-items.ts';
import type { ImportFile } from '../../../src/domain/import/labels/model.ts';
import { revision } from '../export/sample.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures');
function folder(rel: string, only?: RegExp): ImportFile[] {
  const root = path.join(FIXTURES, rel);
  const out: ImportFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if ((only ?? /\.(json|xml|txt|ya?ml|names|data)$/i).test(name))
        out.push({ path: path.relative(root, abs).split(path.sep).join('/'), content: readFileSync(abs, 'utf8') });
    }
  };
  walk(root);
  return out;
}

/** YOLO label files state no image size: the items are given one. */
const YOLO_SIZE = { width: 640, height: 480 };
const baseName = (p: string) => p.split('/').pop() as string;

const CASES: Array<{ name: string; format: LabelImportFormat; files: () => ImportFile[]; yolo?: 'detect' | 'segment' }> = [
  { name: 'COCO (Datumaro coco_instances)', format: 'coco', files: () => folder('datumaro/coco_dataset/coco_instances/annotations') },
  { name: 'Pascal VOC (Datumaro voc_dataset1)', format: 'voc', files: () => folder('datumaro/voc_dataset/voc_dataset1/Annotations') },
  { name: 'YOLO (Datumaro, Ultralytics layout)', format: 'yolo', files: () => folder('datumaro/yolo_dataset/labels'), yolo: 'detect' },
  { name: 'YOLO (Datumaro, Darknet "strict")', format: 'yolo', files: () => folder('datumaro/yolo_dataset/strict'), yolo: 'detect' },
  { name: 'YOLO (Label Studio converter)', format: 'yolo', files: () => folder('label-studio-converter/test_import_yolo_data'), yolo: 'detect' },
  { name: 'CVAT for images 1.1 (Datumaro)', format: 'cvat', files: () => folder('datumaro/cvat_dataset/for_images/export_task', /\.xml$/) },
  { name: 'Label Studio JSON, rectangles', format: 'label-studio', files: () => folder('label-studio-converter/test_export_yolo', /^data\.json$/) },
  { name: 'Label Studio JSON, polygons', format: 'label-studio', files: () => folder('label-studio-converter/test_export_yolo', /^data_polygons\.json$/) },
  { name: 'Label Studio JSON-min', format: 'label-studio', files: () => folder('label-studio-converter/test_export_json_min', /^data\.json$/) },
];

function write(format: LabelImportFormat, schema: LabelSchema, item: ExportItem, payload: AnnotationPayload, yolo: 'detect' | 'segment'): ImportFile[] {
  const rev = revision(payload);
  if (format === 'coco') {
    let n = 0;
    const content =
      cocoOpen(schema, { description: 'P', dateCreated: 'x', schemaVersion: '1.0' }) +
      cocoImage(item) +
      COCO_BETWEEN +
      cocoAnnotations(schema, item, rev, () => ++n).join(',') +
      COCO_CLOSE;
    return [{ path: 'c.json', content }];
  }
  if (format === 'voc') return [{ path: 'Annotations/a.xml', content: vocXml(schema, item, rev) }];
  if (format === 'yolo')
    return [
      { path: 'data.yaml', content: yoloDataYaml(schema, ['train']) },
      { path: `labels/train/${item.fileName.replace(/\.[^.]+$/, '')}.txt`, content: yoloLabelFile(schema, item, rev, yolo) },
    ];
  if (format === 'cvat')
    return [{ path: 'annotations.xml', content: cvatOpen(schema, { name: 'P', dateCreated: 'x' }) + cvatImage(schema, item, rev, 0) + CVAT_CLOSE }];
  return [{ path: 'ls.json', content: JSON.stringify([labelStudioTask(schema, item, rev)]) }];
}

const points = (s: Shape): Array<[number, number]> =>
  s.kind === 'box'
    ? [
        [s.x, s.y],
        [s.x + s.w, s.y + s.h],
      ]
    : s.kind === 'polygon'
      ? s.points
      : [];

describe("the peers' files: import → export → import keeps every kept shape within 1e-6 px", () => {
  it.each(CASES)('$name', ({ format, files, yolo }) => {
    const parsed = parseLabels(format, files());
    const schema: LabelSchema = {
      labels: parsed.categories.map((name, k) => ({ id: `l${k}`, name, color: '#123456', tools: ['box', 'polygon'], attributes: [] })),
      classMode: 'multi',
      allowOverlappingSpans: false,
      snapSpansToTokens: false,
    };
    const targets: TargetItem[] = parsed.items.map((it, k) => ({
      itemId: `item-${k}`,
      names: [it.keyKind === 'stem' ? `${it.key}.jpg` : it.key],
      width: it.width ?? YOLO_SIZE.width,
      height: it.height ?? YOLO_SIZE.height,
      text: null,
    }));
    const first = bindImport(parsed, schema, targets);
    expect(first.entries.length).toBeGreaterThan(0);
    let shapes = 0;
    let worst = 0;
    for (const entry of first.entries) {
      const target = targets.find((t) => t.itemId === entry.itemId)!;
      const name = baseName(target.names[0]!);
      const item: ExportItem = { id: entry.itemId, seq: 1, fileName: name, width: target.width, height: target.height, text: null, meta: { fileName: name } };
      const again = bindImport(parseLabels(format, write(format, schema, item, entry.payload, yolo ?? 'detect')), schema, [{ ...target, names: [name] }]);
      const back = again.entries[0]?.payload.shapes ?? [];
      expect(back.map((s) => [s.kind, s.label])).toEqual(entry.payload.shapes.map((s) => [s.kind, s.label]));
      entry.payload.shapes.forEach((s, k) => {
        const a = points(s);
        const b = points(back[k]!);
        expect(b).toHaveLength(a.length);
        a.forEach(([x, y], j) => (worst = Math.max(worst, Math.abs(x - b[j]![0]), Math.abs(y - b[j]![1]))));
        shapes++;
      });
    }
    expect(worst).toBeLessThan(1e-6);
    // The figures for the note's table: kept, left out, and the largest drift.
    console.info(`${format}\tkept ${first.kept}\tleft out ${first.dropped}\tround-tripped ${shapes}\tmax drift ${worst.toExponential(1)} px`);
  });
});
