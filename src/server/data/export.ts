// Export of a project's labels: the format writers (src/domain/export) fed by pages of records
// (export-records.ts). Single-file formats stream as chunks; YOLO and VOC are several files,
// which the HTTP route packs into a tar archive and the CLI writes into a directory.
//
//   format      project   one unit                      revisions used
//   coco        image     coco.json                     latest of the item, or every revision (history=all)
//   yolo        image     data.yaml + labels/*.txt      latest of the item
//   yolo-seg    image     same, polygon lines           latest of the item
//   voc         image     Annotations/*.xml             latest of the item
//   conll       text      .conll                        latest of the item
//   spacy       text      .jsonl                        latest of the item
//   cvat        image     CVAT for images XML 1.1       latest of the item
//   label-studio both     Label Studio JSON tasks       latest of the item
//   touchstone  both      .jsonl, one line a revision   each annotator's latest, or every revision
// "Latest of the item" is the item's FINAL label (export-final.ts): the lead's adjudication, else
// the annotators' majority vote, else the one answer — carried on the newest revision's metadata.
import { inArray } from 'drizzle-orm';
import { versionLabel, type ExportQuery, type LabelSchema } from '../../domain/api/index.ts';
import { currentGuideline } from '../guidelines/guidelines.ts';
import { COCO_BETWEEN, COCO_CLOSE, cocoAnnotations, cocoImage, cocoOpen } from '../../domain/export/coco.ts';
import { conllDocument, countConllLosses } from '../../domain/export/conll.ts';
import { exportImageName, itemSplit, type Split } from '../../domain/export/files.ts';
import { CVAT_CLOSE, cvatImage, cvatOpen } from '../../domain/export/cvat.ts';
import { labelStudioTask } from '../../domain/export/label-studio.ts';
import { spacyLine } from '../../domain/export/spacy.ts';
import { touchstoneLine } from '../../domain/export/touchstone.ts';
import { stem, type ExportFormat } from '../../domain/export/types.ts';
import { vocXml } from '../../domain/export/voc.ts';
import { yoloDataYaml, yoloLabelFile } from '../../domain/export/yolo.ts';
import type { DbOrTx } from '../db/client.ts';
import { assets, type projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { finalRevisions } from './export-final.ts';
import { itemPages, recordPages, type RecordOptions } from './export-records.ts';
import { TAR_END, tarEntry } from './export-tar.ts';

type Project = typeof projects.$inferSelect;
export type ExportOptions = Omit<ExportQuery, 'format' | 'reviewedOnly'> & {
  reviewedOnly?: boolean;
  pageSize?: number;
  /** Called once the last byte is written, with what the format could not hold (CoNLL: overlapping spans dropped). */
  onDone?: (summary: ExportSummary) => void | Promise<void>;
};
export interface ExportSummary {
  /** Spans the format could not write (CoNLL BIO: a span overlapping an earlier one). */
  spansLost: number;
}
export interface ExportFile {
  path: string;
  data: Buffer | string;
}

const IMAGE_FORMATS: ExportFormat[] = ['coco', 'yolo', 'yolo-seg', 'voc', 'cvat', 'label-studio', 'touchstone'];
const TEXT_FORMATS: ExportFormat[] = ['conll', 'spacy', 'label-studio', 'touchstone'];
export const isMultiFile = (f: ExportFormat) => f === 'yolo' || f === 'yolo-seg' || f === 'voc';

export function checkFormat(project: Project, format: ExportFormat): void {
  const allowed = project.kind === 'image' ? IMAGE_FORMATS : TEXT_FORMATS;
  if (!allowed.includes(format))
    throw new HttpError('bad_request', `A ${project.kind} project exports as ${allowed.join(', ')}; "${format}" is for the other kind.`);
}

/** The download's file name: the project's name made safe, the format, the date. */
export function exportFileName(project: Project, format: ExportFormat, now: Date): string {
  const safe =
    project.name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'project';
  const ext = isMultiFile(format)
    ? 'tar'
    : format === 'coco' || format === 'label-studio'
      ? 'json'
      : format === 'cvat'
        ? 'xml'
        : format === 'conll'
          ? 'conll'
          : 'jsonl';
  return `${safe}-${format}-${now.toISOString().slice(0, 10)}.${ext}`;
}

/**
 * The version of the label schema an export's labels are in: the project's current guideline
 * version (schema changes are published with it), named in the file where the format has a place
 * (COCO info.version, CVAT meta, YOLO data.yaml, Touchstone lines) and in a response header.
 */
export async function exportSchemaVersion(db: DbOrTx, projectId: string): Promise<string> {
  const current = await currentGuideline(db, projectId);
  return current ? versionLabel(current.major, current.minor) : '1.0';
}

/** Final labels are read in the current schema; the full history as each revision was made, unless asked. */
const mapsToCurrent = (o: ExportOptions) => o.mapToCurrent ?? o.history === 'latest';

const recordOpts = (o: ExportOptions, asOf: Date, schema: LabelSchema): RecordOptions => ({
  ...(mapsToCurrent(o) ? { mapTo: schema } : {}),
  history: o.history,
  holdEscalated: o.holdEscalated,
  onlyAnnotated: o.onlyAnnotated,
  reviewedOnly: o.reviewedOnly ?? false,
  asOf,
  ...(o.pageSize ? { pageSize: o.pageSize } : {}),
});

/** Strings gathered into buffers of ~64 KiB: fewer, larger writes to the socket or file. */
async function* batched(parts: AsyncIterable<string | Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  for await (const p of parts) {
    const b = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    pending.push(b);
    size += b.length;
    if (size >= 65_536) {
      yield Buffer.concat(pending);
      pending = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(pending);
}

/** A single-file format as a stream of buffers. */
export function exportChunks(db: DbOrTx, project: Project, format: ExportFormat, opts: ExportOptions, now: Date): AsyncGenerator<Buffer> {
  checkFormat(project, format);
  if (isMultiFile(format)) return batched(tarOf(exportFiles(db, project, format, opts, now), now));
  return batched(singleFile(db, project, format, opts, now));
}

async function* singleFile(db: DbOrTx, project: Project, format: ExportFormat, opts: ExportOptions, now: Date): AsyncGenerator<string> {
  const schema = project.labelSchema;
  const ro = recordOpts(opts, now, schema);
  const schemaVersion = await exportSchemaVersion(db, project.id);
  if (format === 'coco') {
    yield cocoOpen(schema, { description: project.name, dateCreated: now.toISOString(), schemaVersion });
    let first = true;
    for await (const page of itemPages(db, project.id, ro)) {
      for (const item of page) {
        yield (first ? '' : ',') + cocoImage(item);
        first = false;
      }
    }
    yield COCO_BETWEEN;
    let n = 0;
    const nextId = () => ++n;
    first = true;
    for await (const page of recordPages(db, project.id, ro)) {
      const final = opts.history === 'all' ? new Map() : await finalRevisions(db, project.id, project.goldIouThreshold, page);
      for (const r of page) {
        for (const rev of opts.history === 'all' ? r.revisions : [final.get(r.item.id)].filter((x) => x !== undefined)) {
          const anns = cocoAnnotations(schema, r.item, rev, nextId);
          if (anns.length === 0) continue;
          yield (first ? '' : ',') + anns.join(',');
          first = false;
        }
      }
    }
    yield COCO_CLOSE;
    await opts.onDone?.({ spansLost: 0 });
    return;
  }
  let spansLost = 0;
  let n = 0;
  if (format === 'cvat') yield cvatOpen(schema, { name: project.name, dateCreated: now.toISOString(), schemaVersion });
  if (format === 'label-studio') yield '[';
  for await (const page of recordPages(db, project.id, ro)) {
    const final = format === 'touchstone' ? new Map<string, undefined>() : await finalRevisions(db, project.id, project.goldIouThreshold, page);
    for (const r of page) {
      if (format === 'touchstone') for (const rev of r.revisions) yield touchstoneLine(r.item, rev);
      else if (format === 'spacy') yield spacyLine(schema, r.item, final.get(r.item.id));
      else if (format === 'cvat') yield cvatImage(schema, r.item, final.get(r.item.id), n++);
      else if (format === 'label-studio') yield `${n++ === 0 ? '\n' : ',\n'}${JSON.stringify(labelStudioTask(schema, r.item, final.get(r.item.id)))}`;
      else if (format === 'conll') {
        const spans = final.get(r.item.id)?.payload.spans ?? [];
        spansLost += countConllLosses(r.item.text ?? '', spans);
        yield conllDocument(r.item.text ?? '', spans);
      }
    }
  }
  if (format === 'cvat') yield CVAT_CLOSE;
  if (format === 'label-studio') yield '\n]\n';
  await opts.onDone?.({ spansLost });
}

/**
 * The files of a multi-file format, one at a time. Items go in their split's folder (itemSplit:
 * meta.split, else a train/val/test folder in their path); data.yaml (YOLO) comes last, once the
 * splits are known. Images are named by the bytes packed, else by the item's own extension.
 */
export async function* exportFiles(db: DbOrTx, project: Project, format: ExportFormat, opts: ExportOptions, now: Date): AsyncGenerator<ExportFile> {
  checkFormat(project, format);
  const schema = project.labelSchema;
  // Two items may share a file name (from different folders): the later gets "-<seq>".
  const used = new Set<string>();
  const stems = new Map<Split, string[]>();
  const schemaVersion = await exportSchemaVersion(db, project.id);
  for await (const page of recordPages(db, project.id, recordOpts(opts, now, schema))) {
    const bytes = opts.images
      ? await imageBytes(
          db,
          page.map((r) => r.assetId).filter((a): a is string => a !== null),
        )
      : new Map();
    const final = await finalRevisions(db, project.id, project.goldIouThreshold, page);
    for (const r of page) {
      const split = itemSplit(r.item);
      let s =
        stem(r.item.fileName)
          .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
          .slice(0, 80) || r.item.id;
      // YOLO keeps a folder per split; VOC is one flat Annotations folder.
      const key = (x: string) => (format === 'voc' ? x : `${split}/${x}`);
      if (used.has(key(s))) s = `${s}-${r.item.seq}`;
      used.add(key(s));
      stems.set(split, [...(stems.get(split) ?? []), s]);
      const rev = final.get(r.item.id);
      const img = r.assetId ? bytes.get(r.assetId) : undefined;
      const imageName = exportImageName(s, r.item.fileName, img?.contentType);
      if (format === 'voc') yield { path: `Annotations/${s}.xml`, data: vocXml(schema, { ...r.item, fileName: imageName }, rev) };
      else yield { path: `labels/${split}/${s}.txt`, data: yoloLabelFile(schema, r.item, rev, format === 'yolo-seg' ? 'segment' : 'detect') };
      if (img) yield { path: format === 'voc' ? `JPEGImages/${imageName}` : `images/${split}/${imageName}`, data: img.bytes };
    }
  }
  const listing = (names: string[]) => (names.length ? `${names.join('\n')}\n` : '');
  if (format === 'voc') {
    yield { path: 'ImageSets/Main/default.txt', data: listing([...stems.values()].flat()) };
    if (stems.size > 1) for (const [split, names] of stems) yield { path: `ImageSets/Main/${split}.txt`, data: listing(names) };
    yield { path: 'labelmap.txt', data: `# label:color_rgb:parts:actions\n${schema.labels.map((l) => `${l.name}:${hexToRgb(l.color)}::`).join('\n')}\n` };
  } else yield { path: 'data.yaml', data: yoloDataYaml(schema, [...stems.keys()], schemaVersion) };
  await opts.onDone?.({ spansLost: 0 });
}

const hexToRgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',');

async function imageBytes(db: DbOrTx, ids: string[]): Promise<Map<string, { bytes: Buffer; contentType: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: assets.id, bytes: assets.bytes, contentType: assets.contentType }).from(assets).where(inArray(assets.id, ids));
  return new Map(rows.map((r) => [r.id, { bytes: r.bytes, contentType: r.contentType }]));
}

async function* tarOf(files: AsyncIterable<ExportFile>, now: Date): AsyncGenerator<Buffer> {
  for await (const f of files) yield* tarEntry(f.path, f.data, now.getTime());
  yield TAR_END;
}
