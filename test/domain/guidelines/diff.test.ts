import { describe, expect, it } from 'vitest';
import type { GuidelineSection } from '../../../src/domain/api/index.ts';
import { diffLines, diffVersions } from '../../../src/domain/guidelines/diff.ts';

const s = (id: string, body: string, extra: Partial<GuidelineSection> = {}): GuidelineSection => ({
  id,
  kind: 'definition',
  title: id.toUpperCase(),
  body,
  labels: [],
  ...extra,
});

describe('diffLines (LCS)', () => {
  it('keeps common lines and marks deletions before additions at a replaced line', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'add', text: 'x' },
      { op: 'same', text: 'c' },
    ]);
  });
  it('handles empty sides and pure insertions', () => {
    expect(diffLines('', 'a\nb')).toEqual([
      { op: 'add', text: 'a' },
      { op: 'add', text: 'b' },
    ]);
    expect(diffLines('a', '')).toEqual([{ op: 'del', text: 'a' }]);
    expect(diffLines('a\nc', 'a\nb\nc').map((o) => o.op)).toEqual(['same', 'add', 'same']);
  });
  it('finds a longest common subsequence (replaying it gives both texts back)', () => {
    const before = 'one\ntwo\nthree\nfour\nfive\nsix';
    const after = 'zero\ntwo\nfour\nthree\nfive\nseven';
    const ops = diffLines(before, after);
    expect(
      ops
        .filter((o) => o.op !== 'add')
        .map((o) => o.text)
        .join('\n'),
    ).toBe(before);
    expect(
      ops
        .filter((o) => o.op !== 'del')
        .map((o) => o.text)
        .join('\n'),
    ).toBe(after);
    expect(ops.filter((o) => o.op === 'same')).toHaveLength(3); // two, three|four, five
  });
  it('treats CRLF like LF', () => {
    expect(diffLines('a\r\nb', 'a\nb').every((o) => o.op === 'same')).toBe(true);
  });
});

describe('diffVersions', () => {
  it('reports added, removed and changed sections with the changed text', () => {
    const v1 = [s('scope', 'Label everything.'), s('cat', 'A cat.\nWhole body.'), s('old', 'gone soon')];
    const v2 = [s('scope', 'Label everything.'), s('cat', 'A cat.\nOnly the head.', { labels: ['cat'] }), s('dog', 'A dog.')];
    const d = diffVersions(v1, v2);
    expect(d.added.map((x) => x.id)).toEqual(['dog']);
    expect(d.removed.map((x) => x.id)).toEqual(['old']);
    expect(d.unchanged).toBe(1);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]?.fields).toEqual(['body', 'labels']);
    expect(d.changed[0]?.body).toEqual([
      { op: 'same', text: 'A cat.' },
      { op: 'del', text: 'Whole body.' },
      { op: 'add', text: 'Only the head.' },
    ]);
  });
  it('an insertion does not mark later sections as moved; a swap does', () => {
    expect(diffVersions([s('a', ''), s('b', '')], [s('new', ''), s('a', ''), s('b', '')]).changed).toEqual([]);
    const swapped = diffVersions([s('a', ''), s('b', '')], [s('b', ''), s('a', '')]);
    expect(swapped.changed.map((c) => [c.id, c.fields])).toEqual([
      ['b', ['position']],
      ['a', ['position']],
    ]);
  });
  it('is empty between a version and itself', () => {
    const v = [s('a', 'x'), s('b', 'y', { kind: 'example', itemId: '0195a1b2-0000-4000-8000-000000000001', reason: 'r' })];
    expect(diffVersions(v, v)).toEqual({ added: [], removed: [], changed: [], unchanged: 2 });
  });
});
