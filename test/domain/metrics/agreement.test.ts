import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cohenKappa,
  confusionPairs,
  encodeRatings,
  encodeSubset,
  fleissKappa,
  itemDisagreement,
  krippendorffAlpha,
  pairwiseCohenKappa,
  perLabelAgreement,
  type Rating,
} from '../../../src/domain/metrics/agreement.ts';
import { RatingsBuilder } from '../../../src/domain/metrics/ratings.ts';

/** Ratings from rows of labels per rater ('.' = missing), items named by column. */
function fromRows(rows: Record<string, string>): Rating[] {
  return Object.entries(rows).flatMap(([rater, line]) => line.split(/\s+/).flatMap((label, j) => (label === '.' ? [] : [{ item: `u${j}`, rater, label }])));
}

/** Fleiss' design from a subjects × categories count table (raters anonymous, named by position). */
function fromTable(table: number[][]): Rating[] {
  return table.flatMap((row, i) =>
    row.flatMap((count, c) => Array.from({ length: count }, () => c)).map((c, k) => ({ item: `s${i}`, rater: `r${k}`, label: `c${c}` })),
  );
}

describe('textbook examples', () => {
  it("Cohen's kappa: 20 yes/yes, 15 no/no, 5 yes/no, 10 no/yes gives 0.4", () => {
    const pairs = [
      ...Array<[string, string]>(20).fill(['y', 'y']),
      ...Array<[string, string]>(15).fill(['n', 'n']),
      ...Array<[string, string]>(5).fill(['y', 'n']),
      ...Array<[string, string]>(10).fill(['n', 'y']),
    ];
    const ratings = pairs.flatMap(([a, b], i) => [
      { item: `${i}`, rater: 'A', label: a },
      { item: `${i}`, rater: 'B', label: b },
    ]);
    const r = cohenKappa(ratings);
    expect(r.items).toBe(50);
    expect(r.value).toBeCloseTo(0.4, 12);
  });

  it("Fleiss' kappa: the 10 subjects × 14 raters example (Fleiss 1971, as in Wikipedia) gives 0.2099", () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const r = fleissKappa(fromTable(table));
    expect(r).toMatchObject({ items: 10, raters: 14, excluded: 0, insufficient: false });
    expect(r.value).toBeCloseTo(0.20993070442195522, 12);
  });

  it("Krippendorff's alpha: the 4 observers × 12 units example with missing data (Krippendorff 2011) gives 0.743", () => {
    const ratings = fromRows({
      A: '1 2 3 3 2 1 4 1 2 . . .',
      B: '1 2 3 3 2 2 4 1 2 5 . 3',
      C: '. 3 3 3 2 3 4 2 2 5 1 .',
      D: '1 2 3 3 2 4 4 1 2 5 1 .',
    });
    const r = krippendorffAlpha(ratings, { minItems: 1 });
    expect(r.items).toBe(11); // unit 12 has a single rating and drops out
    expect(r.value).toBeCloseTo(0.743421052631579, 12);
  });
});

describe('null results and their reasons', () => {
  const same = fromRows({ A: 'x x x x x x x x x x x x', B: 'x x x x x x x x x x x x', C: 'x x x x x x x x x x x x' });
  it('no variation: every rating carries one label, expected agreement is 1', () => {
    for (const r of [cohenKappa(same, { raters: ['A', 'B'] }), fleissKappa(same), krippendorffAlpha(same)]) {
      expect(r).toMatchObject({ value: null, insufficient: true, reason: 'no variation', items: 12 });
    }
  });
  it('too few items wins over everything', () => {
    const few = fromRows({ A: 'a b a', B: 'a b b' });
    expect(cohenKappa(few)).toMatchObject({ value: null, insufficient: true, items: 3, reason: 'too few items (3 < 10)' });
    expect(cohenKappa(few, { minItems: 3 }).value).toBeCloseTo(0.4, 12);
    expect(krippendorffAlpha(few).reason).toMatch(/too few items/);
  });
  it('Cohen needs two raters, named when the data has more', () => {
    const three = fromRows({ A: 'a b a b a b a b a b', B: 'a b a b a b a b b b', C: 'a a a b a b a b a b' });
    expect(cohenKappa(three).reason).toMatch(/exactly two raters, found 3/);
    expect(cohenKappa(three, { raters: ['A', 'Z'] }).reason).toMatch(/rater not found: Z/);
    expect(cohenKappa(three, { raters: ['A', 'B'] }).value).toBeCloseTo(0.8, 12);
  });
  it('empty input', () => {
    expect(krippendorffAlpha([])).toMatchObject({ value: null, items: 0 });
    expect(fleissKappa([])).toMatchObject({ value: null, items: 0, reason: 'needs items with at least two ratings' });
    expect(perLabelAgreement([])).toEqual([]);
    expect(confusionPairs([])).toEqual([]);
    expect(itemDisagreement([])).toEqual([]);
  });
});

