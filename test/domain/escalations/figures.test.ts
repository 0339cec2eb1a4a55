import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGE_BUCKETS,
  ageBucketCounts,
  ageBucketIndex,
  isOverdue,
  labelDeltas,
  payloadLabels,
  quantile,
  quantileOfCounts,
  rateFigures,
  resolutionSummary,
  teamRate,
  type RateCounts,
} from '../../../src/domain/escalations/figures.ts';

const H = 3_600_000;
const row = (key: string, escalations: number, submitted: number): RateCounts => ({ key, escalations, submitted });
const rowsArb = fc.array(fc.record({ key: fc.string(), escalations: fc.nat(400), submitted: fc.nat(4000) }), { minLength: 1, maxLength: 12 });

describe('rateFigures: fixed cases', () => {
  it('rate = escalations ÷ (submitted + escalated), with the Wilson interval (statsmodels reference)', () => {
    const [a] = rateFigures([row('a', 12, 28), row('b', 0, 0)]);
    expect(a).toMatchObject({ key: 'a', escalations: 12, worked: 40, rate: 0.3 });
    // statsmodels proportion_confint(12, 40, method='wilson')
    expect(a?.lower).toBeCloseTo(0.1807484522974653, 12);
    expect(a?.upper).toBeCloseTo(0.45430018818144946, 12);
  });

  it('flags a rate far above the others as high and far below as low; leaves ordinary ones alone', () => {
    const figs = rateFigures([row('asks-a-lot', 30, 70), row('usual-1', 10, 190), row('usual-2', 11, 189), row('never-asks', 0, 400)]);
    const flags = Object.fromEntries(figs.map((f) => [f.key, f.flag]));
    expect(flags).toEqual({ 'asks-a-lot': 'high', 'usual-1': null, 'usual-2': null, 'never-asks': 'low' });
    // never-asks is compared with the others' rate (51 of 500), not the team's (51 of 900).
    expect(figs[3]?.othersRate).toBeCloseTo(51 / 500, 15);
  });

  it('never flags below the minimum n, however extreme the rate', () => {
    const figs = rateFigures([row('new', 9, 0), row('team', 10, 990)], { minWorked: 10 });
    expect(figs[0]).toMatchObject({ rate: 1, flag: null });
    expect(rateFigures([row('new', 10, 0), row('team', 10, 990)], { minWorked: 10 })[0]?.flag).toBe('high');
  });

  it('no work: no rate, interval [0, 1], no flag; one row alone has no one to compare with', () => {
    expect(rateFigures([row('idle', 0, 0)])[0]).toMatchObject({ rate: null, lower: 0, upper: 1, othersRate: null, flag: null });
    expect(rateFigures([row('solo', 500, 500)])[0]).toMatchObject({ rate: 0.5, othersRate: null, flag: null });
  });

  it('refuses counts that are not whole numbers ≥ 0', () => {
    expect(() => rateFigures([row('x', -1, 3)])).toThrow(RangeError);
    expect(() => rateFigures([row('x', 1.5, 3)])).toThrow(/whole numbers/);
  });

  it('teamRate sums everyone', () => {
    expect(teamRate([row('a', 2, 8), row('b', 3, 37)])).toEqual({ escalations: 5, worked: 50, rate: 0.1 });
    expect(teamRate([])).toEqual({ escalations: 0, worked: 0, rate: null });
  });
});

describe('rateFigures: laws', () => {
  it('rate in [0, 1] inside its interval; high only above the others, low only below; flags need n', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 200 }), (rows, minWorked) => {
        for (const f of rateFigures(rows, { minWorked })) {
          if (f.rate !== null) {
            expect(f.rate).toBeGreaterThanOrEqual(0);
            expect(f.rate).toBeLessThanOrEqual(1);
            expect(f.lower).toBeLessThanOrEqual(f.rate + 1e-12);
            expect(f.upper).toBeGreaterThanOrEqual(f.rate - 1e-12);
          }
          if (f.flag !== null) {
            expect(f.worked).toBeGreaterThanOrEqual(minWorked);
            expect(f.othersRate).not.toBeNull();
          }
          if (f.flag === 'high') expect(f.rate as number).toBeGreaterThan(f.othersRate as number);
          if (f.flag === 'low') expect(f.rate as number).toBeLessThan(f.othersRate as number);
        }
      }),
    );
  });

  it('the order of rows does not change any row’s figure', () => {
    fc.assert(
      fc.property(rowsArb, fc.nat(), (rows, seed) => {
        const shifted = [...rows.slice(seed % rows.length), ...rows.slice(0, seed % rows.length)];
        const a = rateFigures(rows);
        const b = rateFigures(shifted);
        const k = seed % rows.length;
        rows.forEach((_, i) => expect(b[(i - k + rows.length) % rows.length]).toEqual(a[i]));
      }),
    );
  });

  it('mirror symmetry: swapping escalated and submitted everywhere swaps high and low', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const a = rateFigures(rows);
        const b = rateFigures(rows.map((r) => row(r.key, r.submitted, r.escalations)));
        const swap = { high: 'low', low: 'high' } as const;
        a.forEach((f, i) => {
          // Exactly-on-the-boundary cases can round either way; the law holds off the boundary.
          const other = b[i];
          if (f.flag !== null && other && Math.abs(f.lower - (f.othersRate ?? 0)) > 1e-9 && Math.abs(f.upper - (f.othersRate ?? 0)) > 1e-9)
            expect(other.flag).toBe(swap[f.flag]);
        });
      }),
    );
  });

  it('more escalations (same work elsewhere) never moves a row from high to low or lowers its rate', () => {
    fc.assert(
      fc.property(rowsArb, fc.nat(50), (rows, extra) => {
        const [first, ...rest] = rows as [RateCounts, ...RateCounts[]];
        const take = Math.min(extra, first.submitted);
        const before = rateFigures(rows)[0];
        const after = rateFigures([row(first.key, first.escalations + take, first.submitted - take), ...rest])[0];
        if (before?.rate != null && after?.rate != null) expect(after.rate).toBeGreaterThanOrEqual(before.rate);
        if (before?.flag === 'high') expect(after?.flag).toBe('high');
        if (after?.flag === 'low') expect(before?.flag).toBe('low');
      }),
    );
  });
});

