import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDrift, systemicAlerts, twoProportionZTest, type AnnotatorLabelWindow } from '../../../src/domain/metrics/drift.ts';

const t = (sum: number, n: number) => ({ sum, n });

describe('detectDrift', () => {
  it('too few recent items: insufficient, with no figure for the short side', () => {
    const r = detectDrift(t(90, 100), t(3, 5));
    expect(r).toMatchObject({ insufficient: true, baseline: 0.9, recent: null, delta: null, pValue: null, significant: false, recentN: 5 });
    expect(r.insufficient && r.reason).toBe('recent window has 5 items (needs 20)');
    const both = detectDrift(t(9, 10), t(5, 20));
    expect(both.insufficient && both.reason).toBe('baseline has 10 items (needs 30)');
    expect(both).toMatchObject({ baseline: null, recent: 0.25 });
  });

  it('a clear drop is significant, a small wobble is not', () => {
    const drop = detectDrift(t(180, 200), t(14, 25));
    expect(drop).toMatchObject({ insufficient: false, baseline: 0.9, recent: 0.56, significant: true });
    expect(drop.delta).toBeCloseTo(-0.34, 12);
    expect(detectDrift(t(180, 200), t(21, 25)).significant).toBe(false);
  });

  it("'drop' is one-sided: a rise is never significant, a drop gets half the two-sided p", () => {
    const rise = detectDrift(t(100, 200), t(24, 25), { alternative: 'drop' });
    expect(rise.significant).toBe(false);
    expect(rise.pValue).toBeGreaterThan(0.99);
    const two = twoProportionZTest(t(180, 200), t(18, 25));
    const one = twoProportionZTest(t(180, 200), t(18, 25), 'drop');
    expect(one.pValue).toBeCloseTo(two.pValue / 2, 14);
  });

  it('no variance (everything right on both sides) is no evidence of change', () => {
    expect(detectDrift(t(50, 50), t(30, 30))).toMatchObject({ insufficient: false, delta: 0, z: 0, pValue: 1, significant: false });
  });

  it('fractional scores: sums of scores are the counts', () => {
    const r = detectDrift(t(85.5, 100), t(12.25, 20));
    expect(r.insufficient).toBe(false);
    expect(r.recent).toBeCloseTo(0.6125, 12);
  });

  it('rejects impossible tallies', () => {
    expect(() => detectDrift(t(11, 10), t(5, 20))).toThrow(RangeError);
    expect(() => detectDrift(t(-1, 10), t(5, 20))).toThrow(RangeError);
  });
});

const steady = (annotator: string, label: string): AnnotatorLabelWindow => ({ annotator, label, baseline: t(90, 100), recent: t(27, 30) });
const dropped = (annotator: string, label: string): AnnotatorLabelWindow => ({ annotator, label, baseline: t(90, 100), recent: t(15, 30) });

describe('systemicAlerts', () => {
  it('several annotators dropping on one label is one systemic alert, not several individual ones', () => {
    const rows = [dropped('ann', 'car'), dropped('bob', 'car'), dropped('cy', 'car'), steady('dee', 'car'), dropped('ann', 'person'), steady('bob', 'person')];
    const { systemic, individual } = systemicAlerts(rows);
    expect(systemic).toHaveLength(1);
    expect(systemic[0]).toMatchObject({ kind: 'systemic', label: 'car', annotators: ['ann', 'bob', 'cy'], eligible: 4, share: 0.75 });
    expect(systemic[0]!.meanDelta).toBeCloseTo(-0.4, 12);
    // ann's drop on 'person' is hers alone (1 of 2 is under the 2-annotator floor of the share rule).
    expect(individual.map((a) => [a.kind, a.annotator, a.label])).toEqual([['individual', 'ann', 'person']]);
  });

  it('the share rule: 2 of 3 annotators is systemic at minShare 0.5, not at 0.8', () => {
    const rows = [dropped('a', 'bus'), dropped('b', 'bus'), steady('c', 'bus')];
    expect(systemicAlerts(rows).systemic.map((s) => s.label)).toEqual(['bus']);
    const strict = systemicAlerts(rows, { minShare: 0.8 });
    expect(strict.systemic).toEqual([]);
    expect(strict.individual.map((a) => a.annotator)).toEqual(['a', 'b']);
  });

  it('annotators with too little data are not eligible and never alert', () => {
    const thin = { annotator: 'z', label: 'bus', baseline: t(9, 10), recent: t(1, 5) };
    const { systemic, individual } = systemicAlerts([thin, dropped('a', 'bus'), steady('b', 'bus'), steady('c', 'bus')]);
    expect(systemic).toEqual([]);
    expect(individual.map((a) => a.annotator)).toEqual(['a']);
  });

  it('a rise is not an alert', () => {
    const rise = { annotator: 'a', label: 'x', baseline: t(50, 100), recent: t(29, 30) };
    expect(systemicAlerts([rise])).toEqual({ systemic: [], individual: [] });
  });

  it('property: every significant drop is reported exactly once, and input order does not matter', () => {
    const row = fc.record({
      annotator: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      label: fc.constantFrom('car', 'bus', 'sign'),
      baseline: fc.integer({ min: 0, max: 200 }).chain((n) => fc.record({ n: fc.constant(n), sum: fc.integer({ min: 0, max: n }) })),
      recent: fc.integer({ min: 0, max: 60 }).chain((n) => fc.record({ n: fc.constant(n), sum: fc.integer({ min: 0, max: n }) })),
    });
    // One row per annotator × label, as the server would produce.
    const rows = fc.uniqueArray(row, { selector: (r) => `${r.annotator}/${r.label}`, maxLength: 15 });
    fc.assert(
      fc.property(rows, (rs) => {
        const out = systemicAlerts(rs);
        const drops = rs.filter((r) => {
          const d = detectDrift(r.baseline, r.recent);
          return !d.insufficient && d.significant && d.delta < 0;
        });
        const reported = [
          ...out.individual.map((a) => `${a.annotator}/${a.label}`),
          ...out.systemic.flatMap((s) => s.annotators.map((a) => `${a}/${s.label}`)),
        ];
        expect(reported.sort()).toEqual(drops.map((r) => `${r.annotator}/${r.label}`).sort());
        expect(systemicAlerts([...rs].reverse())).toEqual(out);
      }),
    );
  });
});
