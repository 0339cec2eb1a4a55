// Our statistics against independent implementations: sklearn (Cohen), statsmodels (Fleiss,
// proportion intervals, z-test), nltk + a textbook coincidence-matrix computation (Krippendorff),
// scipy (special functions). The fixture is made by test/domain/fixtures/make_metrics_fixtures.py
// (see its header to regenerate). Closed forms agree to 1e-9; iterative inverses to 1e-6 is the
// brief, and they are in fact within ~1e-10 (checked at 1e-9 relative below).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cohenKappa, fleissKappa, krippendorffAlpha, type Rating } from '../../../src/domain/metrics/agreement.ts';
import { twoProportionZTest } from '../../../src/domain/metrics/drift.ts';
import { clopperPearsonInterval, jeffreysInterval, wilsonInterval } from '../../../src/domain/metrics/intervals.ts';
import { inverseNormalCdf, inverseRegularizedIncompleteBeta, normalCdf, normalSf, regularizedIncompleteBeta } from '../../../src/domain/metrics/special.ts';

const Pair = z.tuple([z.number(), z.number()]);
const Fixture = z.object({
  versions: z.record(z.string(), z.string()),
  cohen: z.array(z.object({ a: z.array(z.string()), b: z.array(z.string()), kappa: z.number().nullable() })),
  fleiss: z.array(z.object({ m: z.number(), data: z.array(z.array(z.string())), noise: z.array(z.array(z.string())), kappa: z.number() })),
  alpha: z.array(z.object({ rows: z.array(z.array(z.string().nullable())), alpha: z.number(), nltkAlpha: z.number(), pairableItems: z.number() })),
  intervals: z.array(z.object({ count: z.number(), nobs: z.number(), confidence: z.number(), wilson: Pair, beta: Pair, jeffreys: Pair })),
  ztest: z.array(z.object({ baseline: Pair, recent: Pair, z: z.number(), pTwoSided: z.number(), pDrop: z.number() })),
  special: z.object({
    ndtri: z.array(Pair),
    ndtr: z.array(z.tuple([z.number(), z.number(), z.number()])),
    beta: z.array(z.object({ a: z.number(), b: z.number(), p: z.number(), x: z.number(), ix: z.number() })),
  }),
});
const fixture = Fixture.parse(JSON.parse(readFileSync(new URL('../fixtures/metrics-reference.json', import.meta.url), 'utf8')));

/** |actual − expected| ≤ tol·max(1, |expected|): absolute near 0, relative for large values. */
function expectClose(actual: number | null, expected: number, tol = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}
/** Relative closeness, for tiny tail probabilities and quantiles. */
function expectRel(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected) + 1e-300);
}

it('has the expected amount of reference data', () => {
  expect(fixture.cohen.length).toBeGreaterThanOrEqual(40);
  expect(fixture.fleiss.length).toBeGreaterThanOrEqual(40);
  expect(fixture.alpha.length).toBeGreaterThanOrEqual(40);
  expect(fixture.intervals.length).toBeGreaterThanOrEqual(40);
  expect(fixture.ztest.length).toBeGreaterThanOrEqual(40);
  expect(fixture.alpha.some((c) => c.rows.some((row) => row.includes(null)))).toBe(true);
});

describe("Cohen's kappa against sklearn cohen_kappa_score", () => {
  fixture.cohen.forEach((c, i) => {
    it(`case ${i} (${c.a.length} items)`, () => {
      const ratings: Rating[] = c.a.flatMap((la, j) => [
        { item: `i${j}`, rater: 'A', label: la },
        { item: `i${j}`, rater: 'B', label: c.b[j]! },
      ]);
      const r = cohenKappa(ratings, { minItems: 1 });
      expect(r.items).toBe(c.a.length);
      if (c.kappa === null) expect(r).toMatchObject({ value: null, reason: 'no variation' });
      else expectClose(r.value, c.kappa);
    });
  });
});

