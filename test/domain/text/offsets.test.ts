import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildOffsetIndex,
  codePointLength,
  codePointToUtf16,
  isCodePointBoundary,
  sliceByCodePoints,
  spanToUtf16,
  utf16ToCodePoint,
} from '../../../src/domain/text/offsets.ts';

// Array.from splits a string into code points (lone surrogates included), exactly as Python's
// str does, so it is the obvious-but-slow oracle for every property here.
const SAMPLE = fc.constantFrom('a', ' ', 'é', 'e\u0301', '👨‍👩‍👧', '🇫🇷', '👍🏽', '東京', '𠮷', 'عمّان', 'שלום', '\ud800', '\udc00', '\n');
/** Full-Unicode strings (lone surrogates included), and strings dense in the hard cases. */
const texts = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.array(SAMPLE, { maxLength: 20 }).map((a) => a.join('')),
);

describe('offset index (properties)', () => {
  it('round-trips cp → UTF-16 → cp on every code-point boundary, agreeing with Array.from', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const index = buildOffsetIndex(text);
        const cps = Array.from(text);
        expect(index.length).toBe(cps.length);
        expect(codePointLength(text)).toBe(cps.length);
        let u = 0;
        for (let cp = 0; cp <= cps.length; cp++) {
          expect(codePointToUtf16(index, cp)).toBe(u);
          expect(utf16ToCodePoint(index, u)).toBe(cp);
          expect(isCodePointBoundary(index, u)).toBe(true);
          u += cps[cp]?.length ?? 0;
        }
      }),
    );
  });

  it('rejects a UTF-16 index inside a surrogate pair, or snaps it when asked', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const index = buildOffsetIndex(text);
        let u = 0;
        Array.from(text).forEach((c, cp) => {
          if (c.length === 2) {
            expect(isCodePointBoundary(index, u + 1)).toBe(false);
            expect(() => utf16ToCodePoint(index, u + 1)).toThrow(RangeError);
            expect(utf16ToCodePoint(index, u + 1, { insidePair: 'snap-before' })).toBe(cp);
            expect(utf16ToCodePoint(index, u + 1, { insidePair: 'snap-after' })).toBe(cp + 1);
          }
          u += c.length;
        });
      }),
    );
  });

  it('slices a surface string whose length in code points is end − start', () => {
    fc.assert(
      fc.property(
        texts.chain((text) => {
          const n = codePointLength(text);
          return fc.tuple(fc.constant(text), fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }));
        }),
        ([text, a, b]) => {
          const [start, end] = a <= b ? [a, b] : [b, a];
          const index = buildOffsetIndex(text);
          const surface = sliceByCodePoints(index, start, end);
          expect(codePointLength(surface)).toBe(end - start);
          expect(surface).toBe(Array.from(text).slice(start, end).join(''));
          const u = spanToUtf16(index, { start, end });
          expect(text.slice(u.start, u.end)).toBe(surface);
        },
      ),
    );
  });
});

describe('offset index (fixed cases)', () => {
  it('counts emoji sequences by their code points, as Python does', () => {
    // 👨‍👩‍👧 = man, ZWJ, woman, ZWJ, girl: 5 code points, 8 UTF-16 units, 1 grapheme.
    const family = buildOffsetIndex('👨‍👩‍👧');
    expect([family.length, family.utf16Length]).toEqual([5, 8]);
    // A flag is two regional indicators; a skin tone is a modifier code point after the hand.
    expect(codePointLength('🇫🇷')).toBe(2);
    expect(codePointLength('👍🏽')).toBe(2);
    const index = buildOffsetIndex('Hi 👍🏽 there');
    expect(sliceByCodePoints(index, 3, 5)).toBe('👍🏽');
    expect(sliceByCodePoints(index, 6, 11)).toBe('there');
    expect(codePointToUtf16(index, 6)).toBe(8);
  });

  it('counts a combining mark as its own code point', () => {
    const index = buildOffsetIndex('Cafe\u0301!');
    expect(index.length).toBe(6);
    expect(sliceByCodePoints(index, 3, 5)).toBe('e\u0301');
    // No astral code points: the index is the identity, with no table at all.
    expect(index.astralUtf16.length).toBe(0);
    expect(utf16ToCodePoint(index, 5)).toBe(5);
  });

  it('counts CJK extension B (astral) ideographs once, BMP ones once', () => {
    const index = buildOffsetIndex('𠮷野家で');
    expect(index.length).toBe(4);
    expect(sliceByCodePoints(index, 1, 3)).toBe('野家');
    expect(codePointToUtf16(index, 1)).toBe(2);
  });

  it('uses logical order for right-to-left text (offsets never depend on display)', () => {
    const index = buildOffsetIndex('שלום 123 עולם');
    expect(sliceByCodePoints(index, 5, 8)).toBe('123');
    expect(sliceByCodePoints(buildOffsetIndex('عام 2023 مع'), 4, 8)).toBe('2023');
  });

  it('treats a lone surrogate as one code point, as Python and Array.from do', () => {
    const index = buildOffsetIndex('a\ud83db\udc68');
    expect(index.length).toBe(4);
    expect(sliceByCodePoints(index, 1, 2)).toBe('\ud83d');
    expect(utf16ToCodePoint(index, 2)).toBe(2);
  });

  it('refuses offsets outside the text or not whole', () => {
    const index = buildOffsetIndex('abc');
    expect(() => codePointToUtf16(index, 4)).toThrow(/between 0 and 3/);
    expect(() => codePointToUtf16(index, -1)).toThrow(RangeError);
    expect(() => codePointToUtf16(index, 1.5)).toThrow(RangeError);
    expect(() => utf16ToCodePoint(index, Number.NaN)).toThrow(RangeError);
    expect(() => sliceByCodePoints(index, 2, 1)).toThrow(/before its start/);
    expect(isCodePointBoundary(index, 7)).toBe(false);
  });

  it('converts 2,000 spans of a 100,000-character emoji-heavy document correctly', () => {
    // Correctness at size. Speed is by construction (a binary search over the astral positions,
    // O(log k) per conversion); timings are not asserted in unit tests (DESIGN.md: test/bench).
    const unit = 'Zoë 👨‍👩‍👧 met 山田 in 🇫🇷 𠮷 ';
    const text = unit.repeat(Math.ceil(100_000 / codePointLength(unit)));
    const index = buildOffsetIndex(text);
    const cps = Array.from(text);
    const utf16At = new Int32Array(cps.length + 1);
    cps.forEach((c, i) => (utf16At[i + 1] = utf16At[i]! + c.length));
    for (let k = 0; k < 2000; k++) {
      const start = (k * 7919) % (cps.length - 50);
      const end = start + (k % 50);
      expect(codePointToUtf16(index, start)).toBe(utf16At[start]);
      expect(utf16ToCodePoint(index, utf16At[end]!)).toBe(end);
      expect(sliceByCodePoints(index, start, end)).toBe(text.slice(utf16At[start], utf16At[end]));
    }
  });
});
