// The whole gold score of an item against independent implementations: shapely IoU + scipy's
// linear_sum_assignment for the shape matching, Counter / numpy masks for spans, sklearn's
// jaccard_score for classes, statsmodels' Wilson interval for fractional sums. The fixture is made
// by test/domain/fixtures/make_gold_scoring_fixtures.py (its header says how to regenerate).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AnnotationPayload } from '../../../src/domain/api/index.ts';
import { scorePair } from '../../../src/domain/dashboard/score-pair.ts';
import { wilsonInterval } from '../../../src/domain/metrics/intervals.ts';

const Fixture = z.object({
  seed: z.number(),
  cases: z.array(
    z.object({
      name: z.string(),
      iouThreshold: z.number(),
      truth: z.unknown(),
      answer: z.unknown(),
      expected: z.object({
        score: z.number(),
        meanIoU: z.number().nullable(),
        spanOverlapF1: z.number().nullable(),
        byLabel: z.record(z.string(), z.number()),
      }),
    }),
  ),
  wilson: z.array(z.object({ successes: z.number(), n: z.number(), lower: z.number(), upper: z.number() })),
});
const fixture = Fixture.parse(JSON.parse(readFileSync(new URL('../fixtures/gold-scoring-reference.json', import.meta.url), 'utf8')));

const close = (actual: number | null, expected: number | null) => {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-9);
};

it('covers every part of the score: shapes, spans, classes and their mixtures', () => {
  expect(fixture.cases.length).toBeGreaterThanOrEqual(300);
  for (const part of ['shapes', 'spans', 'classes']) expect(fixture.cases.filter((c) => c.name.includes(part)).length).toBeGreaterThan(50);
  // Not a fixture of perfect answers: a good share of the items score neither 0 nor 1.
  expect(fixture.cases.filter((c) => c.expected.score > 0.05 && c.expected.score < 0.95).length).toBeGreaterThan(100);
});

describe('scorePair agrees with shapely / scipy / sklearn', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = scorePair(AnnotationPayload.parse(c.truth), AnnotationPayload.parse(c.answer), c.iouThreshold);
    close(got.score, c.expected.score);
    close(got.meanIoU, c.expected.meanIoU);
    close(got.spanOverlapF1, c.expected.spanOverlapF1);
    expect([...got.byLabel.keys()].sort()).toEqual(Object.keys(c.expected.byLabel).sort());
    for (const [label, f] of Object.entries(c.expected.byLabel)) close(got.byLabel.get(label) ?? null, f);
  });
});

it('gives the Wilson interval statsmodels gives for fractional score sums', () => {
  for (const w of fixture.wilson) {
    const got = wilsonInterval(w.successes, w.n, 0.95);
    close(got.lower, w.lower);
    close(got.upper, w.upper);
  }
});
