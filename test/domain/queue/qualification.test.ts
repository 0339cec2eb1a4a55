import { describe, expect, it } from 'vitest';
import { mayDoLiveWork, qualificationOutcome } from '../../../src/domain/queue/qualification.ts';

describe('qualificationOutcome', () => {
  it('needs nothing without quiz items', () => {
    const o = qualificationOutcome(0, [], 0.8);
    expect(o.status).toBe('not_required');
    expect(mayDoLiveWork(o)).toBe(true);
  });
  it('stays in progress, with no score, until every quiz item is answered', () => {
    const o = qualificationOutcome(3, [1, 1], 0.8);
    expect(o).toMatchObject({ status: 'in_progress', score: null, answered: 2, total: 3 });
    expect(mayDoLiveWork(o)).toBe(false);
  });
  it('passes at the mark (float sums included) and fails below it', () => {
    expect(qualificationOutcome(5, [1, 1, 1, 1, 0], 0.8).status).toBe('passed');
    expect(qualificationOutcome(10, [0.1, 0.2, 0.7, 1, 1, 1, 1, 1, 1, 1], 0.8).status).toBe('passed');
    const failed = qualificationOutcome(4, [1, 1, 0.5, 0.5], 0.8);
    expect(failed).toMatchObject({ status: 'failed', score: 0.75 });
    expect(mayDoLiveWork(failed)).toBe(false);
  });
});
