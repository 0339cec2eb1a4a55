import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEEDBACK_RULES, ownAccuracy, type FeedbackScore } from '../../../src/domain/scoring/annotator-feedback.ts';

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 10, 23);
/** Scores in the order they were made, the last `daysAgo` days ago. */
const scores = (values: number[], daysAgo: number): FeedbackScore[] =>
  values.map((score, i) => ({ score, scoredAt: NOW - daysAgo * DAY - (values.length - i) * 1000 }));

describe("an annotator's own gold accuracy", () => {
  it('says nothing before a whole block of scores is a day old', () => {
    expect(ownAccuracy(scores(Array(9).fill(1), 2), NOW)).toEqual({ accuracy: null, basedOn: 0 });
    expect(ownAccuracy(scores(Array(30).fill(1), 0.5), NOW)).toEqual({ accuracy: null, basedOn: 0 });
  });

  it('counts whole blocks only, over the most recent window', () => {
    expect(ownAccuracy(scores([...Array(10).fill(1), ...Array(5).fill(0)], 2), NOW)).toEqual({ accuracy: 1, basedOn: 10 });
    // 70 old scores: the 50 most recent count — 30 of the halves, then the 20 ones.
    const r = ownAccuracy(scores([...Array(50).fill(0.5), ...Array(20).fill(1)], 3), NOW);
    expect(r).toEqual({ accuracy: 0.7, basedOn: 50 });
  });

  it('law: a score younger than the delay never changes the figure, whatever its value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ score: fc.double({ min: 0, max: 1, noNaN: true }), age: fc.integer({ min: 0, max: 10 * DAY }) }), { maxLength: 80 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 10 * DAY }),
        (past, score, age) => {
          const before = past.map((p, i) => ({ score: p.score, scoredAt: NOW - p.age - i }));
          // The newest item: just scored, or scored a while ago.
          const extra = { score, scoredAt: NOW - Math.min(age, FEEDBACK_RULES.delayMs - 1) };
          expect(ownAccuracy([...before, extra], NOW)).toEqual(ownAccuracy(before, NOW));
        },
      ),
    );
  });

  it('law: the figure moves only when the number of old scores crosses a block boundary', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 60 }), (values) => {
        const all = values.map((score, i) => ({ score, scoredAt: NOW - 2 * DAY + i }));
        for (let k = 1; k <= all.length; k++) {
          const a = ownAccuracy(all.slice(0, k - 1), NOW);
          const b = ownAccuracy(all.slice(0, k), NOW);
          if (k % FEEDBACK_RULES.block !== 0) expect(b).toEqual(a);
        }
      }),
    );
  });

  it('does not move exactly a day after the block-completing item: each score waits a day plus its own jitter', () => {
    // Ten scores made at the same moment, their jitters spread over [0, 1).
    const made = NOW - DAY;
    const block = Array.from({ length: 10 }, (_, k) => ({ score: 1, scoredAt: made, jitter: k / 10 }));
    expect(ownAccuracy(block, NOW + 1).basedOn).toBe(0);
    expect(ownAccuracy(block, NOW + 0.85 * FEEDBACK_RULES.jitterMs).basedOn).toBe(0);
    expect(ownAccuracy(block, NOW + 0.9 * FEEDBACK_RULES.jitterMs).basedOn).toBe(10);
  });
});
