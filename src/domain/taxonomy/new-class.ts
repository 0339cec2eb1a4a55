// A new class's id and colour, made from its name: for classes a file brings (the schema from a
// dataset) and classes an author adds, merges into or splits out (the label changes panel).
import { PALETTE } from '../projects/palette.ts';

/** The name as a label id's base: lower-case ASCII letters, digits, "-" and "_". */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 40);
}

/** An id for a class called `name` that none of `taken` has (retired ids count: they are never reused). */
export function newClassId(name: string, taken: ReadonlySet<string>, fallback = 'label'): string {
  let base = slug(name) || fallback;
  if (!/^[a-z0-9]/.test(base)) base = `l${base}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** The first palette colour none of `used` has; when all are used, the palette again from `offset`. */
export function freeColour(used: readonly string[], offset = 0): string {
  const taken = new Set(used.map((c) => c.toLowerCase()));
  return PALETTE.find((c) => !taken.has(c)) ?? PALETTE[offset % PALETTE.length]!;
}
