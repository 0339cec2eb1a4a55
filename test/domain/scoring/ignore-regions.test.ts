// Ignore regions in gold answers (COCO crowds, masks kept without an outline): neither a truth to
// find nor a place where an answer costs precision.
import { describe, expect, it } from 'vitest';
import { matchShapes, scoreShapes, type MatchableShape } from '../../../src/domain/scoring/shapes.ts';

const box = (id: string, x: number, y: number, w: number, h: number, ignore = false): MatchableShape => ({
  id,
  kind: 'box',
  label: 'person',
  x,
  y,
  w,
  h,
  ...(ignore ? { ignore: true } : {}),
});
const opts = { iouThreshold: 0.5 };

describe('gold scoring leaves ignore regions out', () => {
  const crowd = box('crowd', 0, 0, 100, 100, true);
  const person = box('p', 200, 0, 20, 40);

  it('an annotator who draws people inside a crowd is not scored wrong', () => {
    expect(scoreShapes([person, crowd], [box('a', 200, 0, 20, 40), box('b', 10, 10, 20, 40), box('c', 50, 50, 20, 20)], opts)).toBe(1);
  });
  it('nor one who draws the crowd itself, nor one who leaves it alone', () => {
    expect(scoreShapes([person, crowd], [box('a', 200, 0, 20, 40), box('b', 0, 0, 100, 100)], opts)).toBe(1);
    expect(scoreShapes([person, crowd], [box('a', 200, 0, 20, 40)], opts)).toBe(1);
  });
  it('an answer mostly outside the crowd still counts against precision', () => {
    const r = matchShapes([person, crowd], [box('a', 200, 0, 20, 40), box('b', 90, 0, 40, 40)], opts);
    expect(r.unmatchedAnswer).toEqual(['b']);
    expect(r.f1).toBeCloseTo(2 / 3, 9);
  });
  it('only an image of ignore regions, nothing drawn: perfect', () => {
    expect(scoreShapes([crowd], [], opts)).toBe(1);
  });
});