describe('input handling', () => {
  it('a rater who rated an item twice counts once, with the later rating', () => {
    const base = fromRows({ A: 'a b a b a b a b a b', B: 'a b a b a b a b a b' });
    const revised = [...base, { item: 'u0', rater: 'B', label: 'b' }];
    const enc = encodeRatings([...revised, { item: 'u0', rater: 'B', label: 'a' }]);
    expect(enc.duplicates).toBe(2);
    expect(cohenKappa(enc).value).toBe(1); // the last word was 'a' again
    expect(encodeRatings(revised).duplicates).toBe(1);
    expect(cohenKappa(revised).value).toBeLessThan(1);
  });
  it('encodeSubset of the encoded ratings is the encoding of the kept ratings, repeats included', () => {
    const rating = fc.record({ item: fc.constantFrom('i1', 'i2', 'i3', 'i4'), rater: fc.constantFrom('A', 'B', 'C'), label: fc.constantFrom('a', 'b', 'a+b') });
    fc.assert(
      fc.property(fc.array(fc.tuple(rating, fc.boolean()), { maxLength: 40 }), (rows) => {
        const ratings = rows.map(([r]) => r);
        const keep = Uint8Array.from(rows, ([, k]) => (k ? 1 : 0));
        expect(encodeSubset(encodeRatings(ratings), keep)).toEqual(encodeRatings(ratings.filter((_, i) => keep[i])));
      }),
    );
  });
  it('RatingsBuilder, item by item, is encodeRatings of the same ratings, repeats included', () => {
    const rating = fc.record({ rater: fc.constantFrom('A', 'B', 'C'), label: fc.constantFrom('a', 'b', 'a+b') });
    fc.assert(
      fc.property(fc.array(fc.array(rating, { maxLength: 5 }), { maxLength: 10 }), (byItem) => {
        const builder = new RatingsBuilder();
        byItem.forEach((list, i) => {
          if (list.length === 0) return;
          const code = builder.item(`i${i}`);
          for (const r of list) builder.add(code, r.rater, r.label);
        });
        expect(builder.build()).toEqual(encodeRatings(byItem.flatMap((list, i) => list.map((r) => ({ item: `i${i}`, ...r })))));
      }),
    );
  });
  it('Fleiss excludes and counts items with another number of ratings', () => {
    const ratings = [...fromRows({ A: 'a b a b a b a b a b a', B: 'a b a b a b a b a a .', C: 'a b a b b b a b a b .' })];
    const r = fleissKappa(ratings);
    expect(r).toMatchObject({ raters: 3, items: 10, excluded: 1 });
    expect(fleissKappa(ratings, { raters: 2 })).toMatchObject({ items: 0, excluded: 11, value: null });
  });
  it('pairwise Cohen equals Cohen on each pair', () => {
    const ratings = fromRows({ A: 'a b a b c b a b a b a c', B: 'a b a b a b a c b b . c', C: 'a a a b a b a b a b c c' });
    const pairs = pairwiseCohenKappa(ratings);
    expect(pairs.map((p) => p.raters)).toEqual([
      ['A', 'B'],
      ['A', 'C'],
      ['B', 'C'],
    ]);
    for (const p of pairs) expect(p).toEqual({ ...cohenKappa(ratings, { raters: [p.raters[1], p.raters[0]] }), raters: p.raters });
  });
});

describe('disagreement views', () => {
  const ratings = fromRows({ A: 'car car bus car', B: 'car bus bus truck', C: 'bus car bus car', D: '. . . bus' });
  it('confusionPairs counts disagreeing rater pairs per unordered label pair', () => {
    // u0: car,car,bus → 2 car–bus; u1: car,bus,car → 2; u2: none; u3: car,truck,car,bus → car–truck 2, car–bus 2, bus–truck 1.
    expect(confusionPairs(ratings)).toEqual([
      { a: 'bus', b: 'car', count: 6, items: 3 },
      { a: 'car', b: 'truck', count: 2, items: 1 },
      { a: 'bus', b: 'truck', count: 1, items: 1 },
    ]);
    expect(confusionPairs(ratings, { limit: 1 })).toHaveLength(1);
  });
  it('itemDisagreement ranks items by the share of disagreeing pairs', () => {
    const out = itemDisagreement(ratings);
    expect(out.map((d) => [d.item, d.raters, d.disagreeingPairs, d.pairs])).toEqual([
      ['u3', 4, 5, 6],
      ['u0', 3, 2, 3],
      ['u1', 3, 2, 3],
      ['u2', 3, 0, 3],
    ]);
    expect(out[0]!.labels).toEqual([
      { label: 'car', count: 2 },
      { label: 'bus', count: 1 },
      { label: 'truck', count: 1 },
    ]);
    expect(out[0]!.share).toBeCloseTo(5 / 6, 15);
  });
});

