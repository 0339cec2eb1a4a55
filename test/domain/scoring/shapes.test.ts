import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxIoU } from '../../../src/domain/geometry/box.ts';
import { shapeIoU } from '../../../src/domain/geometry/iou.ts';
import { hungarian } from '../../../src/domain/scoring/hungarian.ts';
import { matchShapes, scoreShapes, type MatchableShape } from '../../../src/domain/scoring/shapes.ts';

type P = [number, number];
const box = (id: string, label: string, x: number, y: number, w: number, h: number): MatchableShape => ({ id, label, kind: 'box', x, y, w, h });
const t05 = { iouThreshold: 0.5 };

describe('matchShapes, fixed cases', () => {
  const truth = [box('t1', 'car', 0, 0, 10, 10), box('t2', 'car', 50, 0, 10, 10), box('t3', 'person', 0, 50, 5, 10)];
  it('an answer equal to the truth scores 1', () => {
    const r = matchShapes(truth, truth, t05);
    expect(r).toMatchObject({ precision: 1, recall: 1, f1: 1, meanIoU: 1, unmatchedTruth: [], unmatchedAnswer: [], confusions: [] });
    expect(r.matches).toEqual([
      { truthId: 't1', answerId: 't1', label: 'car', iou: 1 },
      { truthId: 't2', answerId: 't2', label: 'car', iou: 1 },
      { truthId: 't3', answerId: 't3', label: 'person', iou: 1 },
    ]);
  });
  it('conventions for empty sides: both empty is perfect, one empty is a total miss', () => {
    expect(matchShapes([], [], t05)).toMatchObject({ precision: 1, recall: 1, f1: 1, meanIoU: 1, matches: [] });
    expect(matchShapes(truth, [], t05)).toMatchObject({ precision: 0, recall: 0, f1: 0, meanIoU: 0, unmatchedTruth: ['t1', 't2', 't3'] });
    expect(matchShapes([], truth, t05)).toMatchObject({ precision: 0, recall: 0, f1: 0, meanIoU: 0, unmatchedAnswer: ['t1', 't2', 't3'] });
  });
  it('counts a pair exactly at the threshold, not below it', () => {
    const a = [box('a', 'car', 0, 0, 10, 5)]; // IoU 50 / 100 = 0.5 with t1
    expect(matchShapes(truth.slice(0, 1), a, { iouThreshold: 0.5 }).matches).toHaveLength(1);
    expect(matchShapes(truth.slice(0, 1), a, { iouThreshold: 0.5000001 }).matches).toHaveLength(0);
  });
  it('a box at the threshold against the same box as a polygon still counts (rounding slack)', () => {
    const p: MatchableShape = {
      id: 'a',
      label: 'car',
      kind: 'polygon',
      points: [
        [0, 0],
        [10, 0],
        [10, 5],
        [0, 5],
      ],
    };
    expect(matchShapes(truth.slice(0, 1), [p], t05).matches).toEqual([{ truthId: 't1', answerId: 'a', label: 'car', iou: 0.5 }]);
  });
  it('never matches across labels, and reports the overlap as a confusion', () => {
    const answer = [box('a1', 'truck', 0, 0, 10, 9), box('a2', 'car', 50, 0, 10, 10), box('a3', 'car', 0, 50, 5, 10)];
    const r = matchShapes(truth, answer, t05);
    expect(r.matches.map((m) => [m.truthId, m.answerId])).toEqual([['t2', 'a2']]);
    expect(r.unmatchedTruth).toEqual(['t1', 't3']);
    expect(r.unmatchedAnswer).toEqual(['a1', 'a3']);
    expect(r.confusions).toEqual([
      { truthId: 't1', answerId: 'a1', truthLabel: 'car', answerLabel: 'truck', iou: 0.9 },
      { truthId: 't3', answerId: 'a3', truthLabel: 'person', answerLabel: 'car', iou: 1 },
    ]);
    expect(r).toMatchObject({ precision: 1 / 3, recall: 1 / 3, f1: 1 / 3 });
  });
  it('does not call a spurious duplicate a confusion when its truth is already matched', () => {
    const answer = [box('a1', 'car', 0, 0, 10, 10), box('a2', 'truck', 0, 0, 10, 10)];
    const r = matchShapes(truth.slice(0, 1), answer, t05);
    expect(r.confusions).toEqual([]);
    expect(r).toMatchObject({ precision: 0.5, recall: 1, unmatchedAnswer: ['a2'] });
    expect(r.f1).toBeCloseTo(2 / 3, 15);
  });
  it('prefers more matches over more total IoU (F1 is what is scored)', () => {
    // Intervals on one row (height 10). A1 sits on T2 and A2 on T3 at IoU 0.99 (total 1.98, two
    // matches), but pairing along the chain gives three matches above 0.5 with a smaller total.
    const row = (id: string, x0: number, x1: number): MatchableShape => box(id, 'car', x0, 0, x1 - x0, 10);
    const T = [row('T1', -20, 80), row('T2', 0, 100), row('T3', 31, 130)];
    const A = [row('A1', 0, 99), row('A2', 30, 130), row('A3', 61, 161)];
    const iou = (a: MatchableShape, b: MatchableShape): number => (a.kind === 'box' && b.kind === 'box' ? boxIoU(a, b) : NaN);
    const [t1, t2, t3] = T as [MatchableShape, MatchableShape, MatchableShape];
    const [a1, a2, a3] = A as [MatchableShape, MatchableShape, MatchableShape];
    expect(iou(t2, a1) + iou(t3, a2)).toBeGreaterThan(iou(t1, a1) + iou(t2, a2) + iou(t3, a3)); // the trap is real
    const r = matchShapes(T, A, t05);
    expect(r.matches.map((m) => [m.truthId, m.answerId])).toEqual([
      ['T1', 'A1'],
      ['T2', 'A2'],
      ['T3', 'A3'],
    ]);
    expect(r.f1).toBe(1);
  });
  it('matches boxes with polygons, and a polygon with its own box', () => {
    const poly: MatchableShape = {
      id: 'p',
      label: 'car',
      kind: 'polygon',
      points: [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ],
    };
    const r = matchShapes([box('t', 'car', 0, 0, 10, 10)], [poly], t05);
    expect(r.matches).toEqual([{ truthId: 't', answerId: 'p', label: 'car', iou: 1 }]);
  });
  it('scores a degenerate answer as a miss, never NaN', () => {
    const r = matchShapes(truth.slice(0, 1), [box('a', 'car', 0, 0, 0, 10)], t05);
    expect(r).toMatchObject({ f1: 0, meanIoU: 0, precision: 0, recall: 0 });
  });
  it('scoreShapes is the F1', () => {
    expect(scoreShapes(truth, truth.slice(0, 2), t05)).toBeCloseTo(0.8, 15);
  });
  it('rejects thresholds outside (0, 1]', () => {
    for (const iouThreshold of [0, -0.1, 1.1, NaN]) expect(() => matchShapes([], [], { iouThreshold })).toThrow(RangeError);
  });
});

