import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketSpans,
  checkSpan,
  chunkAt,
  chunkText,
  moveCaret,
  moveEdge,
  neighbourSpan,
  rangeFromSelection,
  segmentsIn,
  stackRows,
  type SpanRules,
} from '../../../src/domain/text/tagger-ops.ts';
import { textModel } from '../../../src/domain/text/text-model.ts';

const cps = (s: string) => Array.from(s);
const surface = (text: string, r: { start: number; end: number }) => cps(text).slice(r.start, r.end).join('');
const rules = (over: Partial<SpanRules> = {}): SpanRules => ({
  labels: new Map([
    ['per', 'Person'],
    ['loc', 'Location'],
  ]),
  allowOverlap: false,
  snapToTokens: true,
  ...over,
});

describe('text model offsets', () => {
  it('converts between code points and UTF-16 with emoji, CJK and Arabic', () => {
    const text = 'a😀b 東京 عمّان 🖼️!';
    const m = textModel(text);
    expect(m.length).toBe(cps(text).length);
    for (let cp = 0; cp <= m.length; cp++) {
      const u = m.toUtf16(cp);
      expect(m.toCodePoint(u)).toBe(cp);
      expect(cps(text.slice(0, u)).length).toBe(cp);
    }
    expect(m.slice(1, 2)).toBe('😀');
  });
  it('round-trips on arbitrary strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const m = textModel(text);
        for (let cp = 0; cp <= m.length; cp++) expect(m.toCodePoint(m.toUtf16(cp))).toBe(cp);
        expect(m.slice(0, m.length)).toBe(text);
      }),
    );
  });
});

describe('rangeFromSelection', () => {
  const text = 'Angela Merkel met Emmanuel Macron in Aachen 🎉 today.';
  const m = textModel(text);
  it('trims white space and snaps to whole tokens', () => {
    const r = rangeFromSelection(m, 9, 2, true)!;
    expect(surface(text, r)).toBe('Angela Merkel');
    expect(surface(text, rangeFromSelection(m, 36, 44, false)!)).toBe('Aachen');
  });
  it('never cuts a grapheme (flag-free emoji with variation selector)', () => {
    const t = 'see 🖼️ now';
    const mm = textModel(t);
    const r = rangeFromSelection(mm, 4, 5, false)!;
    expect(surface(t, r)).toBe('🖼️');
  });
  it('returns null for white space only', () => {
    expect(rangeFromSelection(m, 6, 7, true)).toBeNull();
  });
  it('selects Arabic words whole', () => {
    const t = 'افتتح رئيس الوزراء الأردني مستشفى الجامعة الجديد في عمّان يوم الأحد';
    const mm = textModel(t);
    const at = cps(t).join('').indexOf('عمّان');
    const start = cps(t.slice(0, at)).length;
    expect(surface(t, rangeFromSelection(mm, start + 1, start + 2, true)!)).toBe('عمّان');
  });
});

describe('checkSpan', () => {
  const m = textModel('Angela Merkel met Emmanuel Macron in Aachen.');
  const a = { id: 'a', label: 'per', start: 0, end: 13 };
  it('refuses overlaps by default, naming the other span', () => {
    const v = checkSpan(m, rules(), [a], { id: 'b', label: 'loc', start: 7, end: 17 });
    expect(v).toEqual({ ok: false, message: expect.stringMatching(/overlap Person “Angela Merkel”/) });
  });
  it('allows overlaps when the project does, but not an exact duplicate', () => {
    expect(checkSpan(m, rules({ allowOverlap: true }), [a], { id: 'b', label: 'loc', start: 7, end: 17 }).ok).toBe(true);
    expect(checkSpan(m, rules({ allowOverlap: true }), [a], { ...a, id: 'c' }).ok).toBe(false);
  });
  it('refuses unknown labels, empty spans and spans past the end', () => {
    expect(checkSpan(m, rules(), [], { id: 'x', label: 'org', start: 0, end: 3 }).ok).toBe(false);
    expect(checkSpan(m, rules(), [], { id: 'x', label: 'per', start: 3, end: 3 }).ok).toBe(false);
    expect(checkSpan(m, rules(), [], { id: 'x', label: 'per', start: 40, end: 99 }).ok).toBe(false);
  });
  it('lets a span be replaced by its own update', () => {
    expect(checkSpan(m, rules(), [a], { ...a, end: 6 }).ok).toBe(true);
  });
});

