// Qualification: before live work, an annotator answers a declared quiz of gold items. The
// verdict is the mean of their first-submission scores once every quiz item is answered; before
// that they are "in progress" and the queue serves only quiz items.
export type QualificationStatus = 'not_required' | 'in_progress' | 'passed' | 'failed';

export interface QualificationOutcome {
  readonly status: QualificationStatus;
  /** Mean quiz score, only once the quiz is complete. */
  readonly score: number | null;
  readonly answered: number;
  readonly total: number;
  readonly passMark: number;
}

export function qualificationOutcome(quizItems: number, scores: readonly number[], passMark: number): QualificationOutcome {
  const base = { answered: Math.min(scores.length, quizItems), total: quizItems, passMark };
  if (quizItems === 0) return { status: 'not_required', score: null, ...base };
  if (scores.length < quizItems) return { status: 'in_progress', score: null, ...base };
  const score = scores.reduce((a, b) => a + b, 0) / scores.length;
  // A hair of float slack, so 4 of 5 right (0.8000000000000002 or 0.7999999999999999) meets 0.8.
  return { status: score >= passMark - 1e-9 ? 'passed' : 'failed', score, ...base };
}

/** Live work (and hidden gold) only after passing, or when no quiz is set. */
export const mayDoLiveWork = (o: QualificationOutcome): boolean => o.status === 'passed' || o.status === 'not_required';
