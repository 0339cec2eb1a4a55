import { describe, expect, it } from 'vitest';
import { LIMITS, requestLimitProblem, requestLoad, withinRequestLimits } from '../../src/domain/validation/limits.ts';

const poly = (n: number) => ({ kind: 'polygon', points: Array.from({ length: n }, (_, i) => [i, i % 2]) });
const sub = (shapes: object[], spans = 0) => ({ payload: { shapes, spans: Array.from({ length: spans }, () => ({})) } });

describe('request limits', () => {
  it('counts polygon vertices, boxes as 4, spans, and escalations’ tentative labels', () => {
    expect(requestLoad([sub([poly(10), { kind: 'box' }], 3), { tentative: { shapes: [poly(5)], spans: [{}] } }])).toEqual({ vertices: 19, spans: 4 });
  });
  it('says which total is exceeded, in a sentence', () => {
    expect(requestLimitProblem([sub([poly(LIMITS.verticesPerRequest)])])).toBeNull();
    expect(requestLimitProblem([sub([poly(LIMITS.verticesPerRequest)]), sub([poly(3)])])).toMatch(/50,003 polygon vertices; at most 50,000/);
    expect(requestLimitProblem([sub([], LIMITS.spansPerRequest + 1)])).toMatch(/text spans/);
  });
  it('cuts a batch to the longest prefix within the totals, never to nothing', () => {
    const big = sub([poly(30_000)]);
    expect(withinRequestLimits([big, big, big], (m) => m)).toHaveLength(1);
    expect(withinRequestLimits([sub([poly(80_000)]), big], (m) => m)).toHaveLength(1);
    expect(withinRequestLimits([sub([poly(10)]), sub([poly(10)])], (m) => m)).toHaveLength(2);
  });
});
