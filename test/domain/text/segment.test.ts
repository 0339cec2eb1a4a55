import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOffsetIndex, codePointLength, sliceByCodePoints } from '../../../src/domain/text/offsets.ts';
import {
  graphemeBoundaries,
  nextGraphemeBoundary,
  nextTokenBoundary,
  nextTokenStart,
  previousGraphemeBoundary,
  previousTokenBoundary,
  previousTokenEnd,
  snapSpanToTokens,
  snapToGraphemes,
  tokenBoundaries,
  type TokenBoundaries,
} from '../../../src/domain/text/segment.ts';

const SAMPLE = fc.constantFrom(
  'Zoë',
  ' ',
  '  ',
  'e\u0301',
  '👨‍👩‍👧',
  '🇫🇷',
  '👍🏽',
  '東京証券取引所',
  '我喜欢',
  'عمّان 2023',
  'ב-2024',
  'Việt',
  ',',
  '!',
  '\n',
  '\ud800',
);
const texts = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(SAMPLE, { maxLength: 14 }).map((a) => a.join('')),
);
/** A text with a range [a, b] inside it (either order). */
const textAndRange = texts.chain((text) => {
  const n = codePointLength(text);
  return fc.tuple(fc.constant(text), fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }));
});

const tokensOf = (text: string, b: TokenBoundaries = tokenBoundaries(text)): string[] => {
  const index = buildOffsetIndex(text);
  return [...b.starts].map((s, i) => sliceByCodePoints(index, s, b.ends[i]!));
};

describe('boundaries (properties)', () => {
  it('tokens are in order, non-empty, never white space, and only white space lies between them', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const b = tokenBoundaries(text);
        const index = buildOffsetIndex(text);
        expect(b.length).toBe(index.length);
        let at = 0;
        b.starts.forEach((s, i) => {
          const e = b.ends[i]!;
          expect(s).toBeGreaterThanOrEqual(at);
          expect(e).toBeGreaterThan(s);
          expect(sliceByCodePoints(index, at, s)).toMatch(/^\s*$/u);
          expect(sliceByCodePoints(index, s, e)).not.toMatch(/^\s+$/u);
          at = e;
        });
        expect(sliceByCodePoints(index, at, b.length)).toMatch(/^\s*$/u);
      }),
    );
  });

  it('piecewise segmentation (for speed) gives exactly the whole-text boundaries', () => {
    // Pieces of 1–6 code units put a cut candidate next to every tricky pair below. U+202F
    // (narrow no-break space, which joins words since Unicode 14) was found here: seed it.
    const TRICKY = fc.constantFrom(
      ' ',
      '\r\n',
      '\u0301',
      '🏽',
      '\u200d',
      '👩',
      '🇫',
      '。',
      '、',
      '！',
      'ア',
      'ﾞ',
      'ำ',
      'ก',
      'e.g',
      '3.14',
      '，',
      'a',
      '東京',
      '\t',
      '١٢',
      'ב-',
      '\u00a0',
      '\u202f',
      '\ufeff',
      '\u3000',
    );
    const tricky = fc.array(TRICKY, { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(texts, tricky), fc.integer({ min: 1, max: 6 }), (text, chunkSize) => {
        const whole = { chunkSize: Number.MAX_SAFE_INTEGER };
        expect(tokenBoundaries(text, undefined, { chunkSize })).toEqual(tokenBoundaries(text, undefined, whole));
        expect(graphemeBoundaries(text, undefined, { chunkSize })).toEqual(graphemeBoundaries(text, undefined, whole));
      }),
      { numRuns: 300 },
    );
  });

  it('does not cut at spaces that join words (regression found by the property above)', () => {
    // U+202F joins "ab cd" into one word (UAX #29 ExtendNumLet); U+FEFF is an invisible Format char.
    for (const text of ['ab\u202fcd', 'ab\ufeffcd', '𐅠𘡟🙜ᥚ\u202f𒅹𛱱🐻ᾦ']) {
      expect(tokenBoundaries(text, undefined, { chunkSize: 1 })).toEqual(tokenBoundaries(text));
    }
    expect(tokensOf('ab\u202fcd')).toEqual(['ab\u202fcd']);
  });

  it('grapheme clusters tile the text and agree with Intl.Segmenter', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const g = graphemeBoundaries(text);
        const clusters = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
        const index = buildOffsetIndex(text);
        expect([...g].slice(1).map((e, i) => sliceByCodePoints(index, g[i]!, e))).toEqual(clusters);
      }),
    );
  });

  it('snapping to graphemes widens, lands on boundaries, and is idempotent', () => {
    fc.assert(
      fc.property(textAndRange, ([text, a, b]) => {
        const g = graphemeBoundaries(text);
        const edges = new Set(g);
        const r = snapToGraphemes({ start: Math.min(a, b), end: Math.max(a, b) }, g);
        expect(r.start).toBeLessThanOrEqual(Math.min(a, b));
        expect(r.end).toBeGreaterThanOrEqual(Math.max(a, b));
        expect(edges.has(r.start) && edges.has(r.end)).toBe(true);
        expect(snapToGraphemes(r, g)).toEqual(r);
      }),
    );
  });

  it('snapping to tokens covers exactly the tokens touched, and is idempotent', () => {
    fc.assert(
      fc.property(textAndRange, ([text, a, b]) => {
        const t = tokenBoundaries(text);
        const r = snapSpanToTokens({ id: 'x', start: Math.min(a, b), end: Math.max(a, b) }, t);
        if (r === null) return;
        expect(r.id).toBe('x');
        expect(t.starts).toContain(r.start);
        expect(t.ends).toContain(r.end);
        expect(snapSpanToTokens(r, t)).toEqual(r);
      }),
    );
  });

  it('token caret moves are strict, monotone, and land on token edges', () => {
    fc.assert(
      fc.property(textAndRange, ([text, a]) => {
        const t = tokenBoundaries(text);
        const next = nextTokenBoundary(t, a);
        const prev = previousTokenBoundary(t, a);
        expect(next === t.length || (next > a && t.ends.includes(next))).toBe(true);
        expect(prev === 0 || (prev < a && t.starts.includes(prev))).toBe(true);
        if (next > a) expect(previousTokenBoundary(t, next)).toBeLessThan(next);
        const start = nextTokenStart(t, a);
        const end = previousTokenEnd(t, a);
        expect(start === t.length || (start > a && t.starts.includes(start))).toBe(true);
        expect(end === 0 || (end < a && t.ends.includes(end))).toBe(true);
        const g = graphemeBoundaries(text);
        expect(nextGraphemeBoundary(g, a)).toBe(a === t.length ? a : [...g].find((e) => e > a));
        expect(previousGraphemeBoundary(g, a)).toBe([...g].reverse().find((e) => e < a) ?? 0);
      }),
    );
  });
});

