import { describe, expect, it } from 'vitest';
import type { GuidelineSection } from '../../../src/domain/api/index.ts';
import {
  compareVersions,
  exampleItemIds,
  needsAcknowledgement,
  nextVersion,
  sameSections,
  validatePublish,
  type PublishInput,
} from '../../../src/domain/guidelines/versioning.ts';

const ITEM = '0195a1b2-0000-4000-8000-000000000001';
const def = (id: string, body = 'text', labels: string[] = []): GuidelineSection => ({ id, kind: 'definition', title: id, body, labels });
const base: PublishInput = {
  current: { major: 1, minor: 2, sections: [def('a'), def('b', 'old', ['cat'])] },
  sections: [def('a'), def('b', 'new', ['cat'])],
  kind: 'clarification',
  affectedLabels: [],
  changelog: 'Reworded b.',
  labelIds: ['cat', 'dog'],
};
const messages = (p: PublishInput) => validatePublish(p).map((x) => x.message);

describe('version numbers', () => {
  it('a clarification bumps the minor, a label change the major and resets the minor', () => {
    expect(nextVersion({ major: 1, minor: 0 }, 'clarification')).toEqual({ major: 1, minor: 1 });
    expect(nextVersion({ major: 1, minor: 9 }, 'clarification')).toEqual({ major: 1, minor: 10 });
    expect(nextVersion({ major: 1, minor: 9 }, 'label_change')).toEqual({ major: 2, minor: 0 });
    expect(nextVersion({ major: 3, minor: 0 }, 'label_change')).toEqual({ major: 4, minor: 0 });
  });
  it('compares numerically, not as text (1.10 is newer than 1.9, 2.0 newer than 1.10)', () => {
    expect(compareVersions({ major: 1, minor: 10 }, { major: 1, minor: 9 })).toBeGreaterThan(0);
    expect(compareVersions({ major: 1, minor: 10 }, { major: 2, minor: 0 })).toBeLessThan(0);
    expect(compareVersions({ major: 2, minor: 1 }, { major: 2, minor: 1 })).toBe(0);
  });
});

describe('validatePublish', () => {
  it('accepts a real clarification', () => {
    expect(validatePublish(base)).toEqual([]);
  });
  it('refuses a draft identical to the current version, naming the version', () => {
    expect(messages({ ...base, sections: base.current.sections })).toEqual([
      'The draft has no changes against the current version 1.2; there is nothing to publish.',
    ]);
  });
  it('treats a reorder, a label or a reason change as a change', () => {
    expect(sameSections([def('a'), def('b')], [def('b'), def('a')])).toBe(false);
    expect(sameSections([def('a')], [def('a', 'text', ['cat'])])).toBe(false);
    expect(sameSections([def('a')], [def('a')])).toBe(true);
  });
  it('refuses a label change naming no labels, unknown labels or a label twice', () => {
    expect(messages({ ...base, kind: 'label_change' })).toEqual(['A label-changing update must name the labels whose intended answers changed.']);
    expect(messages({ ...base, kind: 'label_change', affectedLabels: ['cat', 'cow', 'pig'] })).toEqual([
      'Unknown labels "cow", "pig": affected labels must be labels of this project.',
    ]);
    expect(messages({ ...base, kind: 'label_change', affectedLabels: ['cat', 'cat'] })).toEqual(['A label is named twice among the affected labels.']);
    expect(validatePublish({ ...base, kind: 'label_change', affectedLabels: ['cat'] })).toEqual([]);
  });
  it('refuses a clarification that names labels, and an empty changelog', () => {
    expect(messages({ ...base, affectedLabels: ['cat'] })[0]).toMatch(/clarification changes no labels/);
    expect(validatePublish({ ...base, changelog: '  ' }).map((p) => p.path)).toEqual(['changelog']);
  });
  it('requires examples and counter-examples to point at an item with a reason', () => {
    const ex: GuidelineSection = { id: 'ex', kind: 'example', title: 'A cat', body: '', labels: ['cat'] };
    const problems = validatePublish({ ...base, sections: [...base.sections, ex, { ...ex, id: 'cx', kind: 'counter_example', itemId: ITEM }] });
    expect(problems.map((p) => p.path)).toEqual(['sections.2.itemId', 'sections.2.reason', 'sections.3.reason']);
    expect(problems[0]?.message).toBe('An example ("A cat") must point at an item of this project.');
    expect(validatePublish({ ...base, sections: [...base.sections, { ...ex, itemId: ITEM, reason: 'whole body visible' }] })).toEqual([]);
  });
  it('refuses duplicate section ids and sections naming unknown labels', () => {
    const problems = validatePublish({ ...base, sections: [def('a'), def('a', 'x', ['cow'])] });
    expect(problems.map((p) => p.message)).toEqual(['Section id "a" is used twice.', 'Section "a" names unknown label "cow".']);
  });
  it('lists example items once each', () => {
    const ex = (id: string, itemId: string): GuidelineSection => ({ id, kind: 'example', title: id, body: '', labels: [], itemId, reason: 'r' });
    expect(exampleItemIds([ex('x', ITEM), ex('y', ITEM), def('a')])).toEqual([ITEM]);
  });
});

describe('acknowledgement', () => {
  it('is needed for a published update not yet acknowledged, never for the initial version', () => {
    expect(needsAcknowledgement({ kind: 'initial' }, false)).toBe(false);
    expect(needsAcknowledgement({ kind: 'clarification' }, false)).toBe(true);
    expect(needsAcknowledgement({ kind: 'label_change' }, true)).toBe(false);
  });
});
