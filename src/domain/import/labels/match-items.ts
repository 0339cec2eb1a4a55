// Finds the project item an imported key names. Image keys are relative paths, matched by path,
// not by base name: "train/x.jpg" and "val/x.jpg" are two items.
//   1. the whole path (case aside)
//   2. the longest common tail of folders: "data/train/x.jpg" finds the item imported as "train/x.jpg"
//      and "train/x.jpg" the item "batch1/train/x.jpg" — when exactly one item has that tail
//   3. nothing, or a sentence saying which items it could be
// Text keys: the exact text, the text spaces aside, or an item id.
import type { KeyKind } from './model.ts';
import { dropExtension, normalizePath } from './model.ts';

export interface TargetItem {
  itemId: string;
  /** Relative paths the item is known by (meta.source, meta.fileName). */
  names: string[];
  width: number | null;
  height: number | null;
  text: string | null;
  /** The file's own frame when its EXIF orientation rotated it on upload. */
  exif?: { orientation: number; width: number; height: number } | undefined;
}

export type Found = { item: TargetItem } | { problem: string };

const fold = (p: string) => normalizePath(p).toLowerCase();

export function itemMatcher(items: readonly TargetItem[], spaceless: (t: string) => string) {
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const byText = new Map<string, TargetItem[]>();
  const bySpaceless = new Map<string, TargetItem[]>();
  // Index by every tail of every name: "a/b/c.jpg" under "c.jpg", "b/c.jpg", "a/b/c.jpg".
  const byTail = { path: new Map<string, Set<TargetItem>>(), stem: new Map<string, Set<TargetItem>>() };
  const push = <K>(m: Map<K, TargetItem[]>, k: K, it: TargetItem) => m.set(k, [...(m.get(k) ?? []), it]);
  for (const it of items) {
    if (it.text !== null) {
      push(byText, it.text, it);
      push(bySpaceless, spaceless(it.text), it);
    }
    for (const name of it.names) {
      for (const [kind, full] of [
        ['path', fold(name)],
        ['stem', dropExtension(fold(name))],
      ] as const) {
        const segs = full.split('/');
        for (let k = 0; k < segs.length; k++) {
          const tail = segs.slice(k).join('/');
          const set = byTail[kind].get(tail) ?? new Set<TargetItem>();
          set.add(it);
          byTail[kind].set(tail, set);
        }
      }
    }
  }

  const one = (hits: readonly TargetItem[] | undefined, what: string): Found => {
    if (!hits || hits.length === 0) return { problem: `no item of this project is ${what}` };
    if (hits.length > 1) return { problem: `${hits.length} items of this project are ${what}; name the item by a longer path` };
    return { item: hits[0] as TargetItem };
  };

  return (key: string, kind: KeyKind): Found => {
    if (kind === 'id') return one(byId.has(key) ? [byId.get(key) as TargetItem] : [], `the item with id ${key}`);
    if (kind === 'text') return one(byText.get(key), 'a text exactly like this one');
    if (kind === 'spaceless') return one(bySpaceless.get(spaceless(key)), 'a text with these tokens');
    const m = byTail[kind];
    const segs = (kind === 'stem' ? dropExtension(fold(key)) : fold(key)).split('/');
    // The longest tail of the key that some item's name ends with decides; shorter tails only
    // when no item has a longer one (so "val/x.jpg" never falls back to any "x.jpg").
    for (let k = 0; k < segs.length; k++) {
      const hits = m.get(segs.slice(k).join('/'));
      if (!hits || hits.size === 0) continue;
      // A name longer than the key's tail must still end with it; a hit on a shorter tail of the
      // key is only taken when the key's leading folders are not in any item's name.
      if (k > 0 && [...hits].some((it) => it.names.some((n) => fold(n).split('/').length > segs.length - k))) continue;
      return one([...hits], `named "${key}"`);
    }
    return { problem: `no item of this project is named "${key}"` };
  };
}