describe("Fleiss' kappa against statsmodels fleiss_kappa", () => {
  fixture.fleiss.forEach((c, i) => {
    it(`case ${i} (${c.data.length} items × ${c.m} raters, ${c.noise.length} off-count items)`, () => {
      const rows = [...c.data, ...c.noise];
      // Raters are anonymous per item in Fleiss' design: name them by position.
      const ratings: Rating[] = rows.flatMap((labels, j) => labels.map((label, k) => ({ item: `i${j}`, rater: `r${k}`, label })));
      const r = fleissKappa(ratings, { minItems: 1, raters: c.m });
      expect(r.items).toBe(c.data.length);
      expect(r.excluded).toBe(c.noise.length);
      expectClose(r.value, c.kappa);
      // Without the count given, the modal count is found (the off-count items are few).
      expectClose(fleissKappa(ratings, { minItems: 1 }).value, c.kappa);
    });
  });
});

describe("Krippendorff's alpha against nltk and the coincidence matrix", () => {
  fixture.alpha.forEach((c, i) => {
    const missing = c.rows.flat().filter((v) => v === null).length;
    it(`case ${i} (${c.rows.length} raters × ${c.rows[0]!.length} items, ${missing} missing)`, () => {
      const ratings: Rating[] = [];
      c.rows.forEach((row, r) => row.forEach((label, j) => label !== null && ratings.push({ item: `i${j}`, rater: `r${r}`, label })));
      const a = krippendorffAlpha(ratings, { minItems: 1 });
      expect(a.items).toBe(c.pairableItems);
      expectClose(a.value, c.alpha);
      expectClose(a.value, c.nltkAlpha);
    });
  });
});

describe('proportion intervals against statsmodels proportion_confint', () => {
  fixture.intervals.forEach((c, i) => {
    it(`case ${i}: ${c.count} of ${c.nobs} at ${c.confidence}`, () => {
      const w = wilsonInterval(c.count, c.nobs, c.confidence);
      expectClose(w.lower, c.wilson[0]);
      expectClose(w.upper, c.wilson[1]);
      // Beta quantiles are iterative: the brief allows 1e-6; we hold them to 1e-9.
      const cp = clopperPearsonInterval(c.count, c.nobs, c.confidence);
      expectClose(cp.lower, c.beta[0]);
      expectClose(cp.upper, c.beta[1]);
      // Jeffreys: equal to statsmodels except at the boundaries, where we apply Brown–Cai–DasGupta's
      // rule (lower 0 at s = 0, upper 1 at s = n) and statsmodels does not.
      const j = jeffreysInterval(c.count, c.nobs, c.confidence);
      if (c.count === 0) expect(j.lower).toBe(0);
      else expectClose(j.lower, c.jeffreys[0]);
      if (c.count === c.nobs) expect(j.upper).toBe(1);
      else expectClose(j.upper, c.jeffreys[1]);
    });
  });
});

describe('two-proportion z-test against statsmodels proportions_ztest', () => {
  fixture.ztest.forEach((c, i) => {
    it(`case ${i}`, () => {
      const baseline = { sum: c.baseline[0], n: c.baseline[1] };
      const recent = { sum: c.recent[0], n: c.recent[1] };
      const two = twoProportionZTest(baseline, recent, 'two-sided');
      expectClose(two.z, c.z);
      expectClose(two.pValue, c.pTwoSided);
      expectRel(two.pValue, c.pTwoSided, 1e-9);
      expectRel(twoProportionZTest(baseline, recent, 'drop').pValue, c.pDrop, 1e-9);
    });
  });
});

describe('special functions against scipy', () => {
  it('inverse normal CDF (ndtri), including deep tails', () => {
    for (const [p, x] of fixture.special.ndtri) expectRel(inverseNormalCdf(p), x, 1e-13);
  });
  it('normal CDF and survival function (ndtr), relative in the tails', () => {
    for (const [x, lower, upper] of fixture.special.ndtr) {
      // Below ~1e-300 the values are subnormal in scipy and here: compare absolutely.
      if (lower > 1e-300) expectRel(normalCdf(x), lower, 1e-12);
      else expect(normalCdf(x)).toBeLessThan(1e-300);
      expectRel(normalSf(x), upper, 1e-12);
    }
  });
  fixture.special.beta.forEach((c, i) => {
    it(`Beta(${c.a.toPrecision(4)}, ${c.b.toPrecision(4)}) quantile at ${c.p} (betaincinv) [${i}]`, () => {
      expectRel(inverseRegularizedIncompleteBeta(c.p, c.a, c.b), c.x, 1e-9);
      expectRel(regularizedIncompleteBeta(c.x, c.a, c.b), c.ix, 1e-9);
    });
  });
});
