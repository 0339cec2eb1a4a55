// The outline check the server runs on a worker thread (checkOutline) and hands to validation is
// the one validation would make itself: passing it changes no answer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOutline, validatePolygon } from '../../../src/domain/geometry/polygon.ts';

const coordinate = fc.oneof(fc.integer({ min: -5, max: 60 }), fc.double({ min: -5, max: 60, noNaN: false }));
const polygon = fc.array(fc.tuple(coordinate, coordinate), { minLength: 0, maxLength: 80 });

describe('checkOutline', () => {
  it('gives validatePolygon the same answer it finds alone', () => {
    fc.assert(
      fc.property(polygon, fc.boolean(), (points, withImage) => {
        const image = withImage ? { width: 50, height: 50 } : undefined;
        expect(validatePolygon(points, image, checkOutline(points))).toEqual(validatePolygon(points, image));
      }),
      { numRuns: 500 },
    );
  });

  it('survives the copy between threads (plain data)', () => {
    const bowtie: Array<[number, number]> = [
      [0, 0],
      [10, 10],
      [10, 0],
      [0, 10],
    ];
    expect(structuredClone(checkOutline(bowtie))).toEqual({ basic: false, problems: ['edges 0 and 2 cross; the outline must not cross or touch itself'] });
  });
});