// ---- properties ----------------------------------------------------------------------------------

/** Items × raters of small label indices, with holes (null = missing). */
const matrix = fc
  .integer({ min: 2, max: 5 })
  .chain((raters) =>
    fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { freq: 4 }), { minLength: raters, maxLength: raters }), { minLength: 1, maxLength: 40 }),
  );
const toRatings = (m: Array<Array<number | null>>, name = (l: number) => `L${l}`): Rating[] =>
  m.flatMap((row, i) => row.flatMap((l, r) => (l === null ? [] : [{ item: `i${i}`, rater: `r${r}`, label: name(l) }])));
const close = (a: number | null, b: number | null): boolean => (a === null ? b === null : b !== null && Math.abs(a - b) < 1e-12);
const opts = { minItems: 1 };

describe('agreement properties (fast-check)', () => {
  it('perfect agreement gives 1 whenever there is variation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 50 }), fc.integer({ min: 2, max: 5 }), (truth, k) => {
        fc.pre(new Set(truth).size > 1);
        const ratings = truth.flatMap((l, i) => Array.from({ length: k }, (_, r) => ({ item: `i${i}`, rater: `r${r}`, label: `L${l}` })));
        expect(cohenKappa(ratings, { ...opts, raters: ['r0', 'r1'] }).value).toBeCloseTo(1, 12);
        expect(fleissKappa(ratings, opts).value).toBeCloseTo(1, 12);
        expect(krippendorffAlpha(ratings, opts).value).toBeCloseTo(1, 12);
      }),
    );
  });

  it("Cohen's kappa is symmetric in its two raters", () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const ratings = toRatings(m);
        return close(cohenKappa(ratings, { ...opts, raters: ['r0', 'r1'] }).value, cohenKappa(ratings, { ...opts, raters: ['r1', 'r0'] }).value);
      }),
    );
  });

  it('alpha is invariant under renaming labels, renaming raters and permuting items and rating order', () => {
    fc.assert(
      fc.property(matrix, fc.array(fc.double({ noNaN: true }), { minLength: 200, maxLength: 200 }), (m, keys) => {
        const before = krippendorffAlpha(toRatings(m), opts);
        const renamed = toRatings(m, (l) => ['zebra', 'apple', 'mango', 'kiwi'][l]!).map((r) => ({ ...r, rater: `x${r.rater}`, item: `item-${r.item}` }));
        const shuffled = renamed
          .map((r, i) => ({ r, k: keys[i % keys.length]! + i * 1e-9 }))
          .sort((a, b) => a.k - b.k)
          .map(({ r }) => r);
        const after = krippendorffAlpha(shuffled, opts);
        expect(after.items).toBe(before.items);
        return close(after.value, before.value) && close(fleissKappa(shuffled, opts).value, fleissKappa(toRatings(m), opts).value);
      }),
    );
  });

  it('alpha lies in [−1, 1] and Fleiss ≤ 1', () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const a = krippendorffAlpha(toRatings(m), opts).value;
        const f = fleissKappa(toRatings(m), opts).value;
        return (a === null || (a >= -1 - 1e-12 && a <= 1 + 1e-12)) && (f === null || f <= 1 + 1e-12);
      }),
    );
  });

  it('perLabelAgreement equals alpha and Fleiss on the binarized ratings', () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const ratings = toRatings(m);
        for (const row of perLabelAgreement(ratings, opts)) {
          const binary = ratings.map((r) => ({ ...r, label: r.label === row.label ? 'yes' : 'no' }));
          expect(row.ratings).toBe(ratings.filter((r) => r.label === row.label).length);
          const a = krippendorffAlpha(binary, opts);
          const f = fleissKappa(binary, { ...opts, raters: row.kappa.raters });
          if (!close(row.alpha.value, a.value) || row.alpha.items !== a.items) return false;
          if (!close(row.kappa.value, f.value) || row.kappa.items !== f.items || row.kappa.excluded !== f.excluded) return false;
        }
        return true;
      }),
    );
  });

  it('confusion pair counts add up to the disagreeing pairs of all items', () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const ratings = toRatings(m);
        const fromPairs = confusionPairs(ratings).reduce((s, p) => s + p.count, 0);
        const fromItems = itemDisagreement(ratings).reduce((s, d) => s + d.disagreeingPairs, 0);
        return fromPairs === fromItems;
      }),
    );
  });
});
