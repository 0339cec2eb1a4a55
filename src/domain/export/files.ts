// How an exported archive names and groups an item's files.
//   split: the item's meta.split, else a train/val/test folder in the path it was imported as, else "train"
//   image name: the bytes the archive carries decide the extension; without them, the item's own
//               file name does (a PNG stays .png, a WebP .webp), so the names match the user's files.
import type { ExportItem } from './types.ts';

export const SPLITS = ['train', 'val', 'test'] as const;
export type Split = (typeof SPLITS)[number];

const FOLDER_SPLIT: Array<[RegExp, Split]> = [
  [/^train(ing)?(\d{4})?$/i, 'train'],
  [/^(val|valid|validation)(\d{4})?$/i, 'val'],
  [/^test(ing)?(\d{4})?$/i, 'test'],
];

function splitOf(name: string): Split | undefined {
  for (const [re, split] of FOLDER_SPLIT) if (re.test(name)) return split;
  return undefined;
}

export function itemSplit(item: Pick<ExportItem, 'fileName' | 'meta'>): Split {
  const meta = item.meta.split;
  if (typeof meta === 'string' && splitOf(meta)) return splitOf(meta) as Split;
  // The nearest folder naming a split wins ("data/train/val/x.jpg" is val).
  const folders = item.fileName.split(/[\\/]/).slice(0, -1).reverse();
  for (const f of folders) {
    const s = splitOf(f);
    if (s) return s;
  }
  return 'train';
}

const STORED_EXT: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp' };
const EXT_TYPE: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };

/** The image's name in an archive: `stem` plus the right extension. */
export function exportImageName(stem: string, fileName: string, storedType: string | undefined): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  const own = dot > 0 ? base.slice(dot) : '';
  if (storedType) return `${stem}${EXT_TYPE[own.toLowerCase()] === storedType ? own : (STORED_EXT[storedType] ?? '.jpg')}`;
  return `${stem}${own || '.jpg'}`;
}
