import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnnotationPayload } from '../../../src/domain/api/annotation.ts';
import { selfConsistencyFigure, selfConsistencyScore, SELF_CONSISTENCY_MIN_N } from '../../../src/domain/dashboard/self-consistency.ts';

// Self-consistency of a hidden repeat: the repeat's answer against the annotator's own original,
// with the gold matching rules. Identical answers score 1, any pair scores in [0, 1].
const labels = ['car', 'person', 'tree'] as const;
const coord = fc.integer({ min: 0, max: 100 });
const payload: fc.Arbitrary<AnnotationPayload> = fc
  .record({
    boxes: fc.array(
      fc.record({ label: fc.constantFrom(...labels), x: coord, y: coord, w: fc.integer({ min: 1, max: 40 }), h: fc.integer({ min: 1, max: 40 }) }),
      { maxLength: 5 },
    ),
    spans: fc.uniqueArray(fc.record({ label: fc.constantFrom(...labels), start: fc.integer({ min: 0, max: 50 }), len: fc.integer({ min: 1, max: 10 }) }), {
      maxLength: 5,
      selector: (s) => `${s.start}:${s.len}:${s.label}`,
    }),
    classes: fc.uniqueArray(fc.constantFrom(...labels), { maxLength: 3 }),
  })
  .map(({ boxes, spans, classes }) => ({
    shapes: boxes.map((b, i) => ({ id: `b${i}`, kind: 'box' as const, label: b.label, x: b.x, y: b.y, w: b.w, h: b.h, attributes: {} })),
    spans: spans.map((s, i) => ({ id: `s${i}`, label: s.label, start: s.start, end: s.start + s.len })),
    classes,
  }));

describe('selfConsistencyScore', () => {
  it('is 1 for an identical answer (whatever the shape ids)', () => {
    fc.assert(
      fc.property(payload, fc.constantFrom(0.3, 0.5, 0.75), (p, iou) => {
        const renamed = { ...p, shapes: p.shapes.map((s, i) => ({ ...s, id: `again${i}` })), spans: p.spans.map((s, i) => ({ ...s, id: `again${i}` })) };
        expect(selfConsistencyScore(p, renamed, iou)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('stays in [0, 1] for any two answers', () => {
    fc.assert(
      fc.property(payload, payload, (a, b) => {
        const s = selfConsistencyScore(a, b, 0.5);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('scores a changed class lower, and a box moved off the original 0', () => {
    const original: AnnotationPayload = { shapes: [], spans: [], classes: ['car'] };
    expect(selfConsistencyScore(original, { shapes: [], spans: [], classes: ['tree'] }, 0.5)).toBe(0);
    expect(selfConsistencyScore(original, { shapes: [], spans: [], classes: ['car', 'tree'] }, 0.5)).toBe(0.5);
    const box = (x: number) => ({ id: 'b', kind: 'box' as const, label: 'car', x, y: 0, w: 10, h: 10, attributes: {} });
    expect(selfConsistencyScore({ shapes: [box(0)], spans: [], classes: [] }, { shapes: [box(50)], spans: [], classes: [] }, 0.5)).toBe(0);
  });
});

describe('selfConsistencyFigure', () => {
  it('gives no mean below the minimum count, the mean from it on', () => {
    expect(selfConsistencyFigure(0, 0)).toEqual({ answered: 0, mean: null, minN: SELF_CONSISTENCY_MIN_N });
    expect(selfConsistencyFigure(SELF_CONSISTENCY_MIN_N - 1, 1).mean).toBeNull();
    expect(selfConsistencyFigure(4, 3)).toEqual({ answered: 4, mean: 0.75, minN: SELF_CONSISTENCY_MIN_N });
  });

  it('keeps the mean in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, m) => {
        const f = selfConsistencyFigure(n, n * m);
        if (f.mean !== null) {
          expect(f.mean).toBeGreaterThanOrEqual(0);
          expect(f.mean).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
