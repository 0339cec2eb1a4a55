// Our code-point offsets against Python's own str (the way spaCy and NLP tooling count), and our
// grapheme clusters against the `regex` module's \X (an implementation independent of ICU). The
// fixture is made by test/domain/fixtures/make_text_fixtures.py (see its header to regenerate).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOffsetIndex, codePointLength, codePointToUtf16, sliceByCodePoints, utf16ToCodePoint } from '../../../src/domain/text/offsets.ts';
import { graphemeBoundaries, snapSpanToTokens, snapToGraphemes, tokenBoundaries } from '../../../src/domain/text/segment.ts';
import { validateSpans } from '../../../src/domain/text/spans.ts';

const Slice = z.object({ start: z.number().int(), end: z.number().int(), text: z.string() });
const Fixture = z.object({
  name: z.string(),
  script: z.string(),
  text: z.string(),
  codePoints: z.array(z.string()),
  len: z.number().int(),
  utf16Len: z.number().int(),
  utf16At: z.array(z.number().int()),
  entities: z.array(Slice.extend({ label: z.string() })),
  slices: z.array(Slice),
  graphemeEdges: z.array(z.number().int()),
});
const Reference = z.object({ unicode: z.string(), fixtures: z.array(Fixture) });
const reference = Reference.parse(JSON.parse(readFileSync(new URL('../fixtures/text-reference.json', import.meta.url), 'utf8')));

describe('text offsets against Python', () => {
  it('covers every script the tagger promises', () => {
    const scripts = new Set(reference.fixtures.map((f) => f.script));
    for (const s of ['emoji', 'latin+combining', 'vietnamese', 'cjk', 'rtl', 'mixed']) expect(scripts).toContain(s);
  });

  describe.each(reference.fixtures.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const index = buildOffsetIndex(f.text);

    it('reads the text as Python wrote it (no re-normalisation on the way)', () => {
      expect(Array.from(f.text).map((c) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'))).toEqual(f.codePoints);
    });

    it('has Python’s len() and UTF-16 length', () => {
      expect(codePointLength(f.text)).toBe(f.len);
      expect(index.length).toBe(f.len);
      expect(index.utf16Length).toBe(f.utf16Len);
    });

    it('maps every code-point offset to the UTF-16 index Python computes, and back', () => {
      expect(f.utf16At.map((_, cp) => codePointToUtf16(index, cp))).toEqual(f.utf16At);
      f.utf16At.forEach((u, cp) => expect(utf16ToCodePoint(index, u)).toBe(cp));
    });

    it('slices like text[a:b]', () => {
      for (const s of [...f.slices, ...f.entities]) expect(sliceByCodePoints(index, s.start, s.end)).toBe(s.text);
    });

    it('accepts Python’s entity offsets as valid spans', () => {
      const spans = f.entities.map((e, i) => ({ id: `e${i}`, label: e.label, start: e.start, end: e.end }));
      expect(validateSpans(spans, { textLength: f.len, labels: spans.map((s) => s.label), allowOverlap: true })).toEqual([]);
    });

    it('finds the same grapheme clusters as regex \\X', () => {
      expect([...graphemeBoundaries(f.text)]).toEqual(f.graphemeEdges);
    });

    it('leaves entities whole when snapping them to graphemes and tokens', () => {
      const g = graphemeBoundaries(f.text);
      const t = tokenBoundaries(f.text);
      for (const e of f.entities) {
        expect(snapToGraphemes(e, g)).toMatchObject({ start: e.start, end: e.end });
        // Token snapping only widens. Entities sit on word boundaries (ICU's CJK dictionary
        // agrees on these) except Hebrew "לתל אביב": the prefix ל ("to") is glued to the word,
        // so a span on תל אביב widens to include it. Projects tagging Hebrew morphemes must not
        // snap to tokens.
        const snapped = snapSpanToTokens(e, t);
        expect(snapped).not.toBeNull();
        expect(snapped!.start <= e.start && snapped!.end >= e.end).toBe(true);
        if (!(f.name === 'hebrew' && e.text === 'תל אביב')) expect(snapped).toMatchObject({ start: e.start, end: e.end });
      }
    });
  });
});