describe('caret and edges', () => {
  const text = 'Angela Merkel met Macron';
  const m = textModel(text);
  it('moves by token and by grapheme', () => {
    expect(moveCaret(m, 0, 1, false)).toBe(6);
    expect(moveCaret(m, 6, 1, false)).toBe(7);
    expect(moveCaret(m, 13, -1, false)).toBe(7);
    expect(moveCaret(m, 0, -1, false)).toBe(0);
    expect(moveCaret(m, 0, 1, true)).toBe(1);
    const e = textModel('a👍🏽b');
    expect(moveCaret(e, 1, 1, true)).toBe(3);
  });
  it('moves a boundary one word, skipping white space, and refuses to empty a span', () => {
    const s = { id: 's', label: 'per', start: 7, end: 13 };
    expect(moveEdge(m, s, 'start', -1)).toEqual({ start: 0, end: 13 });
    expect(moveEdge(m, s, 'end', 1)).toEqual({ start: 7, end: 17 });
    expect(moveEdge(m, { ...s, start: 0 }, 'end', -1)).toEqual({ start: 0, end: 6 });
    expect(typeof moveEdge(m, s, 'start', 1)).toBe('string');
  });
  it('finds the next and previous span', () => {
    const spans = [
      { id: 'b', label: 'per', start: 18, end: 24 },
      { id: 'a', label: 'per', start: 0, end: 13 },
    ];
    expect(neighbourSpan(spans, null, 5, 1)?.id).toBe('b');
    expect(neighbourSpan(spans, spans[0]!, 0, -1)?.id).toBe('a');
    expect(neighbourSpan([], null, 0, 1)).toBeNull();
  });
});

describe('chunks, buckets, segments, rows', () => {
  it('chunks cover the text exactly, break after newlines and at white space', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 3, max: 50 }), (text, target) => {
        const chunks = chunkText(text, target);
        expect(chunks[0]!.start).toBe(0);
        expect(chunks.at(-1)!.end).toBe(cps(text).length);
        chunks.forEach((c, i) => i > 0 && expect(c.start).toBe(chunks[i - 1]!.end));
        for (const c of chunks.slice(0, -1)) expect(/\s/u.test(cps(text)[c.end - 1]!)).toBe(true);
      }),
    );
    expect(chunkText('')).toEqual([{ start: 0, end: 0, paragraphEnd: true }]);
  });
  it('puts every span in the chunks it touches', () => {
    const chunks = chunkText('aaa bbb\nccc ddd eee', 4);
    const spans = [{ id: 'x', label: 'per', start: 2, end: 10 }];
    const b = bucketSpans(chunks, spans);
    const touched = chunks.map((c, i) => (b[i]!.length ? i : -1)).filter((i) => i >= 0);
    expect(touched).toEqual(chunks.map((c, i) => (c.start < 10 && c.end > 2 ? i : -1)).filter((i) => i >= 0));
    expect(chunkAt(chunks, 0)).toBe(0);
    expect(chunkAt(chunks, cps('aaa bbb\nccc ddd eee').length)).toBe(chunks.length - 1);
  });
  it('cuts segments at span edges with the covering ids', () => {
    const segs = segmentsIn(0, 10, [
      { id: 'a', label: 'per', start: 2, end: 6 },
      { id: 'b', label: 'per', start: 4, end: 12 },
    ]);
    expect(segs).toEqual([
      { start: 0, end: 2, ids: [] },
      { start: 2, end: 4, ids: ['a'] },
      { start: 4, end: 6, ids: ['a', 'b'] },
      { start: 6, end: 10, ids: ['b'] },
    ]);
  });
  it('stacks nested and crossing spans on separate rows', () => {
    const rows = stackRows([
      { id: 'in', label: 'per', start: 2, end: 4 },
      { id: 'out', label: 'per', start: 0, end: 10 },
      { id: 'later', label: 'per', start: 11, end: 12 },
    ]);
    expect(rows.get('out')).toBe(0);
    expect(rows.get('in')).toBe(1);
    expect(rows.get('later')).toBe(0);
  });
});
