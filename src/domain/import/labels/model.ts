// What every label importer returns, before anything is matched to the project:
//   items       the annotations per item key (a relative image path, an image path without its
//               extension, a text, or an item id), in the file's own coordinates and category names
//   categories  the category names the file declares or uses (the label schema can be made from them)
//   report      what did not map, by file and line (line null for JSON, whose message says where)
// bind.ts then matches keys to items and names to labels, and accepts annotation by annotation.
export interface ReportLine {
  file: string;
  /** 1-based; null where a line number means nothing (JSON): the message then says where. */
  line: number | null;
  message: string;
}

export type Attrs = Record<string, unknown>;

interface ShapeBase {
  category: string;
  attributes: Attrs;
  /** A crowd or a mask without an outline: kept, and left out of gold scoring. */
  ignore?: true;
  /** Where it came from, for the report. */
  where: string;
  line: number | null;
}
export type ImportedShape =
  (ShapeBase & { kind: 'box'; x: number; y: number; w: number; h: number }) | (ShapeBase & { kind: 'polygon'; points: Array<[number, number]> });

export interface ImportedSpan {
  category: string;
  start: number;
  end: number;
  where: string;
  line: number | null;
}

export type KeyKind =
  /** A relative image path ("train/x.jpg"). */
  | 'path'
  /** A relative image path without its extension (YOLO label files say no more). */
  | 'stem'
  /** The item's exact text. */
  | 'text'
  /** The text, spaces aside: offsets are remapped onto the item's own spacing (CoNLL). */
  | 'spaceless'
  /** A Touchstone item id (our own exports). */
  | 'id';

export interface ImportedItem {
  key: string;
  keyKind: KeyKind;
  /** A second way to find the item (a Touchstone export names both id and text). */
  alsoText?: string;
  file: string;
  line: number | null;
  /** The image size the file states (null when it states none); coordinates are in this frame. */
  width: number | null;
  height: number | null;
  /** "fraction": coordinates are fractions of the image size (YOLO). */
  units: 'px' | 'fraction';
  shapes: ImportedShape[];
  spans: ImportedSpan[];
  /** Spans' offsets: code points (our formats, spaCy) or UTF-16 units (Label Studio, a browser's). */
  spanUnits?: 'codepoint' | 'utf16';
  /** The text the spans' offsets count in, when the file carries it (CoNLL: rebuilt from tokens). */
  text?: string;
  classes: Array<{ category: string; where: string; line: number | null }>;
  /** The file's annotations for this item the parser could not read or represent (reported); an
   * item left with nothing must not read as "nothing here", and gold must be whole. */
  skipped?: number;
}

export interface LabelImport {
  items: ImportedItem[];
  categories: string[];
  report: ReportLine[];
}

export interface ImportFile {
  /** The path inside the upload (folders kept: "labels/train/1.txt"). */
  path: string;
  content: string;
}

export const emptyItem = (key: string, keyKind: KeyKind, file: string, line: number | null): ImportedItem => ({
  key,
  keyKind,
  file,
  line,
  width: null,
  height: null,
  units: 'px',
  shapes: [],
  spans: [],
  classes: [],
});

const annotationCount = (it: ImportedItem) => it.shapes.length + it.spans.length + it.classes.length;

/** Runs `read` for one annotation of the file; when it adds nothing to the item, counts it as skipped. */
export function readOne(it: ImportedItem, read: () => void): void {
  const before = annotationCount(it);
  read();
  if (annotationCount(it) === before) it.skipped = (it.skipped ?? 0) + 1;
}

/** Category names in first-seen order, each once. */
export class Categories {
  private readonly seen = new Set<string>();
  add(name: string): string {
    this.seen.add(name);
    return name;
  }
  list(): string[] {
    return [...this.seen];
  }
}

/** "a/b/../c\\d.jpg" → "a/c/d.jpg": forward slashes, no "." or empty segments, ".." resolved. */
export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

export const dirName = (p: string) => normalizePath(p).split('/').slice(0, -1).join('/');
export const joinPath = (dir: string, rel: string) => normalizePath(dir ? `${dir}/${rel}` : rel);
export const dropExtension = (p: string) => p.replace(/\.[^./]+$/, '');
