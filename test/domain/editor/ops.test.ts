import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnnotationPayload, Shape, TextSpan } from '../../../src/domain/api/index.ts';
import { applyStep, diffPayload, invertOp, invertStep, type Op } from '../../../src/domain/editor/ops.ts';

// Payloads as sets of distinct ids with arbitrary geometry; a second payload is derived from the
// first by removing, changing and adding items, as real edits do.
const arbShape = (id: string): fc.Arbitrary<Shape> =>
  fc.oneof(
    fc
      .record({
        x: fc.integer({ min: 0, max: 100 }),
        y: fc.integer({ min: 0, max: 100 }),
        w: fc.integer({ min: 1, max: 50 }),
        h: fc.integer({ min: 1, max: 50 }),
      })
      .map((b) => ({ id, kind: 'box' as const, label: 'a', ...b, attributes: {} })),
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), { minLength: 3, maxLength: 6 })
      .map((points) => ({ id, kind: 'polygon' as const, label: 'b', points, attributes: { occluded: true } })),
  );
const arbSpan = (id: string): fc.Arbitrary<TextSpan> =>
  fc.tuple(fc.nat(50), fc.nat(50)).map(([a, b]) => ({ id, label: 'per', start: Math.min(a, b), end: Math.max(a, b) }));

const arbPayload = (prefix: string): fc.Arbitrary<AnnotationPayload> =>
  fc.record({
    shapes: fc.uniqueArray(fc.nat(30), { maxLength: 12 }).chain((ids) => fc.tuple(...ids.map((i) => arbShape(`${prefix}s${i}`)))),
    spans: fc.uniqueArray(fc.nat(30), { maxLength: 6 }).chain((ids) => fc.tuple(...ids.map((i) => arbSpan(`${prefix}t${i}`)))),
    classes: fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }),
  });

/** b from a: keep a random subset in order (some changed), then append new items. */
const arbPair = arbPayload('a').chain((a) =>
  fc
    .record({
      keep: fc.array(fc.boolean(), { minLength: a.shapes.length, maxLength: a.shapes.length }),
      change: fc.array(fc.boolean(), { minLength: a.shapes.length, maxLength: a.shapes.length }),
      keepSpans: fc.array(fc.boolean(), { minLength: a.spans.length, maxLength: a.spans.length }),
      extra: arbPayload('n'),
      classes: fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }),
    })
    .map(({ keep, change, keepSpans, extra, classes }) => {
      const shapes = a.shapes.filter((_, i) => keep[i]).map((s, i) => (change[i] ? { ...s, label: 'changed' } : s));
      const b: AnnotationPayload = { shapes: [...shapes, ...extra.shapes], spans: [...a.spans.filter((_, i) => keepSpans[i]), ...extra.spans], classes };
      return [a, b] as const;
    }),
);

describe('ops', () => {
  it('diffPayload(a, b) applied to a gives b exactly', () => {
    fc.assert(
      fc.property(arbPair, ([a, b]) => {
        expect(applyStep(a, diffPayload(a, b))).toEqual(b);
      }),
    );
  });
  it('undoing a step gives back the payload before it, exactly (order included)', () => {
    fc.assert(
      fc.property(arbPair, ([a, b]) => {
        const step = diffPayload(a, b);
        expect(applyStep(applyStep(a, step), invertStep(step))).toEqual(a);
      }),
    );
  });
  it('inverting an op twice gives the op', () => {
    fc.assert(
      fc.property(arbPair, ([a, b]) => {
        for (const op of diffPayload(a, b)) expect(invertOp(invertOp(op))).toEqual(op);
      }),
    );
  });
  it('no change, no ops; unchanged items keep their identity', () => {
    fc.assert(
      fc.property(arbPayload('a'), (a) => {
        expect(diffPayload(a, { ...a, shapes: [...a.shapes] })).toEqual([]);
      }),
    );
    const s: Shape = { id: 'k', kind: 'box', label: 'a', x: 0, y: 0, w: 5, h: 5, attributes: {} };
    const t: Shape = { ...s, id: 'm' };
    const p: AnnotationPayload = { shapes: [s, t], spans: [], classes: [] };
    const op: Op = { type: 'update', coll: 'shapes', before: t, after: { ...t, x: 3 } };
    const next = applyStep(p, [op]);
    expect(next.shapes[0]).toBe(s);
    expect(next.shapes[1]).toEqual({ ...t, x: 3 });
  });
  it('an add op inserts at its index; a remove deletes by id', () => {
    const s: Shape = { id: 'k', kind: 'box', label: 'a', x: 0, y: 0, w: 5, h: 5, attributes: {} };
    const p: AnnotationPayload = {
      shapes: [
        { ...s, id: 'a' },
        { ...s, id: 'b' },
      ],
      spans: [],
      classes: [],
    };
    const added = applyStep(p, [{ type: 'add', coll: 'shapes', item: s, index: 1 }]);
    expect(added.shapes.map((x) => x.id)).toEqual(['a', 'k', 'b']);
    expect(applyStep(added, [{ type: 'remove', coll: 'shapes', item: s, index: 1 }]).shapes.map((x) => x.id)).toEqual(['a', 'b']);
  });
});
