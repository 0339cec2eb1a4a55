import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from '../../../src/domain/metrics/agreement.ts';
import { NO_SHAPE, NO_SPAN, shapeUnitRatings, spanUnitRatings, unitAgreement } from '../../../src/domain/metrics/unit-agreement.ts';

const box = (id: string, label: string, x: number, y = 0, w = 10, h = 10) => ({ id, label, kind: 'box' as const, x, y, w, h, attributes: {} });
const span = (id: string, label: string, start: number, end: number) => ({ id, label, start, end });

describe('shape units', () => {
  it('matches shapes across annotators and labels; a shape nobody else drew is rated NO_SHAPE by the others', () => {
    const ratings = shapeUnitRatings(
      [
        {
          item: 'i1',
          answers: [
            { annotator: 'a', shapes: [box('1', 'car', 0)] },
            { annotator: 'b', shapes: [box('1', 'car', 1)] },
            { annotator: 'c', shapes: [box('1', 'truck', 0), box('2', 'person', 100)] },
          ],
        },
        // Single annotator: not overlapped, no units.
        { item: 'i2', answers: [{ annotator: 'a', shapes: [box('1', 'car', 0)] }] },
        // Nobody drew anything: no units (nothing to disagree about).
        {
          item: 'i3',
          answers: [
            { annotator: 'a', shapes: [] },
            { annotator: 'b', shapes: [] },
          ],
        },
      ],
      0.5,
    );
    const units = new Map<string, string[]>();
    for (const r of ratings) units.set(r.item, [...(units.get(r.item) ?? []), `${r.rater}=${r.label}`]);
    expect([...units.values()].map((u) => u.sort().join(' ')).sort()).toEqual(['a=(no shape) b=(no shape) c=person', 'a=car b=car c=truck']);
    const ag = unitAgreement(ratings, NO_SHAPE, { minItems: 1 });
    expect(ag.confused).toEqual([
      { a: '(no shape)', b: 'person', count: 2, items: 1 },
      { a: 'car', b: 'truck', count: 2, items: 1 },
    ]);
    expect(ag.perLabel.map((p) => p.label)).toEqual(['car', 'person', 'truck']);
    // One real item: 2 units × 3 rater pairs, 2 + 2 of them disagree.
    expect(ag.items).toHaveLength(1);
    expect(ag.items[0]).toMatchObject({ item: 'i1', raters: 3, pairs: 6, disagreeingPairs: 4 });
    expect(ag.items[0]!.share).toBeCloseTo(4 / 6, 12);
  });

  it('per-label alpha equals the hand-computed value (10 objects, 2 relabelled)', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      item: `i${i}`,
      answers: [
        { annotator: 'a', shapes: [box('s', 'car', 0)] },
        { annotator: 'b', shapes: [box('s', i < 2 ? 'truck' : 'car', 0)] },
      ],
    }));
    const car = unitAgreement(shapeUnitRatings(items, 0.5), NO_SHAPE).perLabel.find((p) => p.label === 'car')!;
    // car vs rest: n = 20 values, 18 car; two units split → Σ 2x(m−x)/(m−1) = 4; α = 1 − (n−1)·4 / (2·18·2).
    expect(car.alpha.items).toBe(10);
    expect(car.alpha.value).toBeCloseTo(1 - (19 * 4) / 72, 12);
  });

  it('a missed object is a disagreement, not a missing rating', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      item: `i${i}`,
      answers: [
        { annotator: 'a', shapes: [box('s', 'car', 0), box('t', 'car', 50)] },
        { annotator: 'b', shapes: i === 0 ? [box('s', 'car', 0)] : [box('s', 'car', 0), box('t', 'car', 50)] },
      ],
    }));
    const ratings = shapeUnitRatings(items, 0.5);
    expect(ratings.filter((r) => r.label === NO_SHAPE)).toEqual([expect.objectContaining({ rater: 'b' })]);
    const car = unitAgreement(ratings, NO_SHAPE).perLabel.find((p) => p.label === 'car')!;
    expect(car.alpha.items).toBe(20);
    expect(car.alpha.value).toBeLessThan(1);
  });
});

describe('span units', () => {
  it('matches identical offsets across labels; other offsets are separate units', () => {
    const ratings = spanUnitRatings([
      {
        item: 'd1',
        answers: [
          { annotator: 'a', shapes: [span('1', 'person', 0, 5), span('2', 'org', 10, 15)] },
          { annotator: 'b', shapes: [span('1', 'org', 0, 5), span('2', 'org', 10, 14)] },
        ],
      },
    ]);
    const ag = unitAgreement(ratings, NO_SPAN, { minItems: 1 });
    expect(ag.confused).toEqual([
      { a: '(no span)', b: 'org', count: 2, items: 2 },
      { a: 'org', b: 'person', count: 1, items: 1 },
    ]);
    expect(ag.perLabel.map((p) => p.label)).toEqual(['org', 'person']);
  });
});

