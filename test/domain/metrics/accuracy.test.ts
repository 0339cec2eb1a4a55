import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accuracyByAnnotator,
  accuracyByAnnotatorLabel,
  accuracyByGuidelineVersion,
  accuracyOverTime,
  add,
  compareGuidelineVersions,
  emptyAccumulator,
  goldResultSchema,
  merge,
  summarizeAccuracy,
  toSummary,
  type GoldResult,
  type ScoreAccumulator,
} from '../../../src/domain/metrics/accuracy.ts';
import { wilsonInterval } from '../../../src/domain/metrics/intervals.ts';

const DAY = 86_400_000;
const g = (annotator: string, label: string | null, score: number, day: number, guidelineVersion = '1.0'): GoldResult => ({
  annotator,
  label,
  score,
  at: day * DAY + 3_600_000,
  guidelineVersion,
});

const results: GoldResult[] = [
  g('ann', 'car', 1, 0),
  g('ann', 'car', 0.5, 0),
  g('ann', 'person', 0, 1, '1.1'),
  g('ann', null, 0.75, 1, '1.1'),
  g('bob', 'car', 1, 0),
  g('bob', 'car', 1, 2, '1.10'),
  g('bob', 'person', 0.25, 2, '1.10'),
];

describe('accumulator', () => {
  it('adds, merges and summarizes', () => {
    const acc = [1, 0.5, 0].reduce(add, emptyAccumulator());
    expect(acc).toEqual({ n: 3, sum: 1.5, sumSq: 1.25 });
    const s = toSummary(acc);
    expect(s).toMatchObject({ n: 3, mean: 0.5, sd: 0.5, method: 'wilson', confidence: 0.95 });
    const w = wilsonInterval(1.5, 3);
    expect([s.lower, s.upper]).toEqual([w.lower, w.upper]);
    expect(toSummary(acc, { method: 'jeffreys', confidence: 0.9 })).toMatchObject({ method: 'jeffreys', confidence: 0.9 });
  });

  it('empty and single summaries', () => {
    expect(toSummary(emptyAccumulator())).toMatchObject({ n: 0, mean: null, sd: null, lower: 0, upper: 1 });
    expect(toSummary(add(emptyAccumulator(), 1))).toMatchObject({ n: 1, mean: 1, sd: null, upper: 1 });
    expect(toSummary([0.3, 0.3, 0.3].reduce(add, emptyAccumulator())).sd).toBeCloseTo(0, 7);
  });

  it('rejects scores outside [0, 1]', () => {
    expect(() => add(emptyAccumulator(), 1.5)).toThrow(RangeError);
    expect(() => add(emptyAccumulator(), Number.NaN)).toThrow(RangeError);
    expect(goldResultSchema.safeParse({ ...g('a', 'x', 0.5, 0), score: 1.2 }).success).toBe(false);
    expect(goldResultSchema.safeParse(g('a', null, 0.5, 0)).success).toBe(true);
  });

  // Scores on a 1/8 grid are exact in binary, so the monoid laws hold exactly, not just approximately.
  const score = fc.integer({ min: 0, max: 8 }).map((k) => k / 8);
  const acc = fc.array(score, { maxLength: 30 }).map((xs) => xs.reduce(add, emptyAccumulator()));
  it('merge is associative and commutative, with the empty accumulator as identity', () => {
    fc.assert(
      fc.property(acc, acc, acc, (a, b, c) => {
        expect(merge(merge(a, b), c)).toEqual(merge(a, merge(b, c)));
        expect(merge(a, b)).toEqual(merge(b, a));
        expect(merge(a, emptyAccumulator())).toEqual(a);
      }),
    );
  });

  it('incremental (chunks merged) equals batch', () => {
    fc.assert(
      fc.property(fc.array(score, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (xs, chunk) => {
        let merged: ScoreAccumulator = emptyAccumulator();
        for (let i = 0; i < xs.length; i += chunk) merged = merge(merged, xs.slice(i, i + chunk).reduce(add, emptyAccumulator()));
        expect(toSummary(merged)).toEqual(toSummary(xs.reduce(add, emptyAccumulator())));
      }),
    );
  });
});

describe('aggregate views', () => {
  it('per annotator', () => {
    const out = accuracyByAnnotator(results);
    expect(out.map((r) => [r.annotator, r.n, r.mean])).toEqual([
      ['ann', 4, 0.5625],
      ['bob', 3, 0.75],
    ]);
    expect(out[0]!.lower).toBeCloseTo(wilsonInterval(2.25, 4).lower, 15);
  });

  it('per annotator × label, unlabeled results as their own group, sorted last', () => {
    const out = accuracyByAnnotatorLabel(results);
    expect(out.map((r) => [r.annotator, r.label, r.n, r.mean])).toEqual([
      ['ann', 'car', 2, 0.75],
      ['ann', 'person', 1, 0],
      ['ann', null, 1, 0.75],
      ['bob', 'car', 2, 1],
      ['bob', 'person', 1, 0.25],
    ]);
  });

  it('over time: per annotator by default, pooled on request, buckets aligned to the origin', () => {
    const out = accuracyOverTime(results, DAY);
    expect(out.map((r) => [r.annotator, r.bucketStart / DAY, r.n])).toEqual([
      ['ann', 0, 2],
      ['ann', 1, 2],
      ['bob', 0, 1],
      ['bob', 2, 2],
    ]);
    expect(out[0]!.bucketEnd).toBe(DAY);
    const pooled = accuracyOverTime(results, 2 * DAY, { perAnnotator: false });
    expect(pooled.map((r) => [r.annotator, r.bucketStart / DAY, r.n])).toEqual([
      [null, 0, 5],
      [null, 2, 2],
    ]);
    // An origin at 02:00 moves the 01:00 results into the bucket that starts the day before.
    const shifted = accuracyOverTime(results, DAY, { origin: 2 * 3_600_000, perAnnotator: false });
    expect(shifted[0]!.bucketStart).toBe(-DAY + 2 * 3_600_000);
    expect(() => accuracyOverTime(results, 0)).toThrow(RangeError);
  });

  it('per guideline version, in numeric version order', () => {
    expect(accuracyByGuidelineVersion(results).map((r) => [r.guidelineVersion, r.n])).toEqual([
      ['1.0', 3],
      ['1.1', 2],
      ['1.10', 2],
    ]);
    const per = accuracyByGuidelineVersion(results, { perAnnotator: true });
    expect(per.map((r) => `${r.guidelineVersion}/${r.annotator}`)).toEqual(['1.0/ann', '1.0/bob', '1.1/ann', '1.10/bob']);
    expect(['2.0', 'draft', '1.10', '1.9', '10.0'].sort(compareGuidelineVersions)).toEqual(['1.9', '1.10', '2.0', '10.0', 'draft']);
  });

  it('summarizeAccuracy gives all four views', () => {
    const all = summarizeAccuracy(results, { bucketMs: DAY });
    expect(all.byAnnotator).toEqual(accuracyByAnnotator(results));
    expect(all.overTime).toEqual(accuracyOverTime(results, DAY));
    expect(all.byGuidelineVersion).toHaveLength(3);
    expect(all.byAnnotatorLabel).toHaveLength(5);
  });

  it('property: the per-annotator view is the merge of the per-label view', () => {
    const result = fc.record({
      annotator: fc.constantFrom('a', 'b', 'c'),
      label: fc.constantFrom('x', 'y', null),
      score: fc.integer({ min: 0, max: 4 }).map((k) => k / 4),
      at: fc.integer({ min: 0, max: 10 * DAY }),
      guidelineVersion: fc.constantFrom('1.0', '2.0'),
    });
    fc.assert(
      fc.property(fc.array(result, { maxLength: 50 }), (rs) => {
        const byLabel = accuracyByAnnotatorLabel(rs);
        for (const a of accuracyByAnnotator(rs)) {
          const parts = byLabel.filter((r) => r.annotator === a.annotator);
          expect(parts.reduce((s, r) => s + r.n, 0)).toBe(a.n);
          expect(parts.reduce((s, r) => s + r.n * r.mean!, 0)).toBeCloseTo(a.n * a.mean!, 12);
        }
      }),
    );
  });
});