describe('quantile and resolution time', () => {
  it('matches numpy’s default (type 7) on fixed samples', () => {
    expect(quantile([5, 1, 9, 3], 0.5)).toBe(4);
    expect(quantile([5, 1, 9, 3], 0.9)).toBeCloseTo(7.8, 12);
    expect(quantile([2.5, 10, 7, 1, 30, 4, 8], 0.9)).toBeCloseTo(18, 12);
    expect(resolutionSummary([2.5, 10, 7, 1, 30, 4, 8])).toEqual({ n: 7, median: 7, p90: expect.closeTo(18, 12) });
    expect(resolutionSummary([])).toEqual({ n: 0, median: null, p90: null });
  });

  it('laws: between min and max, monotone in p, the median of a constant is the constant', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, p, q) => {
          const lo = Math.min(...xs);
          const hi = Math.max(...xs);
          const a = quantile(xs, Math.min(p, q)) as number;
          const b = quantile(xs, Math.max(p, q)) as number;
          expect(a).toBeGreaterThanOrEqual(lo);
          expect(b).toBeLessThanOrEqual(hi);
          expect(a).toBeLessThanOrEqual(b + 1e-9 * Math.max(1, hi));
          expect(quantile(xs, 0)).toBe(lo);
          expect(quantile(xs, 1)).toBe(hi);
          expect(
            quantile(
              xs.map(() => xs[0] as number),
              0.5,
            ),
          ).toBe(xs[0]);
        },
      ),
    );
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });
});

describe('quantileOfCounts', () => {
  it('equals quantile() of the expanded multiset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.integer({ min: -100, max: 100_000 }), count: fc.nat(20) }), { maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (entries, p) => {
          const expanded = entries.flatMap((e) => Array.from({ length: e.count }, () => e.value));
          const want = quantile(expanded, p);
          const got = quantileOfCounts(entries, p);
          if (want === null) expect(got).toBeNull();
          else expect(got).toBeCloseTo(want, 6);
        },
      ),
    );
    expect(
      quantileOfCounts(
        [
          { value: 180, count: 1 },
          { value: 660, count: 1 },
        ],
        0.9,
      ),
    ).toBeCloseTo(612, 9);
    expect(() => quantileOfCounts([], -0.1)).toThrow(RangeError);
  });
});

describe('age buckets and the alert', () => {
  it('bucket edges: an upper bound belongs to the next bucket', () => {
    expect(AGE_BUCKETS.map((b) => b.label)).toEqual(['Under 4 h', '4–24 h', '1–2 days', '2–7 days', 'Over 7 days']);
    expect([0, 4 * H - 1, 4 * H, 24 * H, 48 * H - 1, 48 * H, 168 * H, 10_000 * H, -5 * H].map(ageBucketIndex)).toEqual([0, 0, 1, 2, 2, 3, 4, 4, 0]);
  });

  it('counts add up to the number of open escalations, each in the bucket its age says', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -H, max: 2000 * H })), (ages) => {
        const counts = ageBucketCounts(ages);
        expect(counts.reduce((s, c) => s + c, 0)).toBe(ages.length);
        counts.forEach((c, i) => expect(c).toBe(ages.filter((a) => ageBucketIndex(a) === i).length));
      }),
    );
  });

  it('overdue strictly past the alert age', () => {
    expect(isOverdue(48 * H, 48)).toBe(false);
    expect(isOverdue(48 * H + 1, 48)).toBe(true);
    expect(isOverdue(2 * H, 1)).toBe(true);
  });
});

describe('labels worked', () => {
  it('payloadLabels: distinct labels of shapes, spans and classes', () => {
    const box = (label: string) => ({ id: label + Math.random(), kind: 'box' as const, label, x: 0, y: 0, w: 1, h: 1, attributes: {} });
    expect(payloadLabels({ shapes: [box('car'), box('car'), box('bus')], spans: [{ id: 's', label: 'per', start: 0, end: 1 }], classes: ['sports'] })).toEqual([
      'bus',
      'car',
      'per',
      'sports',
    ]);
    expect(payloadLabels({ shapes: [], spans: [], classes: [] })).toEqual([]);
  });

  it('labelDeltas: applying the deltas of a chain of revisions counts each label of the last one once', () => {
    const labelSet = fc.uniqueArray(fc.constantFrom<string>('a', 'b', 'c', 'd'));
    fc.assert(
      fc.property(fc.array(labelSet, { minLength: 1, maxLength: 6 }), (revisions) => {
        const counts = new Map<string, number>();
        let before: string[] | null = null;
        for (const after of revisions) {
          for (const [l, d] of labelDeltas(before, after)) counts.set(l, (counts.get(l) ?? 0) + d);
          before = after;
        }
        const last = new Set(revisions[revisions.length - 1]);
        for (const l of ['a', 'b', 'c', 'd']) expect(counts.get(l) ?? 0).toBe(last.has(l) ? 1 : 0);
      }),
    );
  });
});
