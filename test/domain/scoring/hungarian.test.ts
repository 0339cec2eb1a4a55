import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentTotal, hungarian } from '../../../src/domain/scoring/hungarian.ts';

/** The optimum by trying every assignment of the smaller side into the larger one (tiny matrices only). */
function bruteForce(m: number[][], maximize: boolean): number {
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  if (rows === 0 || cols === 0) return 0;
  const at = (i: number, j: number): number => (rows <= cols ? m[i]?.[j] : m[j]?.[i]) ?? NaN;
  const [small, large] = rows <= cols ? [rows, cols] : [cols, rows];
  let best = maximize ? -Infinity : Infinity;
  const used = new Array<boolean>(large).fill(false);
  const walk = (i: number, sum: number): void => {
    if (i === small) {
      best = maximize ? Math.max(best, sum) : Math.min(best, sum);
      return;
    }
    for (let j = 0; j < large; j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, sum + at(i, j));
      used[j] = false;
    }
  };
  walk(0, 0);
  return best;
}

/** Pairs are a valid partial permutation covering the smaller side. */
function expectValid(m: number[][], pairs: ReadonlyArray<readonly [number, number]>): void {
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  expect(pairs).toHaveLength(Math.min(rows, cols));
  expect(new Set(pairs.map(([i]) => i)).size).toBe(pairs.length);
  expect(new Set(pairs.map(([, j]) => j)).size).toBe(pairs.length);
  for (const [i, j] of pairs) {
    expect(i).toBeGreaterThanOrEqual(0);
    expect(i).toBeLessThan(rows);
    expect(j).toBeGreaterThanOrEqual(0);
    expect(j).toBeLessThan(cols);
  }
}

const matrix = (values: fc.Arbitrary<number>): fc.Arbitrary<number[][]> =>
  fc
    .integer({ min: 1, max: 6 })
    .chain((rows) =>
      fc.integer({ min: 1, max: 6 }).chain((cols) => fc.array(fc.array(values, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows })),
    );

describe('hungarian, fixed cases', () => {
  it('solves the textbook 3×3', () => {
    const cost = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    const pairs = hungarian(cost);
    expect(pairs).toEqual([
      [0, 1],
      [1, 0],
      [2, 2],
    ]);
    expect(assignmentTotal(cost, pairs)).toBe(5);
  });
  it('maximises a profit matrix', () => {
    const profit = [
      [0.9, 0.8],
      [0.85, 0.1],
    ];
    expect(hungarian(profit, { maximize: true })).toEqual([
      [0, 1],
      [1, 0],
    ]); // 1.65 beats the greedy 1.0
  });
  it('handles wide and tall matrices', () => {
    expect(hungarian([[5, 1, 7, 0.5]])).toEqual([[0, 3]]);
    expect(hungarian([[5], [1], [7], [0.5]])).toEqual([[3, 0]]);
    const tall = [
      [1, 9],
      [9, 1],
      [0, 0],
    ];
    expect(assignmentTotal(tall, hungarian(tall))).toBe(1); // row 2 takes one column, a 1 the other
    expect(hungarian(tall, { maximize: true })).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
  it('returns nothing for an empty matrix', () => {
    expect(hungarian([])).toEqual([]);
    expect(hungarian([[], []])).toEqual([]);
  });
  it('rejects ragged matrices and non-finite values', () => {
    expect(() => hungarian([[1, 2], [3]])).toThrow(RangeError);
    expect(() => hungarian([[1, NaN]])).toThrow(RangeError);
    expect(() => hungarian([[1, Infinity]])).toThrow(RangeError);
  });
  it('handles all-equal costs (every assignment optimal)', () => {
    const flat = Array.from({ length: 5 }, () => new Array<number>(5).fill(3));
    const pairs = hungarian(flat);
    expectValid(flat, pairs);
    expect(assignmentTotal(flat, pairs)).toBe(15);
  });
  it('solves a 200×150 matrix quickly and validly', () => {
    let s = 1;
    const next = (): number => ((s = (s * 48271) % 2147483647) / 2147483647) * 100; // seeded LCG
    const big = Array.from({ length: 200 }, () => Array.from({ length: 150 }, next));
    const pairs = hungarian(big);
    expectValid(big, pairs);
    // No swap of two assigned rows' columns improves the total (a necessary optimality condition).
    for (let a = 0; a < 30; a++) {
      const [i, j] = pairs[a] ?? [0, 0];
      const [k, l] = pairs[a + 1] ?? [0, 0];
      expect((big[i]?.[j] ?? 0) + (big[k]?.[l] ?? 0)).toBeLessThanOrEqual((big[i]?.[l] ?? 0) + (big[k]?.[j] ?? 0) + 1e-9);
    }
  });
});

describe('hungarian, properties', () => {
  it('equals brute force on small random real matrices, both senses', () => {
    fc.assert(
      fc.property(matrix(fc.double({ min: -100, max: 100, noNaN: true })), fc.boolean(), (m, maximize) => {
        const pairs = hungarian(m, { maximize });
        expectValid(m, pairs);
        expect(assignmentTotal(m, pairs)).toBeCloseTo(bruteForce(m, maximize), 8);
      }),
      { numRuns: 300 },
    );
  });
  it('equals brute force on small integer matrices full of ties', () => {
    fc.assert(
      fc.property(matrix(fc.integer({ min: 0, max: 3 })), fc.boolean(), (m, maximize) => {
        const pairs = hungarian(m, { maximize });
        expectValid(m, pairs);
        expect(assignmentTotal(m, pairs)).toBe(bruteForce(m, maximize));
      }),
      { numRuns: 300 },
    );
  });
  it('transposing the matrix transposes the optimum', () => {
    fc.assert(
      fc.property(matrix(fc.integer({ min: -20, max: 20 })), (m) => {
        const t = (m[0] ?? []).map((_, j) => m.map((row) => row[j] ?? 0));
        expect(assignmentTotal(t, hungarian(t))).toBe(assignmentTotal(m, hungarian(m)));
      }),
    );
  });
});
