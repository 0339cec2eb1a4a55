import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consensusPayload } from '../../../src/domain/metrics/consensus-payload.ts';
import { classificationConsensus, majorityLabel, shapeConsensus, shapePairF1, spanConsensus, spanPairF1 } from '../../../src/domain/metrics/consensus.ts';

const box = (id: string, label: string, x: number, y = 0, w = 10, h = 10) => ({ id, label, kind: 'box' as const, x, y, w, h });

describe('majority vote', () => {
  it('takes the plurality label and counts each rater once (latest vote)', () => {
    expect(
      majorityLabel([
        { rater: 'a', label: 'cat' },
        { rater: 'a', label: 'dog' },
        { rater: 'b', label: 'dog' },
        { rater: 'c', label: 'cat' },
      ]),
    ).toEqual({ kind: 'agreed', label: 'dog', votes: 2, of: 3 });
  });
  it('reports a tie with the tied labels, sorted', () => {
    expect(
      majorityLabel([
        { rater: 'a', label: 'x' },
        { rater: 'b', label: 'w' },
      ]),
    ).toEqual({ kind: 'tie', candidates: ['w', 'x'], of: 2 });
  });
  it('classification consensus skips single-rater items and flags ties', () => {
    const out = classificationConsensus([
      { item: 'i1', rater: 'a', label: 'x' },
      { item: 'i1', rater: 'b', label: 'x' },
      { item: 'i1', rater: 'c', label: 'y' },
      { item: 'i2', rater: 'a', label: 'x' },
      { item: 'i2', rater: 'b', label: 'y' },
      { item: 'i3', rater: 'a', label: 'x' },
    ]);
    expect(out.map((c) => [c.item, c.decision.kind])).toEqual([
      ['i1', 'agreed'],
      ['i2', 'tie'],
    ]);
  });
  it('unanimous votes always agree on that label (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.string(), (k, label) => {
        const d = majorityLabel(Array.from({ length: k }, (_, i) => ({ rater: `r${i}`, label })));
        expect(d).toEqual({ kind: 'agreed', label, votes: k, of: k });
      }),
    );
  });
});

describe('shape consensus (clustered by IoU)', () => {
  it('keeps an object two of three drew, with its majority label, and drops a lone shape', () => {
    const r = shapeConsensus(
      [
        { annotator: 'a', shapes: [box('a1', 'car', 0), box('a2', 'tree', 100)] },
        { annotator: 'b', shapes: [box('b1', 'car', 1)] },
        { annotator: 'c', shapes: [box('c1', 'truck', 0)] },
      ],
      0.5,
    );
    expect(r.needsAdjudication).toBe(false);
    const kept = r.clusters.filter((c) => c.status === 'kept');
    expect(kept).toHaveLength(1);
    expect(kept[0]!.decision).toMatchObject({ kind: 'agreed', label: 'car', votes: 2, of: 3 });
    expect(kept[0]!.representative?.label).toBe('car');
    expect(r.clusters.find((c) => c.members.some((m) => m.shape.id === 'a2'))!.status).toBe('dropped');
  });
  it('a label tie or an object drawn by exactly half makes an adjudication task', () => {
    const labelTie = shapeConsensus(
      [
        { annotator: 'a', shapes: [box('a1', 'car', 0)] },
        { annotator: 'b', shapes: [box('b1', 'truck', 0)] },
      ],
      0.5,
    );
    expect(labelTie.needsAdjudication).toBe(true);
    const existenceTie = shapeConsensus(
      [
        { annotator: 'a', shapes: [box('a1', 'car', 0)] },
        { annotator: 'b', shapes: [] },
      ],
      0.5,
    );
    expect(existenceTie.clusters[0]!.status).toBe('tie');
  });
  it('never puts two shapes of one annotator in a cluster', () => {
    const r = shapeConsensus(
      [
        { annotator: 'a', shapes: [box('a1', 'car', 0), box('a2', 'car', 1)] },
        { annotator: 'b', shapes: [box('b1', 'car', 0)] },
      ],
      0.5,
    );
    for (const c of r.clusters) expect(new Set(c.members.map((m) => m.annotator)).size).toBe(c.members.length);
  });
  it('inter-annotator F1 is 1 for identical shapes and symmetric in annotators', () => {
    const a = { annotator: 'a', shapes: [box('a1', 'car', 0), box('a2', 'car', 50)] };
    const b = { annotator: 'b', shapes: [box('b1', 'car', 0)] };
    expect(shapePairF1([a, { annotator: 'c', shapes: a.shapes }], 0.5)).toBe(1);
    expect(shapePairF1([a, b], 0.5)).toBeCloseTo(2 / 3, 12);
    expect(shapePairF1([b, a], 0.5)).toBeCloseTo(2 / 3, 12);
    expect(shapePairF1([a], 0.5)).toBeNull();
  });
});

describe('span consensus (exact match)', () => {
  it('clusters by exact offsets and votes the label', () => {
    const r = spanConsensus([
      { annotator: 'a', shapes: [{ label: 'PER', start: 0, end: 5 }] },
      { annotator: 'b', shapes: [{ label: 'PER', start: 0, end: 5 }] },
      {
        annotator: 'c',
        shapes: [
          { label: 'ORG', start: 0, end: 5 },
          { label: 'LOC', start: 7, end: 9 },
        ],
      },
    ]);
    expect(r.needsAdjudication).toBe(false);
    expect(r.clusters.filter((c) => c.status === 'kept').map((c) => c.representative)).toEqual([{ label: 'PER', start: 0, end: 5 }]);
    expect(
      spanPairF1([
        { annotator: 'a', shapes: [{ label: 'PER', start: 0, end: 5 }] },
        { annotator: 'b', shapes: [{ label: 'PER', start: 0, end: 4 }] },
      ]),
    ).toBe(0);
  });
});

describe('payload consensus', () => {
  const p = (classes: string[], shapes: ReturnType<typeof box>[] = []) => ({ classes, shapes: shapes.map((s) => ({ ...s, attributes: {} })), spans: [] });
  it('gives the majority payload, or asks for adjudication on a tie', () => {
    const agreed = consensusPayload(
      [
        { annotator: 'a', payload: p(['cat'], [box('a1', 'car', 0)]) },
        { annotator: 'b', payload: p(['cat'], [box('b1', 'car', 1)]) },
        { annotator: 'c', payload: p(['dog']) },
      ],
      0.5,
    );
    expect(agreed.needsAdjudication).toBe(false);
    expect(agreed.payload?.classes).toEqual(['cat']);
    expect(agreed.payload?.shapes.map((s) => s.label)).toEqual(['car']);
    const tie = consensusPayload(
      [
        { annotator: 'a', payload: p(['cat']) },
        { annotator: 'b', payload: p(['dog']) },
      ],
      0.5,
    );
    expect(tie).toEqual({ payload: null, needsAdjudication: true, tiedLabels: ['cat', 'dog'] });
  });
});
