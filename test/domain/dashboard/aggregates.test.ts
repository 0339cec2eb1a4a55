import { describe, expect, it } from 'vitest';
import { buildDashboardFromAggregates, WHOLE_ITEM, type AggregateDashboardInput, type WindowRow } from '../../../src/domain/dashboard/aggregates.ts';

// The dashboard from summed aggregate rows: Wilson intervals, the heatmap, threshold alerts with
// the policy actions, individual drift against the annotator's own baseline, and systemic drift.
const ids = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003',
  '00000000-0000-4000-8000-000000000004',
];
const P = '00000000-0000-4000-8000-0000000000ff';
const base = (windows: WindowRow[]): AggregateDashboardInput => ({
  projectId: P,
  threshold: 0.8,
  bucketMs: 86_400_000,
  minN: 3,
  policy: 'alert',
  annotators: ids.map((id, k) => ({ id, name: `A${k}` })),
  labels: [{ id: 'car', name: 'Car' }],
  series: [],
  windows,
  confusion: [],
  work: [],
  held: new Map(),
});
const w = (userId: string, label: string, recent: boolean, n: number, acc: number): WindowRow => ({ userId, label, recent, n, sum: n * acc });

describe('buildDashboardFromAggregates', () => {
  it('alerts below the threshold with the policy actions, and offers "resume" to a held annotator', () => {
    const v = buildDashboardFromAggregates(base([w(ids[0]!, WHOLE_ITEM, false, 50, 0.4), w(ids[1]!, WHOLE_ITEM, false, 50, 0.95)]));
    expect(v.alerts.map((a) => a.id)).toEqual([`below:${ids[0]}`]);
    expect(v.alerts[0]!.severity).toBe('critical');
    expect(v.alerts[0]!.actions.map((a) => [a.id, a.path, a.body])).toEqual([
      ['pause', `/api/projects/${P}/gold-policy/actions`, { action: 'pause', userId: ids[0] }],
      ['recalibrate', `/api/projects/${P}/gold-policy/actions`, { action: 'recalibrate', userId: ids[0] }],
      ['flag', `/api/projects/${P}/gold-policy/actions`, { action: 'flag', userId: ids[0] }],
    ]);
    const held = buildDashboardFromAggregates({ ...base([w(ids[0]!, WHOLE_ITEM, false, 50, 0.4)]), held: new Map([[ids[0]!, 'pause']]) });
    expect(held.alerts[0]!.actions.map((a) => a.id)).toEqual(['resume']);
  });

  it('flags one annotator dropping against their own baseline as drift, not systemic', () => {
    const v = buildDashboardFromAggregates(
      base([w(ids[0]!, 'car', false, 200, 0.95), w(ids[0]!, 'car', true, 60, 0.6), w(ids[1]!, 'car', false, 200, 0.95), w(ids[1]!, 'car', true, 60, 0.95)]),
    );
    expect(v.alerts.map((a) => a.id)).toEqual([`drift:${ids[0]}:car`]);
    expect(v.heatmap.find((c) => c.annotatorId === ids[0])).toMatchObject({ label: 'car', n: 260, sufficient: true });
  });

  it('reports several annotators dropping on the same label at once as one systemic alert', () => {
    const rows = ids.flatMap((id) => [w(id, 'car', false, 200, 0.95), w(id, 'car', true, 60, 0.6)]);
    const v = buildDashboardFromAggregates(base(rows));
    expect(v.alerts.map((a) => a.id)).toEqual(['systemic:car']);
    expect(v.alerts[0]!.title).toContain('4 annotators dropped on car');
  });

  it('draws the series with a Wilson band that contains the mean', () => {
    const v = buildDashboardFromAggregates({
      ...base([]),
      series: [
        { userId: ids[0]!, t: 0, n: 10, sum: 7 },
        { userId: ids[0]!, t: 86_400_000, n: 10, sum: 9 },
      ],
    });
    const pts = v.accuracy[0]!.points;
    expect(pts.map((p) => p.mean)).toEqual([0.7, 0.9]);
    for (const p of pts) expect(p.low! <= p.mean! && p.mean! <= p.high!).toBe(true);
  });
});