// ---- properties ----

const labels = ['car', 'person', 'sign'] as const;
const coord = fc.integer({ min: 0, max: 200 });
const geometry = fc.oneof(
  fc.record({ kind: fc.constant('box' as const), x: coord, y: coord, w: fc.integer({ min: 1, max: 60 }), h: fc.integer({ min: 1, max: 60 }) }),
  fc
    .record({
      cx: coord,
      cy: coord,
      vs: fc.array(fc.tuple(fc.double({ min: 0, max: 0.4, noNaN: true }), fc.double({ min: 2, max: 40, noNaN: true })), { minLength: 3, maxLength: 9 }),
    })
    .map(({ cx, cy, vs }) => ({
      kind: 'polygon' as const,
      points: vs.map(([j, r], i): P => [cx + r * Math.cos((2 * Math.PI * (i + j)) / vs.length), cy + r * Math.sin((2 * Math.PI * (i + j)) / vs.length)]),
    })),
);
const shapes = (prefix: string): fc.Arbitrary<MatchableShape[]> =>
  fc.array(fc.tuple(fc.constantFrom(...labels), geometry), { maxLength: 8 }).map((xs) => xs.map(([label, g], i) => ({ ...g, id: `${prefix}${i}`, label })));
/** Answers made from the truth: some kept, nudged or relabelled, plus stray extras — so matches happen. */
const truthAndAnswer = shapes('t').chain((truth) =>
  fc.tuple(
    fc.constant(truth),
    fc
      .tuple(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -8, max: 8 }), fc.constantFrom(...labels)), { minLength: truth.length, maxLength: truth.length }),
        shapes('x'),
      )
      .map(([edits, extras]) => [
        ...truth.flatMap((s, i): MatchableShape[] => {
          const [keep, d, label] = edits[i] ?? [false, 0, 'car'];
          if (!keep) return [];
          const moved = s.kind === 'box' ? { ...s, x: s.x + d } : { ...s, points: s.points.map(([x, y]): P => [x + d, y]) };
          return [{ ...moved, id: `a${i}`, label: d % 3 === 0 ? label : s.label }];
        }),
        ...extras,
      ]),
  ),
);
const threshold = fc.constantFrom(0.3, 0.5, 0.75);

