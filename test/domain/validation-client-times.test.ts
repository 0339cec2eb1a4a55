import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plausibleTimes } from '../../src/domain/validation/client-times.ts';

describe('plausibleTimes', () => {
  it('keeps times that can be true, and clamps others into [notBefore, receivedAt] with started ≤ submitted', () => {
    const t = fc.integer({ min: -2_208_988_800_000, max: 253_402_300_799_000 });
    fc.assert(
      fc.property(t, t, t, t, (s, u, nb, rc) => {
        const [notBefore, receivedAt] = nb <= rc ? [nb, rc] : [rc, nb];
        const out = plausibleTimes(
          { startedAt: new Date(s).toISOString(), submittedAt: new Date(u).toISOString() },
          { receivedAt: new Date(receivedAt), notBefore: new Date(notBefore) },
        );
        const [st, su] = [out.startedAt.getTime(), out.submittedAt.getTime()];
        expect(su).toBeLessThanOrEqual(receivedAt);
        expect(su).toBeGreaterThanOrEqual(notBefore);
        expect(st).toBeGreaterThanOrEqual(notBefore);
        expect(st).toBeLessThanOrEqual(su);
        if (notBefore <= s && s <= u && u <= receivedAt) expect([st, su]).toEqual([s, u]);
      }),
    );
  });
});
