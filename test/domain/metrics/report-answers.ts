// Random project answers for the agreement report's laws: up to 60 answers on 6 items by 4
// annotators (one answer per annotator and item), each with classes, boxes and spans, under one
// of two guideline versions.
import fc from 'fast-check';
import type { ReportAnswer } from '../../../src/domain/metrics/agreement-report.ts';

const box = fc.record({
  id: fc.uuid(),
  kind: fc.constant('box' as const),
  label: fc.constantFrom('person', 'car'),
  x: fc.integer({ min: 0, max: 50 }),
  y: fc.integer({ min: 0, max: 50 }),
  w: fc.integer({ min: 5, max: 40 }),
  h: fc.integer({ min: 5, max: 40 }),
  attributes: fc.constant({}),
});
const span = fc.record({ id: fc.uuid(), label: fc.constantFrom('per', 'org'), start: fc.integer({ min: 0, max: 5 }), end: fc.integer({ min: 6, max: 9 }) });

export const reportAnswers: fc.Arbitrary<ReportAnswer[]> = fc
  .array(
    fc.record({
      itemId: fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5', 'i6'),
      annotatorId: fc.constantFrom('A', 'B', 'C', 'D'),
      versionId: fc.constantFrom('v0', 'v1'),
      payload: fc.record({ classes: fc.subarray(['x', 'y', 'z']), shapes: fc.array(box, { maxLength: 2 }), spans: fc.array(span, { maxLength: 2 }) }),
    }),
    { maxLength: 60 },
  )
  .map((list) => {
    const seen = new Set<string>();
    return list.filter((a) => !seen.has(`${a.itemId}/${a.annotatorId}`) && seen.add(`${a.itemId}/${a.annotatorId}`));
  });
