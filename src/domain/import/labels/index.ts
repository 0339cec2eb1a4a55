// One entry point for the label importers: the format's parser by name, and readLabelImport, the
// whole pure step (parse, then bind to the project's items and labels). Its input and output are
// plain data (structured-clonable) and it does no IO: it can run on a worker thread as it is.
import type { LabelSchema } from '../../api/labels.ts';
import { parseCoco } from './coco.ts';
import { parseCvat } from './cvat.ts';
import { parseLabelStudio } from './label-studio.ts';
import { parseLabelMe } from './labelme.ts';
import { bindImport, type BoundImport } from './bind.ts';
import type { TargetItem } from './match-items.ts';
import type { ImportFile, LabelImport } from './model.ts';
import { parseConllFiles, parseSpacyFiles, parseTouchstoneFiles } from './text-formats.ts';
import { parseVoc } from './voc.ts';
import { parseYolo } from './yolo.ts';

export const LABEL_IMPORT_FORMATS = ['coco', 'yolo', 'voc', 'cvat', 'label-studio', 'labelme', 'conll', 'spacy', 'touchstone'] as const;
export type LabelImportFormat = (typeof LABEL_IMPORT_FORMATS)[number];

/** Formats for image projects, for text projects, or both (Label Studio and Touchstone carry either). */
export const IMPORT_FORMAT_KIND: Record<LabelImportFormat, 'image' | 'text' | 'both'> = {
  coco: 'image',
  yolo: 'image',
  voc: 'image',
  cvat: 'image',
  'label-studio': 'both',
  labelme: 'image',
  conll: 'text',
  spacy: 'text',
  touchstone: 'both',
};

const PARSERS: Record<LabelImportFormat, (files: readonly ImportFile[]) => LabelImport> = {
  coco: parseCoco,
  yolo: parseYolo,
  voc: parseVoc,
  cvat: parseCvat,
  'label-studio': parseLabelStudio,
  labelme: parseLabelMe,
  conll: parseConllFiles,
  spacy: parseSpacyFiles,
  touchstone: parseTouchstoneFiles,
};

export const parseLabels = (format: LabelImportFormat, files: readonly ImportFile[]): LabelImport => PARSERS[format](files);

/** Parse the files and bind them to the items: the CPU-heavy part of a label import, pure and synchronous. */
export function readLabelImport(
  format: LabelImportFormat,
  files: readonly ImportFile[],
  schema: LabelSchema,
  items: readonly TargetItem[],
  options: { categoryMap?: Record<string, string> } = {},
): BoundImport & { categories: string[] } {
  const parsed = parseLabels(format, files);
  return { ...bindImport(parsed, schema, items, options), categories: parsed.categories };
}
