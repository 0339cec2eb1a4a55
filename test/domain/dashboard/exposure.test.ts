import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exposureAlerts, POOL_WARNING, STANDOUT_FACTOR } from '../../../src/domain/dashboard/exposure.ts';

describe('gold exposure alerts', () => {
  it('says nothing while gold recurs no more than live work does', () => {
    expect(exposureAlerts({ gold: [3, 3, 2, 1], liveReach: 3, cap: null })).toEqual([]);
    // Calibration items go to everyone: gold served as widely does not stand out.
    expect(exposureAlerts({ gold: [40, 38], liveReach: 40, cap: null })).toEqual([]);
  });

  it('flags gold served to more than twice the live reach, with the numbers and what to do', () => {
    const [alert, ...rest] = exposureAlerts({ gold: [2, 7, 12, 3], liveReach: 3, cap: null });
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ id: 'exposure:standout', severity: 'warning', title: '2 gold items recur far more than live work' });
    expect(alert!.detail).toMatch(/up to 12 annotators, while no live item went to more than 3/);
    expect(alert!.detail).toMatch(/Set a gold exposure cap/);
  });

  it('does not call a handful of servings suspicious in a single-annotator project', () => {
    expect(exposureAlerts({ gold: [4, 4], liveReach: 1, cap: null })).toEqual([]);
    expect(exposureAlerts({ gold: [5], liveReach: 1, cap: null })).toHaveLength(1);
  });

  it('warns when most of a capped pool is used up, and is critical when all of it is', () => {
    expect(exposureAlerts({ gold: [10, 10, 10, 10, 3], liveReach: 20, cap: 10 })).toEqual([
      expect.objectContaining({ id: 'exposure:pool', severity: 'warning', title: 'The gold pool is running out' }),
    ]);
    const [gone] = exposureAlerts({ gold: [10, 10], liveReach: 20, cap: 10 });
    expect(gone).toMatchObject({ severity: 'critical', title: 'The gold pool is used up' });
    expect(gone!.detail).toMatch(/2 of 2 gold items have reached the exposure cap of 10 annotators: queues get no more gold/);
    expect(exposureAlerts({ gold: [10, 10, 10, 3, 3], liveReach: 20, cap: 10 })).toEqual([]);
  });

  it('law: a standout alert exactly when some gold item exceeds the limit; a pool alert exactly when the full share reaches the warning', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(200), { maxLength: 60 }), fc.nat(60), fc.option(fc.integer({ min: 2, max: 200 }), { nil: null }), (gold, liveReach, cap) => {
        const ids = exposureAlerts({ gold, liveReach, cap }).map((a) => a.id);
        const limit = Math.max(4, STANDOUT_FACTOR * Math.max(1, liveReach));
        expect(ids.includes('exposure:standout')).toBe(gold.some((n) => n > limit));
        const full = cap === null ? 0 : gold.filter((n) => n >= cap).length;
        expect(ids.includes('exposure:pool')).toBe(cap !== null && gold.length > 0 && full / gold.length >= POOL_WARNING);
      }),
    );
  });
});
