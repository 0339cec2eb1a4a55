import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WHOLE_ITEM } from '../../../src/domain/dashboard/aggregates.ts';
import { pickSeriesAnnotators, versionBreakdown, windowsFromRollups, type TotalRow } from '../../../src/domain/dashboard/rollups.ts';
import { proportionInterval } from '../../../src/domain/metrics/intervals.ts';

// The dashboard's roll-ups: drift windows from all-time totals minus the recent days, the
// per-guideline-version breakdown, and whose accuracy line gets drawn.
const A = '00000000-0000-4000-8000-000000000001';
const B = '00000000-0000-4000-8000-000000000002';
const V1 = '00000000-0000-4000-8000-0000000000a1';
const V2 = '00000000-0000-4000-8000-0000000000a2';
const t = (userId: string, label: string, versionId: string, n: number, sum: number): TotalRow => ({ userId, label, versionId, n, sum });

describe('windowsFromRollups', () => {
  it('splits each total into the recent window and the baseline before it', () => {
    const w = windowsFromRollups(
      [t(A, WHOLE_ITEM, V1, 10, 9), t(A, WHOLE_ITEM, V2, 5, 2), t(B, 'car', V1, 4, 4)],
      [{ userId: A, label: WHOLE_ITEM, n: 6, sum: 3 }],
    );
    expect(w).toEqual([
      { userId: A, label: WHOLE_ITEM, recent: true, n: 6, sum: 3 },
      { userId: A, label: WHOLE_ITEM, recent: false, n: 9, sum: 8 },
      { userId: B, label: 'car', recent: false, n: 4, sum: 4 },
    ]);
  });

  it('keeps every total exactly: recent plus baseline is the whole, whatever the split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r, acc) => {
        const recentN = Math.min(r, n);
        const w = windowsFromRollups([t(A, 'car', V1, n, n * acc)], [{ userId: A, label: 'car', n: recentN, sum: recentN * acc }]);
        expect(w.reduce((s, x) => s + x.n, 0)).toBe(n);
        for (const x of w) expect(x.n).toBeGreaterThan(0);
      }),
    );
  });
});

describe('versionBreakdown', () => {
  it('gives the team per version in publication order, then each annotator, with Wilson intervals', () => {
    const cells = versionBreakdown(
      [t(A, WHOLE_ITEM, V2, 10, 5), t(A, WHOLE_ITEM, V1, 10, 9), t(B, WHOLE_ITEM, V1, 10, 7), t(A, 'car', V1, 3, 3)],
      [
        { id: V1, name: 'v1.0' },
        { id: V2, name: 'v2.0' },
      ],
    );
    const team = cells.filter((c) => c.annotatorId === null);
    expect(team.map((c) => [c.version, c.n, c.accuracy])).toEqual([
      ['v1.0', 20, 0.8],
      ['v2.0', 10, 0.5],
    ]);
    const ci = proportionInterval(16, 20);
    expect(team[0]).toMatchObject({ low: ci.lower, high: ci.upper });
    expect(cells.filter((c) => c.annotatorId === A).map((c) => [c.version, c.accuracy])).toEqual([
      ['v1.0', 0.9],
      ['v2.0', 0.5],
    ]);
  });
});

describe('pickSeriesAnnotators', () => {
  const ids = Array.from({ length: 30 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const members = new Set(ids);
  const throughput = ids.map((annotatorId, i) => ({ annotatorId, itemsPerHour: 1, secondsPerItem: 1, accuracy: 1 - i / 100, n: 10 }));
  it('puts annotators with alerts first, then the lowest accuracy, up to the limit', () => {
    const alerts = [{ id: `drift:${ids[0]}:car` }, { id: 'systemic:car' }, { id: `below:${ids[1]}` }] as never;
    const picked = pickSeriesAnnotators({ alerts, throughput, heatmap: [] }, members, undefined, 5);
    expect(picked).toEqual([ids[0], ids[1], ids[29], ids[28], ids[27]]);
  });
  it('draws what the lead asked for, members only', () => {
    expect(pickSeriesAnnotators({ alerts: [], throughput, heatmap: [] }, members, [ids[3]!, 'stranger', ids[3]!])).toEqual([ids[3]]);
  });
});
