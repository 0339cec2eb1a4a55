import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreementReport, type ReportAnswer } from '../../../src/domain/metrics/agreement-report.ts';
import { reportAnswers } from './report-answers.ts';

// The report cuts one set of encoded ratings per guideline version (encodeSubset); these laws tie
// the cuts to the whole: one version holding every answer gives the overall per-label figures, and
// a version nobody worked under gives none.
const version = (id: string, minor: number) => ({ id, version: `1.${minor}`, kind: minor ? 'clarification' : 'initial', sections: [] });

describe('agreementReport per guideline version', () => {
  it('with every answer under one version, that version has exactly the overall per-label alpha; an unused version has none', () => {
    fc.assert(
      fc.property(reportAnswers, fc.integer({ min: 1, max: 4 }), (list, minItems) => {
        const all: ReportAnswer[] = list.map((a) => ({ ...a, versionId: 'v1' }));
        const report = agreementReport(all, [version('v0', 0), version('v1', 1)], { iouThreshold: 0.5, minItems });
        const [unused, used] = report.byVersion;
        expect(unused!.perLabel).toEqual([]);
        const overall = report.perLabel.map((p) => ({ label: p.label, unit: p.unit, alpha: p.alpha }));
        expect([...used!.perLabel].sort(byKey)).toEqual([...overall].sort(byKey));
      }),
      { numRuns: 300 },
    );
  });

  it('splits the ratings by the version each answer was made under', () => {
    // Two annotators agree on items 1–3 under v0 and disagree on items 4–6 under v1.
    const mk = (item: number, rater: string, cls: string, versionId: string): ReportAnswer => ({
      itemId: `i${item}`,
      annotatorId: rater,
      versionId,
      payload: { classes: [cls], shapes: [], spans: [] },
    });
    const list = [1, 2, 3]
      .flatMap((i) => [mk(i, 'A', i % 2 ? 'x' : 'y', 'v0'), mk(i, 'B', i % 2 ? 'x' : 'y', 'v0')])
      .concat([4, 5, 6].flatMap((i) => [mk(i, 'A', 'x', 'v1'), mk(i, 'B', 'y', 'v1')]));
    const report = agreementReport(list, [version('v0', 0), version('v1', 1)], { iouThreshold: 0.5, minItems: 1 });
    const alphaOf = (v: number, label: string) => report.byVersion[v]!.perLabel.find((p) => p.label === label)?.alpha.value;
    expect(alphaOf(0, 'x')).toBe(1);
    expect(alphaOf(1, 'x')).toBeLessThan(0);
  });
});

const byKey = (a: { label: string; unit?: string }, b: { label: string; unit?: string }) =>
  `${a.unit ?? ''}/${a.label}`.localeCompare(`${b.unit ?? ''}/${b.label}`);
