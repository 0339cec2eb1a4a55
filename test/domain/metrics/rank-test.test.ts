// Mann–Whitney U against scipy.stats.mannwhitneyu (two-sided, asymptotic, continuity-corrected),
// on seeded samples with and without ties, made by test/domain/fixtures/make_rank_test_fixtures.py
// (/usr/bin/python3, scipy 1.10.1).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mannWhitneyU } from '../../../src/domain/metrics/rank-test.ts';

const Fixture = z.object({ scipy: z.string(), cases: z.array(z.object({ a: z.array(z.number()), b: z.array(z.number()), u: z.number(), p: z.number() })) });
const fixture = Fixture.parse(JSON.parse(readFileSync(new URL('../fixtures/rank-test-reference.json', import.meta.url), 'utf8')));

describe('Mann–Whitney U', () => {
  it('agrees with scipy on 30 seeded cases (ties included)', () => {
    expect(fixture.cases.length).toBe(30);
    for (const c of fixture.cases) {
      const r = mannWhitneyU(c.a, c.b);
      expect(r.u).toBeCloseTo(c.u, 9);
      expect(Math.abs(r.p - c.p)).toBeLessThanOrEqual(1e-9 + 1e-7 * c.p);
    }
  });

  it('law: swapping the samples gives the same p-value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }),
        (a, b) => {
          expect(mannWhitneyU(a, b).p).toBeCloseTo(mannWhitneyU(b, a).p, 12);
        },
      ),
    );
  });

  it('finds a real shift and not a non-shift', () => {
    const a = Array.from({ length: 200 }, (_, i) => i);
    expect(
      mannWhitneyU(
        a,
        a.map((x) => x + 40),
      ).p,
    ).toBeLessThan(0.001);
    expect(mannWhitneyU(a, [...a].reverse()).p).toBeCloseTo(1, 6);
  });
});
