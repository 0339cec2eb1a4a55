import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnnotationPayload } from '../../../src/domain/api/annotation.ts';
import { goldDeltas, WHOLE_ITEM } from '../../../src/domain/dashboard/aggregates.ts';
import { scorePair } from '../../../src/domain/dashboard/score-pair.ts';

// Gold scoring of one answer against one gold answer (what the sync hook stores): self-match is
// perfect, scores stay in [0, 1], the laws that are symmetric (F1, Jaccard) are, and the aggregate
// deltas carry exactly the item's score and its confusions.
const labels = ['car', 'person', 'tree'] as const;
const coord = fc.integer({ min: 0, max: 100 });
const box = fc.record({ label: fc.constantFrom(...labels), x: coord, y: coord, w: fc.integer({ min: 1, max: 40 }), h: fc.integer({ min: 1, max: 40 }) });
const tri = fc.record({ label: fc.constantFrom(...labels), x: coord, y: coord, s: fc.integer({ min: 2, max: 40 }) });
const span = fc.record({ label: fc.constantFrom(...labels), start: fc.integer({ min: 0, max: 50 }), len: fc.integer({ min: 1, max: 10 }) });

const payload: fc.Arbitrary<AnnotationPayload> = fc
  .record({
    boxes: fc.array(box, { maxLength: 6 }),
    tris: fc.array(tri, { maxLength: 3 }),
    spans: fc.uniqueArray(span, { maxLength: 6, selector: (s) => `${s.start}:${s.len}:${s.label}` }),
    classes: fc.uniqueArray(fc.constantFrom(...labels), { maxLength: 3 }),
  })
  .map(({ boxes, tris, spans, classes }) => ({
    shapes: [
      ...boxes.map((b, i) => ({ id: `b${i}`, kind: 'box' as const, label: b.label, x: b.x, y: b.y, w: b.w, h: b.h, attributes: {} })),
      ...tris.map((t, i) => ({
        id: `p${i}`,
        kind: 'polygon' as const,
        label: t.label,
        points: [
          [t.x, t.y],
          [t.x + t.s, t.y],
          [t.x, t.y + t.s],
        ] as Array<[number, number]>,
        attributes: {},
      })),
    ],
    spans: spans.map((s, i) => ({ id: `s${i}`, label: s.label, start: s.start, end: s.start + s.len })),
    classes,
  }));
const iou = fc.constantFrom(0.3, 0.5, 0.75);

describe('scorePair, fixed cases', () => {
  it('pairs exact span hits before confusions when two labels share one extent', () => {
    // Found by the self-match property (seed 1531363684): car and tree on one extent.
    const p: AnnotationPayload = {
      shapes: [],
      spans: [
        { id: 's0', label: 'car', start: 10, end: 16 },
        { id: 's1', label: 'tree', start: 10, end: 16 },
      ],
      classes: [],
    };
    expect(scorePair(p, p, 0.5).confusion.sort()).toEqual([
      ['car', 'car'],
      ['tree', 'tree'],
    ]);
    const answer: AnnotationPayload = {
      ...p,
      spans: [
        { id: 'a0', label: 'tree', start: 10, end: 16 },
        { id: 'a1', label: 'person', start: 10, end: 16 },
        { id: 'a2', label: 'car', start: 20, end: 22 },
      ],
    };
    expect(scorePair(p, answer, 0.5).confusion.sort()).toEqual(
      [
        ['car', 'person'],
        ['tree', 'tree'],
        ['∅', 'car'],
      ].sort(),
    );
  });
});

describe('scorePair, properties', () => {
  it('an answer equal to the gold answer scores 1, on every label', () => {
    fc.assert(
      fc.property(payload, iou, (p, t) => {
        const s = scorePair(p, p, t);
        expect(s.score).toBeCloseTo(1, 12);
        for (const v of s.byLabel.values()) expect(v).toBeCloseTo(1, 12);
        for (const [truth, answer] of s.confusion) expect(truth).toBe(answer);
      }),
    );
  });

  it('stays in [0, 1], per label too, and never NaN', () => {
    fc.assert(
      fc.property(payload, payload, iou, (a, b, t) => {
        const s = scorePair(a, b, t);
        for (const v of [s.score, ...s.byLabel.values(), s.meanIoU ?? 0, s.spanOverlapF1 ?? 0]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it('is symmetric: F1 and Jaccard do not care which side is the gold', () => {
    fc.assert(
      fc.property(payload, payload, iou, (a, b, t) => {
        expect(scorePair(a, b, t).score).toBeCloseTo(scorePair(b, a, t).score, 9);
      }),
    );
  });

  it('scores document classes by Jaccard and exact match', () => {
    const cls = (classes: string[]): AnnotationPayload => ({ shapes: [], spans: [], classes });
    expect(scorePair(cls(['car']), cls(['car']), 0.5).score).toBe(1);
    expect(scorePair(cls(['car']), cls(['tree']), 0.5).score).toBe(0);
    expect(scorePair(cls(['car', 'tree']), cls(['car', 'person']), 0.5).score).toBeCloseTo(1 / 3, 12);
  });

  it('keeps overlap credit beside the exact span score', () => {
    const sp = (start: number, end: number): AnnotationPayload => ({ shapes: [], spans: [{ id: 's', label: 'car', start, end }], classes: [] });
    const s = scorePair(sp(0, 10), sp(2, 10), 0.5);
    expect(s.score).toBe(0);
    // Partial credit by shared characters: 8 of 10 gold, 8 of 8 answered.
    expect(s.spanOverlapF1).toBeCloseTo((2 * 8) / (10 + 8), 12);
  });
});

describe('goldDeltas', () => {
  it('adds the whole-item score once, one row per label, and every confusion pair exactly once', () => {
    fc.assert(
      fc.property(payload, payload, iou, (a, b, t) => {
        const s = scorePair(a, b, t);
        const d = goldDeltas(s);
        expect(d.scores.filter((x) => x.label === WHOLE_ITEM)).toEqual([{ label: WHOLE_ITEM, score: s.score }]);
        expect(d.scores.length).toBe(s.byLabel.size + 1);
        expect([...d.confusion.values()].reduce((n, c) => n + c.count, 0)).toBe(s.confusion.length);
      }),
    );
  });
});
