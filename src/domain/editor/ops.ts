// Edits to an annotation as invertible operations (the tldraw/excalidraw way): history stores
// what changed, not snapshots, so undo is exact and cheap with thousands of shapes. A step is a
// list of ops applied in order and undone in reverse.
import type { AnnotationPayload, Shape, TextSpan } from '../api/annotation.ts';

export type Collection = 'shapes' | 'spans';
type ItemOf<C extends Collection> = C extends 'shapes' ? Shape : TextSpan;

export type Op =
  | { readonly type: 'add'; readonly coll: 'shapes'; readonly item: Shape; readonly index: number }
  | { readonly type: 'add'; readonly coll: 'spans'; readonly item: TextSpan; readonly index: number }
  | { readonly type: 'remove'; readonly coll: 'shapes'; readonly item: Shape; readonly index: number }
  | { readonly type: 'remove'; readonly coll: 'spans'; readonly item: TextSpan; readonly index: number }
  | { readonly type: 'update'; readonly coll: 'shapes'; readonly before: Shape; readonly after: Shape }
  | { readonly type: 'update'; readonly coll: 'spans'; readonly before: TextSpan; readonly after: TextSpan }
  | { readonly type: 'setClasses'; readonly before: readonly string[]; readonly after: readonly string[] };

/** The op that undoes `op`. invert(invert(op)) equals op. */
export function invertOp(op: Op): Op {
  switch (op.type) {
    case 'add':
      return { ...op, type: 'remove' } as Op;
    case 'remove':
      return { ...op, type: 'add' } as Op;
    case 'update':
      return { ...op, before: op.after, after: op.before } as Op;
    case 'setClasses':
      return { type: 'setClasses', before: op.after, after: op.before };
  }
}

export function invertStep(ops: readonly Op[]): Op[] {
  return ops.map(invertOp).reverse();
}

function withColl<C extends Collection>(p: AnnotationPayload, coll: C, items: ItemOf<C>[]): AnnotationPayload {
  return coll === 'shapes' ? { ...p, shapes: items as Shape[] } : { ...p, spans: items as TextSpan[] };
}

/** Applies one op; unchanged items keep their identity, so views can skip them. */
export function applyOp(p: AnnotationPayload, op: Op): AnnotationPayload {
  if (op.type === 'setClasses') return { ...p, classes: [...op.after] };
  const list = p[op.coll] as ReadonlyArray<Shape | TextSpan>;
  if (op.type === 'add') {
    const next = [...list];
    next.splice(Math.min(Math.max(op.index, 0), next.length), 0, op.item);
    return withColl(p, op.coll, next as never);
  }
  if (op.type === 'remove') {
    const id = op.item.id;
    return withColl(p, op.coll, list.filter((s) => s.id !== id) as never);
  }
  const id = op.before.id;
  return withColl(p, op.coll, list.map((s) => (s.id === id ? op.after : s)) as never);
}

export function applyStep(p: AnnotationPayload, ops: readonly Op[]): AnnotationPayload {
  return ops.reduce(applyOp, p);
}

function diffColl<C extends Collection>(coll: C, a: readonly ItemOf<C>[], b: readonly ItemOf<C>[]): Op[] {
  if (a === b) return [];
  const ops: Op[] = [];
  const inB = new Map(b.map((s) => [s.id, s] as const));
  const inA = new Map(a.map((s) => [s.id, s] as const));
  // Removals are recorded from the end backwards: undo replays them reversed, i.e. re-inserting
  // in ascending index order, which puts every item back exactly where it was.
  for (let index = a.length - 1; index >= 0; index--) {
    const s = a[index] as ItemOf<C>;
    if (!inB.has(s.id)) ops.push({ type: 'remove', coll, item: s, index } as Op);
  }
  b.forEach((s, index) => {
    const old = inA.get(s.id);
    if (!old) ops.push({ type: 'add', coll, item: s, index } as Op);
    else if (old !== s && JSON.stringify(old) !== JSON.stringify(s)) ops.push({ type: 'update', coll, before: old, after: s } as Op);
  });
  return ops;
}

/**
 * The ops that turn `a` into `b`, for callers that edit by producing a new payload (the text
 * tagger). Items are matched by id; reordering alone is not recorded.
 */
export function diffPayload(a: AnnotationPayload, b: AnnotationPayload): Op[] {
  const ops = [...diffColl('shapes', a.shapes, b.shapes), ...diffColl('spans', a.spans, b.spans)];
  if (a.classes !== b.classes && (a.classes.length !== b.classes.length || a.classes.some((c, i) => c !== b.classes[i])))
    ops.push({ type: 'setClasses', before: a.classes, after: b.classes });
  return ops;
}
