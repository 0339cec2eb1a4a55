import { describe, expect, it } from 'vitest';
import { escalationProblems, unknownEscalationLabels } from '../../../src/domain/escalations/rules.ts';

const LABELS = ['per', 'org', 'loc'];

describe('escalation rules', () => {
  it('asks for a reason, a note for "other", and two known labels for "ambiguous"', () => {
    expect(escalationProblems({ reason: null, note: '', labels: [] }, LABELS)).toEqual({ reason: 'Choose why you are escalating this item.' });
    expect(escalationProblems({ reason: 'other', note: '   ', labels: [] }, LABELS).note).toMatch(/note is required/);
    expect(escalationProblems({ reason: 'other', note: 'the text is cut off', labels: [] }, LABELS)).toEqual({});
    expect(escalationProblems({ reason: 'ambiguous_labels', note: '', labels: ['per'] }, LABELS).labels).toBe(
      'Pick at least two labels you cannot choose between.',
    );
    expect(escalationProblems({ reason: 'ambiguous_labels', note: '', labels: ['per', 'per'] }, LABELS).labels).toMatch(/at least two/);
    expect(escalationProblems({ reason: 'ambiguous_labels', note: '', labels: ['per', 'gossip'] }, LABELS).labels).toBe('Not labels of this project: gossip.');
    expect(escalationProblems({ reason: 'ambiguous_labels', note: '', labels: ['per', 'org'] }, LABELS)).toEqual({});
    // Labels only matter for 'ambiguous'; a note is optional for the other reasons.
    expect(escalationProblems({ reason: 'bad_asset', note: '', labels: ['per'] }, LABELS)).toEqual({});
    expect(escalationProblems({ reason: 'not_covered', note: 'x'.repeat(2001), labels: [] }, LABELS).note).toMatch(/2001 characters long; at most 2000/);
  });

  it('names the labels a schema does not have', () => {
    expect(unknownEscalationLabels(['per', 'x', 'loc', 'y'], LABELS)).toEqual(['x', 'y']);
    expect(unknownEscalationLabels([], LABELS)).toEqual([]);
  });
});
