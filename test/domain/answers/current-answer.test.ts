import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentAnswers, historyOrder, type RevisionKey } from '../../../src/domain/answers/current-answer.ts';
import { histories } from './histories.ts';

describe('an annotator’s current answer', () => {
  it('is the highest revision per item and annotator, a reviewer’s correction included, whatever the client clock said', () => {
    const revisions = [
      { itemId: 'a', userId: 'u', revision: 1, reviewerId: null, submittedAt: 500 },
      { itemId: 'a', userId: 'u', revision: 2, reviewerId: null, submittedAt: 100 },
      { itemId: 'a', userId: 'u', revision: 3, reviewerId: 'lead', submittedAt: 50 },
      { itemId: 'a', userId: 'v', revision: 1, reviewerId: null, submittedAt: 900 },
    ];
    expect(currentAnswers(revisions).map((r) => [r.userId, r.revision])).toEqual([
      ['u', 3],
      ['v', 1],
    ]);
    expect(currentAnswers(revisions, 'own').map((r) => [r.userId, r.revision])).toEqual([
      ['u', 2],
      ['v', 1],
    ]);
  });

  it('has exactly one answer per (item, annotator) that has one, and none is older than another in scope', () => {
    fc.assert(
      fc.property(histories, fc.constantFrom('of-record' as const, 'own' as const), (revs, scope) => {
        const current = currentAnswers(revs, scope);
        const inScope = revs.filter((r) => scope === 'of-record' || !r.reviewerId);
        const keys = new Set(inScope.map((r) => `${r.itemId}/${r.userId}`));
        expect(current).toHaveLength(keys.size);
        for (const c of current) {
          expect(inScope.some((r) => r.itemId === c.itemId && r.userId === c.userId && r.revision > c.revision)).toBe(false);
        }
      }),
    );
  });

  it('does not depend on the order the revisions are read in', () => {
    fc.assert(
      fc.property(
        histories.chain((revs) => fc.tuple(fc.constant(revs), fc.shuffledSubarray(revs, { minLength: revs.length, maxLength: revs.length }))),
        ([revs, shuffled]) => {
          expect(currentAnswers(shuffled)).toEqual(currentAnswers(revs));
        },
      ),
    );
  });

  it('orders history by item, annotator and revision number only', () => {
    const a: RevisionKey = { itemId: 'x', userId: 'u', revision: 2 };
    const b: RevisionKey = { itemId: 'x', userId: 'u', revision: 10 };
    expect([b, a].sort(historyOrder)).toEqual([a, b]);
  });
});