describe('matchShapes, properties', () => {
  it('a shape set matched with itself has F1 1', () => {
    fc.assert(
      fc.property(shapes('t'), threshold, (s, iouThreshold) => {
        const r = matchShapes(s, s, { iouThreshold });
        expect(r.f1).toBe(1);
        expect(r.matches).toHaveLength(s.length);
        expect(r.meanIoU).toBeCloseTo(1, 12);
      }),
    );
  });
  it('does not depend on the order of the shapes', () => {
    const shuffled = truthAndAnswer.chain(([t, a]) =>
      fc.tuple(fc.constant(t), fc.constant(a), fc.shuffledSubarray(t, { minLength: t.length }), fc.shuffledSubarray(a, { minLength: a.length })),
    );
    fc.assert(
      fc.property(shuffled, threshold, ([t, a, t2, a2], iouThreshold) => {
        expect(matchShapes(t2, a2, { iouThreshold })).toEqual(matchShapes(t, a, { iouThreshold }));
      }),
    );
  });
  it('keeps its numbers consistent: counts, bounds, F1 from precision and recall', () => {
    fc.assert(
      fc.property(truthAndAnswer, threshold, ([t, a], iouThreshold) => {
        const r = matchShapes(t, a, { iouThreshold });
        expect(r.matches.length + r.unmatchedTruth.length).toBe(t.length);
        expect(r.matches.length + r.unmatchedAnswer.length).toBe(a.length);
        for (const x of [r.precision, r.recall, r.f1, r.meanIoU]) expect(x >= 0 && x <= 1).toBe(true);
        for (const m of r.matches) expect(m.iou).toBeGreaterThanOrEqual(iouThreshold - 1e-9);
        for (const c of r.confusions) expect(c.truthLabel).not.toBe(c.answerLabel);
        if (r.precision + r.recall > 0 && t.length > 0 && a.length > 0) expect(r.f1).toBeCloseTo((2 * r.precision * r.recall) / (r.precision + r.recall), 12);
      }),
    );
  });
  it('is symmetric: swapping truth and answer swaps precision and recall, keeps F1', () => {
    fc.assert(
      fc.property(truthAndAnswer, threshold, ([t, a], iouThreshold) => {
        const r = matchShapes(t, a, { iouThreshold });
        const s = matchShapes(a, t, { iouThreshold });
        expect([s.precision, s.recall, s.f1]).toEqual([r.recall, r.precision, r.f1]);
      }),
    );
  });
  it('matches as many pairs, with as much IoU, as one Hungarian matrix of every truth by every answer shape', () => {
    // The matching solves only groups of overlapping shapes, each with its shapes' best partners:
    // the optimum must be the one the whole matrix gives (pass 1, within labels).
    // Piles: boxes of one size a few pixels apart, so shapes compete for the same partners.
    const piled = fc.array(fc.tuple(fc.constantFrom('car', 'car', 'person'), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })), {
      maxLength: 14,
    });
    const asShapes = (prefix: string, xs: Array<[string, number, number]>) => xs.map(([label, x, y], i) => box(`${prefix}${i}`, label, x, y, 20, 20));
    const pairs = fc.oneof(
      { arbitrary: truthAndAnswer, weight: 1 },
      { arbitrary: fc.tuple(piled, piled).map(([t, a]) => [asShapes('t', t), asShapes('a', a)] as const), weight: 3 },
    );
    fc.assert(
      fc.property(pairs, threshold, ([t, a], iouThreshold) => {
        const counts = (x: MatchableShape, y: MatchableShape) => {
          const iou = x.label === y.label ? shapeIoU(x, y) : 0;
          return iou > 0 && iou >= iouThreshold - 1e-9 ? iou : 0;
        };
        const ious = t.map((x) => a.map((y) => counts(x, y)));
        const bonus = Math.min(t.length, a.length) + 1;
        const whole =
          t.length && a.length
            ? hungarian(
                ious.map((r) => r.map((v) => (v > 0 ? bonus + v : 0))),
                { maximize: true },
              )
            : [];
        const best = whole.map(([i, j]) => ious[i]![j]!).filter((v) => v > 0);
        const got = matchShapes(t, a, { iouThreshold });
        expect(got.matches).toHaveLength(best.length);
        expect(got.matches.reduce((sum, m) => sum + m.iou, 0)).toBeCloseTo(
          best.reduce((sum, v) => sum + v, 0),
          9,
        );
      }),
      { numRuns: 300 },
    );
  });
  it('scores a thousand boxes against a thousand, half of them far away, in well under a second (one whole matrix took 5 s)', () => {
    // Shapes that match nothing left the whole matrix mostly zeros: the Hungarian method's worst case.
    const grid = (prefix: string, n: number, d: number) =>
      Array.from({ length: n }, (_, i) => box(`${prefix}${i}`, 'car', (i % 40) * 10 + d, Math.floor(i / 40) * 10 + d, 12, 12));
    const started = performance.now();
    const r = matchShapes(grid('t', 1000, 0), [...grid('a', 500, 1), ...grid('b', 500, 5000)], t05);
    expect(r.matches).toHaveLength(500);
    expect(performance.now() - started).toBeLessThan(1_500);
  });
  it('finds the most matches possible (brute force over small sets)', () => {
    fc.assert(
      fc.property(truthAndAnswer, threshold, ([t, a], iouThreshold) => {
        fc.pre(t.length <= 5 && a.length <= 5);
        const ok = t.map((x) => a.map((y) => x.label === y.label && matchShapes([x], [y], { iouThreshold }).matches.length === 1));
        const most = (i: number, used: Set<number>): number =>
          i === t.length ? 0 : Math.max(most(i + 1, used), ...a.map((_, j) => (ok[i]?.[j] && !used.has(j) ? 1 + most(i + 1, new Set([...used, j])) : 0)));
        expect(matchShapes(t, a, { iouThreshold }).matches).toHaveLength(most(0, new Set()));
      }),
    );
  });
});