describe('emoji', () => {
  const text = 'Family 👨‍👩‍👧 in 🇫🇷 waved 👋🏽!';
  const g = graphemeBoundaries(text);
  it('never splits a ZWJ family, a flag or a skin tone', () => {
    expect(snapToGraphemes({ start: 9, end: 10 }, g)).toEqual({ start: 7, end: 12 }); // inside 👨‍👩‍👧
    expect(snapToGraphemes({ start: 17, end: 17 }, g)).toEqual({ start: 16, end: 18 }); // between 🇫 and 🇷
    expect(snapToGraphemes({ start: 25, end: 26 }, g)).toEqual({ start: 25, end: 27 }); // 👋 without 🏽
    expect(nextGraphemeBoundary(g, 7)).toBe(12);
    expect(previousGraphemeBoundary(g, 12)).toBe(7);
  });
  it('makes each emoji a token of its own', () => {
    expect(tokensOf(text)).toEqual(['Family', '👨‍👩‍👧', 'in', '🇫🇷', 'waved', '👋🏽', '!']);
  });
});

describe('combining marks', () => {
  it('keeps e + U+0301 together', () => {
    const g = graphemeBoundaries('Cafe\u0301 noir');
    expect(snapToGraphemes({ start: 0, end: 4 }, g)).toEqual({ start: 0, end: 5 });
    expect(tokensOf('Cafe\u0301 noir')).toEqual(['Cafe\u0301', 'noir']);
  });
  it('keeps Vietnamese stacked marks (NFD: base + two marks) in one grapheme and word', () => {
    const text = 'Tie\u0302\u0301ng Vie\u0323\u0302t'; // Tiếng Việt, decomposed
    const g = graphemeBoundaries(text);
    expect(snapToGraphemes({ start: 3, end: 4 }, g)).toEqual({ start: 2, end: 5 });
    expect(tokensOf(text)).toEqual(['Tie\u0302\u0301ng', 'Vie\u0323\u0302t']);
    expect(snapSpanToTokens({ start: 9, end: 10 }, tokenBoundaries(text))).toEqual({ start: 8, end: 14 });
  });
});