// Random boxes on a coarse grid (so overlaps and exact ties in IoU happen), unique ids per annotator.
const boxes = fc.array(
  fc.record({
    label: fc.constantFrom('car', 'bus', 'dog'),
    x: fc.integer({ min: 0, max: 6 }),
    y: fc.integer({ min: 0, max: 2 }),
    w: fc.integer({ min: 1, max: 4 }),
  }),
  { maxLength: 5 },
);
const toBoxes = (bs: { label: string; x: number; y: number; w: number }[]) => bs.map((b, i) => box(`s${i}`, b.label, b.x * 5, b.y * 5, b.w * 5, 10));
const spans = fc.array(fc.record({ label: fc.constantFrom('per', 'org'), start: fc.integer({ min: 0, max: 5 }), len: fc.integer({ min: 1, max: 3 }) }), {
  maxLength: 4,
});
const toSpans = (ss: { label: string; start: number; len: number }[]) => ss.map((s, i) => span(`t${i}`, s.label, s.start, s.start + s.len));

const summary = (ag: ReturnType<typeof unitAgreement>) => ({
  perLabel: ag.perLabel.map((p) => [p.label, p.ratings, p.alpha.value === null ? null : Number(p.alpha.value.toFixed(10)), p.alpha.items]),
  confused: ag.confused,
  items: ag.items.map((i) => [i.item, i.pairs, i.disagreeingPairs]),
});

describe('unit agreement properties', () => {
  it('identical annotators agree perfectly: every per-label alpha is 1 (or undefined: no variation), nothing confused', () => {
    fc.assert(
      fc.property(fc.array(boxes, { minLength: 1, maxLength: 8 }), fc.integer({ min: 2, max: 4 }), (perItem, k) => {
        const items = perItem.map((bs, i) => ({ item: `i${i}`, answers: Array.from({ length: k }, (_, a) => ({ annotator: `r${a}`, shapes: toBoxes(bs) })) }));
        const ratings = shapeUnitRatings(items, 0.5);
        const ag = unitAgreement(ratings, NO_SHAPE, { minItems: 1 });
        for (const p of ag.perLabel)
          expect(p.alpha.value === null ? p.alpha.reason : p.alpha.value).toSatisfy(
            (v: unknown) => v === 'no variation' || Math.abs((v as number) - 1) < 1e-12,
          );
        expect(ag.confused).toEqual([]);
        expect(ag.items.every((i) => i.disagreeingPairs === 0)).toBe(true);
        const overall = krippendorffAlpha(ratings, { minItems: 1 });
        if (overall.value !== null) expect(overall.value).toBeCloseTo(1, 12);
      }),
      { numRuns: 200 },
    );
  });

  it('identical annotators on spans agree perfectly', () => {
    fc.assert(
      fc.property(fc.array(spans, { minLength: 1, maxLength: 8 }), (perItem) => {
        const items = perItem.map((ss, i) => ({ item: `d${i}`, answers: ['x', 'y', 'z'].map((annotator) => ({ annotator, shapes: toSpans(ss) })) }));
        const ag = unitAgreement(spanUnitRatings(items), NO_SPAN, { minItems: 1 });
        for (const p of ag.perLabel) if (p.alpha.value !== null) expect(p.alpha.value).toBeCloseTo(1, 12);
        expect(ag.confused).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of annotators or of their shapes (shapes and spans)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(boxes, boxes, boxes, spans, spans), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
        (perItem, noise) => {
          let n = 0;
          // A permutation driven by the generated numbers (sort by a key; stable for equal keys).
          const shuffle = <T>(xs: readonly T[]): T[] =>
            xs
              .map((x) => ({ x, k: noise[n++ % noise.length]! }))
              .sort((a, b) => a.k - b.k)
              .map((e) => e.x);
          const shapeItems = perItem.map(([a, b, c], i) => ({
            item: `i${i}`,
            answers: [
              ['a', a],
              ['b', b],
              ['c', c],
            ].map(([annotator, bs]) => ({ annotator: annotator as string, shapes: toBoxes(bs as typeof a) })),
          }));
          const spanItems = perItem.map(([, , , s, t], i) => ({
            item: `d${i}`,
            answers: [
              { annotator: 'a', shapes: toSpans(s) },
              { annotator: 'b', shapes: toSpans(t) },
            ],
          }));
          const permuted = <S>(items: { item: string; answers: { annotator: string; shapes: S[] }[] }[]) =>
            shuffle(items).map((it) => ({ item: it.item, answers: shuffle(it.answers).map((a) => ({ annotator: a.annotator, shapes: shuffle(a.shapes) })) }));
          expect(summary(unitAgreement(shapeUnitRatings(permuted(shapeItems), 0.5), NO_SHAPE, { minItems: 1 }))).toEqual(
            summary(unitAgreement(shapeUnitRatings(shapeItems, 0.5), NO_SHAPE, { minItems: 1 })),
          );
          expect(summary(unitAgreement(spanUnitRatings(permuted(spanItems)), NO_SPAN, { minItems: 1 }))).toEqual(
            summary(unitAgreement(spanUnitRatings(spanItems), NO_SPAN, { minItems: 1 })),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
