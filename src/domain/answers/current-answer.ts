// An annotator's current answer on an item: the one definition every reader uses (agreement,
// adjudication, export, the data manager, re-annotation, repeats, figures). The server reads it
// with one DISTINCT ON query (server/answers/current-answers.ts), tested equal to this function.
//
// - Revisions of one annotator on one item are numbered 1, 2, 3… by the server as they arrive
//   (exactly once, under a per-account lock), so "newest" is the highest revision number. Never a
//   client clock: startedAt and submittedAt are the annotator's device's word, kept for figures
//   but not for order (a device an hour behind must not make its fresh answer "older").
// - A reviewer's correction is a revision on the annotator's answer (reviewerId set) and counts: the
//   label of record is the corrected one — that is what agreement, adjudication and the export read.
//   What the annotator answered themselves (self-consistency of hidden repeats, escalation figures)
//   leaves corrections out: the "own" scope.

/** What the rule needs of a revision. */
export interface RevisionKey {
  itemId: string;
  userId: string;
  revision: number;
  reviewerId?: string | null;
}

/** "of-record": the label as it stands, corrections included. "own": what the annotator answered. */
export type AnswerScope = 'of-record' | 'own';

/** Whether a revision belongs to the scope. */
export function inScope(r: RevisionKey, scope: AnswerScope): boolean {
  return scope === 'of-record' || !r.reviewerId;
}

/** History order: by item, then annotator, then revision number (the server's order of arrival). */
export function historyOrder(a: RevisionKey, b: RevisionKey): number {
  return compare(a.itemId, b.itemId) || compare(a.userId, b.userId) || a.revision - b.revision;
}

/** Each annotator's current answer per item, one per (item, annotator), in history order. */
export function currentAnswers<R extends RevisionKey>(revisions: Iterable<R>, scope: AnswerScope = 'of-record'): R[] {
  const newest = new Map<string, R>();
  for (const r of revisions) {
    if (!inScope(r, scope)) continue;
    const key = `${r.itemId}\u0000${r.userId}`;
    const held = newest.get(key);
    if (!held || r.revision > held.revision) newest.set(key, r);
  }
  return [...newest.values()].sort(historyOrder);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
