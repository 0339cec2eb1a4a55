// Label schemas read from other tools' own files (../shared/fixtures: Datumaro's and Label Studio's
// test assets). Reading fails, not skips, when the folder is absent.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LabelSchema } from '../../../src/domain/api/index.ts';
import { RESERVED_HOTKEYS } from '../../../src/domain/editor/reserved-hotkeys.ts';
import { DatasetSchemaError, labelSchemaFromDataset } from '../../../src/domain/import/label-schema-from-dataset.ts';

const shared = (p: string) => readFileSync(new URL(`../../../../shared/fixtures/${p}`, import.meta.url), 'utf8');
const names = (r: ReturnType<typeof labelSchemaFromDataset>) => r.labelSchema.labels.map((l) => l.name);

describe('label schema from a dataset file', () => {
  it('reads COCO categories (Datumaro coco_instances), with the attributes its annotations carry', () => {
    const r = labelSchemaFromDataset('coco', shared('datumaro/coco_dataset/coco_instances/annotations/instances_val.json'));
    expect(r.kind).toBe('image');
    expect(names(r)).toEqual(['a', 'b', 'c']);
    const a = r.labelSchema.labels[0]!;
    expect(a.tools).toContain('polygon');
    // {"x": 1, "y": "hello"}: a number becomes free text (with a warning), one string a select.
    expect(a.attributes).toEqual([
      { type: 'text', name: 'x', maxLength: 200 },
      { type: 'select', name: 'y', options: ['hello'] },
    ]);
    expect(r.warnings.some((w) => w.includes('"x"'))).toBe(true);
  });

  it('reads YOLO class names: obj.names (Datumaro), classes.txt (Label Studio), and every data.yaml shape', () => {
    expect(names(labelSchemaFromDataset('yolo', shared('datumaro/yolo_dataset/annotations/obj.names')))).toEqual(
      Array.from({ length: 10 }, (_, i) => `label_${i}`),
    );
    expect(names(labelSchemaFromDataset('yolo', shared('label-studio-converter/test_import_yolo_data/classes.txt')))).toEqual([
      'closed_door',
      'opened_door',
      'bus',
      'number',
    ]);
    expect(names(labelSchemaFromDataset('yolo', 'path: ../data\nnames: [cat, "dog", \'bird\']\n'))).toEqual(['cat', 'dog', 'bird']);
    expect(names(labelSchemaFromDataset('yolo', 'train: images/train\nnames:\n  1: dog\n  0: cat\nnc: 2\n'))).toEqual(['cat', 'dog']);
    expect(names(labelSchemaFromDataset('yolo', 'names:\n  - cat\n  - dog\n'))).toEqual(['cat', 'dog']);
  });

  it('reads a VOC labelmap.txt with its colours (background left out), and the object names of VOC annotation XML', () => {
    const labelmap = '# label:color_rgb:parts:actions\nbackground:0,0,0::\naeroplane:128,0,0::\nbicycle:0,128,0::\n';
    const r = labelSchemaFromDataset('voc', labelmap);
    expect(r.labelSchema.labels.map((l) => [l.name, l.color])).toEqual([
      ['aeroplane', '#800000'],
      ['bicycle', '#008000'],
    ]);
    const xml = labelSchemaFromDataset('voc', shared('datumaro/voc_dataset/voc_dataset1/Annotations/2007_000001.xml'));
    expect(names(xml).length).toBeGreaterThan(0);
  });

  it('reads Label Studio labeling configs: rectangles become boxes, polygons polygons, colours kept', () => {
    const rect = labelSchemaFromDataset('labelstudio', shared('label-studio-converter/test_export_yolo/label_config.xml'));
    expect(rect.kind).toBe('image');
    expect(rect.labelSchema.labels.map((l) => [l.name, l.tools, l.color])).toEqual([
      ['parasites', ['box'], '#da01ee'],
      ['white', ['box'], '#00ff00'],
    ]);
    const poly = labelSchemaFromDataset('labelstudio', shared('label-studio-converter/test_export_yolo/label_config_polygons.xml'));
    expect(poly.labelSchema.labels.map((l) => [l.name, l.tools])).toEqual([
      ['Airplane', ['polygon']],
      ['Car', ['polygon']],
    ]);
    const text = labelSchemaFromDataset(
      'labelstudio',
      '<View><Text name="t" value="$text"/><Labels name="l" toName="t"><Label value="PER" background="#ff0000"/></Labels><Choices name="c" toName="t" choice="multiple"><Choice value="Sports"/></Choices></View>',
    );
    expect(text.kind).toBe('text');
    expect(text.labelSchema.classMode).toBe('multi');
    expect(text.labelSchema.labels.map((l) => [l.name, l.tools])).toEqual([
      ['PER', ['span']],
      ['Sports', ['class']],
    ]);
  });

  it('always answers a schema the API accepts: unique ids and names, no editor hotkey, merged case duplicates', () => {
    const r = labelSchemaFromDataset('yolo', 'Cat\ncat\nb\nv\n' + Array.from({ length: 40 }, (_, i) => `class ${i}`).join('\n'));
    expect(LabelSchema.safeParse(r.labelSchema).success).toBe(true);
    expect(names(r).filter((n) => n.toLowerCase() === 'cat')).toHaveLength(1);
    expect(r.labelSchema.labels.some((l) => l.hotkey && RESERVED_HOTKEYS[l.hotkey])).toBe(false);
    expect(r.warnings.some((w) => w.includes('differ only in case'))).toBe(true);
  });

  it('says plainly when a file is not of its format', () => {
    expect(() => labelSchemaFromDataset('coco', 'not json')).toThrow(DatasetSchemaError);
    expect(() => labelSchemaFromDataset('coco', '{"images": []}')).toThrow(/no "categories"/);
    expect(() => labelSchemaFromDataset('labelstudio', '<html/>')).toThrow(/no <View>/);
    expect(() => labelSchemaFromDataset('yolo', '# only a comment\n')).toThrow(/No categories/);
  });
});