describe('CJK (ICU dictionary segmentation)', () => {
  it('cuts a Chinese sentence into words', () => {
    expect(tokensOf('我喜欢吃苹果。')).toEqual(['我', '喜欢', '吃', '苹果', '。']);
  });
  it('cuts a Japanese sentence into words, punctuation apart, and moves the caret by them', () => {
    const text = '山田さんは東京で株を買った。';
    const t = tokenBoundaries(text, 'ja');
    const tokens = tokensOf(text, t);
    expect(tokens.join('')).toBe(text); // no spaces in Japanese: tokens tile the text
    expect(tokens).toContain('東京');
    expect(tokens.at(-1)).toBe('。');
    expect(snapSpanToTokens({ start: 6, end: 6 }, t)).toEqual({ start: 5, end: 7 }); // caret in 東京
    expect(nextTokenBoundary(t, 5)).toBe(7);
  });
});

describe('right-to-left', () => {
  it('segments Arabic with numbers in logical order; the Arabic comma is a token', () => {
    const text = 'زرت القاهرة في عام 2023 مع 3 أصدقاء، وكان';
    const t = tokenBoundaries(text);
    expect(tokensOf(text, t)).toEqual(['زرت', 'القاهرة', 'في', 'عام', '2023', 'مع', '3', 'أصدقاء', '،', 'وكان']);
    // Ctrl+Right from the start of "عام" goes to its end, then over the space to the end of 2023.
    expect(nextTokenBoundary(t, 15)).toBe(18);
    expect(nextTokenBoundary(t, 18)).toBe(23);
    expect(previousTokenBoundary(t, 19)).toBe(15);
    expect(snapSpanToTokens({ start: 20, end: 21 }, t)).toEqual({ start: 19, end: 23 });
    // Span edges move to the next token's start / the previous token's end instead.
    expect(nextTokenStart(t, 15)).toBe(19);
    expect(previousTokenEnd(t, 23)).toBe(18);
  });
  it('segments Hebrew; the prefix ב- stays apart from the number, but ל stays on תל', () => {
    const text = 'נסעתי לתל אביב ב-2024 עם 5 חברים.';
    expect(tokensOf(text)).toEqual(['נסעתי', 'לתל', 'אביב', 'ב', '-', '2024', 'עם', '5', 'חברים', '.']);
  });
});

describe('mixed scripts and edges', () => {
  const text = 'Zoë met 山田 in תל אביב on 12/03 👍🏽 — café.';
  const t = tokenBoundaries(text);
  it('segments each script by its own rules', () => {
    expect(tokensOf(text, t)).toEqual(['Zoë', 'met', '山田', 'in', 'תל', 'אביב', 'on', '12', '/', '03', '👍🏽', '—', 'café', '.']);
  });
  it('trims white space off a selection and widens partial words', () => {
    expect(snapSpanToTokens({ start: 3, end: 6 }, t)).toEqual({ start: 4, end: 7 }); // " me" → "met"
    expect(snapSpanToTokens({ start: 3, end: 4 }, t)).toBeNull(); // only a space
    expect(snapSpanToTokens({ start: 3, end: 3 }, t)).toEqual({ start: 0, end: 3 }); // caret after "Zoë"
  });
  it('stops caret movement at the ends of the text', () => {
    expect(nextTokenBoundary(t, t.length)).toBe(t.length);
    expect(previousTokenBoundary(t, 0)).toBe(0);
    const empty = tokenBoundaries('');
    expect([empty.length, nextTokenBoundary(empty, 0), previousTokenBoundary(empty, 0)]).toEqual([0, 0, 0]);
    expect([...graphemeBoundaries('')]).toEqual([0]);
    expect(snapToGraphemes({ start: 0, end: 0 }, graphemeBoundaries(''))).toEqual({ start: 0, end: 0 });
  });
});
