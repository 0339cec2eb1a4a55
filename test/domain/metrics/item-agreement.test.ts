import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreementReport, agreementReportOf, type ReportAnswer } from '../../../src/domain/metrics/agreement-report.ts';
import { decodeItemAgreements, encodeItemAgreement, itemAgreement } from '../../../src/domain/metrics/item-agreement.ts';
import { reportAnswers } from './report-answers.ts';

// The server stores one summary per item and sums them for the report (agreement/agreement-items.ts);
// these laws tie that path to the report over the answers themselves.
const versions = [
  { id: 'v0', version: '1.0', kind: 'initial', sections: [{ id: 's1', kind: 'rule' as const, title: 'Cars', labels: ['car', 'x'], body: '' }] },
  { id: 'v1', version: '1.1', kind: 'clarification', sections: [] },
];

function summaries(list: readonly ReportAnswer[], iouThreshold: number) {
  const byItem = new Map<string, ReportAnswer[]>();
  for (const a of list) byItem.set(a.itemId, [...(byItem.get(a.itemId) ?? []), a]);
  return [...byItem].map(([item, l]) => itemAgreement(item, l, iouThreshold));
}

describe('item agreement summaries', () => {
  it('survive being stored: decoding the encoded summaries gives them back', () => {
    fc.assert(
      fc.property(reportAnswers, fc.constantFrom(0.3, 0.5, 0.8), (list, iou) => {
        const items = summaries(list, iou);
        expect(decodeItemAgreements(items.map(encodeItemAgreement).join(','))).toEqual(items);
      }),
      { numRuns: 300 },
    );
  });

  it('summed in any order give the report of the answers themselves', () => {
    fc.assert(
      fc.property(reportAnswers, fc.integer({ min: 1, max: 3 }), fc.func(fc.integer()), (list, minItems, rank) => {
        const items = summaries(list, 0.5);
        // The database returns stored summaries in no particular order.
        const stored = decodeItemAgreements(items.map(encodeItemAgreement).join(',')).sort((a, b) => rank(a.item) - rank(b.item));
        expect(agreementReportOf(stored, versions, { minItems })).toEqual(agreementReport(list, versions, { iouThreshold: 0.5, minItems }));
      }),
      { numRuns: 300 },
    );
  });

  it('hold nothing to match on an item one annotator answered, or where nobody drew', () => {
    const payload = { classes: ['x'], shapes: [{ id: 's', kind: 'box' as const, label: 'car', x: 1, y: 1, w: 9, h: 9, attributes: {} }], spans: [] };
    const alone = itemAgreement('i', [{ annotatorId: 'A', versionId: 'v0', payload }], 0.5);
    expect(alone).toEqual({ item: 'i', answers: [{ rater: 'A', version: 'v0', classes: 'x' }], shapes: [], spans: [], f1: null });
    const classesOnly = itemAgreement(
      'i',
      ['A', 'B'].map((annotatorId) => ({ annotatorId, versionId: 'v0', payload: { ...payload, shapes: [], classes: ['y', 'x', 'y'] } })),
      0.5,
    );
    expect(classesOnly.answers.map((a) => a.classes)).toEqual(['x+y', 'x+y']);
    expect([classesOnly.shapes, classesOnly.spans, classesOnly.f1]).toEqual([[], [], null]);
  });

  it('rate each unit by every annotator of the item, "no shape" for one who missed it', () => {
    const car = { id: 's', kind: 'box' as const, label: 'car', x: 0, y: 0, w: 10, h: 10, attributes: {} };
    const x = itemAgreement(
      'i',
      [
        { annotatorId: 'B', versionId: 'v1', payload: { classes: [], shapes: [car], spans: [] } },
        { annotatorId: 'A', versionId: 'v0', payload: { classes: [], shapes: [{ ...car, x: 1 }], spans: [] } },
        { annotatorId: 'C', versionId: 'v0', payload: { classes: [], shapes: [], spans: [] } },
      ],
      0.5,
    );
    // Ratings name the answer (its index), in rater order: A, B, C.
    expect(x.shapes).toEqual([
      { unit: 0, answer: 1, label: 'car' },
      { unit: 0, answer: 0, label: 'car' },
      { unit: 0, answer: 2, label: '(no shape)' },
    ]);
    expect(x.f1).toBeCloseTo(1 / 3);
  });
});
