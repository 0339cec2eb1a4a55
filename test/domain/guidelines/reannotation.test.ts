import { describe, expect, it } from 'vitest';
import type { AnnotationPayload } from '../../../src/domain/api/index.ts';
import { goesBack, goldLeavesScoring, labelsOf, selectForReannotation, staleLabels, type RevisionRef } from '../../../src/domain/guidelines/reannotation.ts';

const v = (major: number, minor = 0) => ({ major, minor });
const rev = (itemId: string, userId: string, revision: number, version: { major: number; minor: number }, labels: string[]): RevisionRef => ({
  itemId,
  userId,
  revision,
  version,
  labels,
});
const update = { version: v(2), labels: ['cat'] };

describe('labelsOf', () => {
  it('collects shape, span and class labels once each', () => {
    const p: AnnotationPayload = {
      shapes: [
        { id: 's', kind: 'box', label: 'cat', x: 0, y: 0, w: 1, h: 1, attributes: {} },
        { id: 't', kind: 'box', label: 'cat', x: 0, y: 0, w: 1, h: 1, attributes: {} },
      ],
      spans: [{ id: 'p', label: 'per', start: 0, end: 1 }],
      classes: ['sports'],
    };
    expect(labelsOf(p)).toEqual(['cat', 'per', 'sports']);
  });
});

describe('selectForReannotation: what goes back', () => {
  it('a current revision made under an older version using a named label', () => {
    const r = rev('i1', 'u1', 1, v(1), ['cat', 'dog']);
    expect(selectForReannotation([r], update)).toEqual([r]);
  });
  it('a revision made under an older minor of the same line (1.3 < 2.0) too', () => {
    expect(goesBack({ version: v(1, 3), labels: ['cat'] }, update)).toBe(true);
  });
  it('each annotator of the same item separately', () => {
    const a = rev('i1', 'u1', 1, v(1), ['cat']);
    const b = rev('i1', 'u2', 1, v(1), ['cat']);
    expect(selectForReannotation([a, b], update)).toEqual([a, b]);
  });
});

describe('selectForReannotation: what does not go back', () => {
  it('annotations using only other labels', () => {
    expect(selectForReannotation([rev('i1', 'u1', 1, v(1), ['dog'])], update)).toEqual([]);
  });
  it('annotations with no labels at all', () => {
    expect(selectForReannotation([rev('i1', 'u1', 1, v(1), [])], update)).toEqual([]);
  });
  it('annotations made under the update itself or a newer version', () => {
    expect(selectForReannotation([rev('i1', 'u1', 1, v(2), ['cat']), rev('i2', 'u1', 1, v(2, 1), ['cat'])], update)).toEqual([]);
  });
  it('older revisions when the latest no longer uses the label', () => {
    expect(selectForReannotation([rev('i1', 'u1', 1, v(1), ['cat']), rev('i1', 'u1', 2, v(1, 1), ['dog'])], update)).toEqual([]);
  });
  it('older revisions when the latest was already redone under the update (only the latest is judged)', () => {
    const latest = rev('i1', 'u1', 2, v(2), ['cat']);
    expect(selectForReannotation([latest, rev('i1', 'u1', 1, v(1), ['cat'])], update)).toEqual([]);
  });
});

describe('staleLabels (late submissions)', () => {
  const versions = [
    { major: 1, minor: 0, kind: 'initial' as const, affectedLabels: [] },
    { major: 1, minor: 1, kind: 'clarification' as const, affectedLabels: [] },
    { major: 2, minor: 0, kind: 'label_change' as const, affectedLabels: ['cat'] },
    { major: 3, minor: 0, kind: 'label_change' as const, affectedLabels: ['dog'] },
  ];
  it('unites the labels of every major newer than the version the work was made under', () => {
    expect(staleLabels(versions, v(1, 1)).sort()).toEqual(['cat', 'dog']);
    expect(staleLabels(versions, v(2))).toEqual(['dog']);
    expect(staleLabels(versions, v(3))).toEqual([]);
  });
  it('ignores clarifications', () => {
    expect(staleLabels(versions.slice(0, 2), v(1))).toEqual([]);
  });
});

describe('goldLeavesScoring', () => {
  it('takes out gold whose answer uses a named label, keeps the rest', () => {
    expect(goldLeavesScoring({ shapes: [], spans: [], classes: ['cat'] }, ['cat'])).toBe(true);
    expect(goldLeavesScoring({ shapes: [], spans: [], classes: ['dog'] }, ['cat'])).toBe(false);
  });
});
