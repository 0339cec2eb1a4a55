import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DashboardScreen } from '../../src/client/dashboard/DashboardScreen.tsx';
import { renderScreen } from './render-screen.tsx';

// The lead's dashboard: accuracy per guideline version as a table people (and screen readers) can
// read, and the choice of whose accuracy lines are drawn, sent to the server as ?annotators=.
const PROJECT = '0190d000-0000-7000-8000-000000000001';
const ANA = '0190d000-0000-7000-8000-0000000000a1';
const BEN = '0190d000-0000-7000-8000-0000000000b2';
const V1 = '0190d000-0000-7000-8000-0000000000f1';
const V2 = '0190d000-0000-7000-8000-0000000000f2';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const cell = (versionId: string, version: string, annotatorId: string | null, accuracy: number, n: number) => ({
  versionId,
  version,
  annotatorId,
  accuracy,
  low: Math.max(0, accuracy - 0.1),
  high: Math.min(1, accuracy + 0.1),
  n,
});
const point = (t: number, mean: number) => ({ t, mean, low: Math.max(0, mean - 0.1), high: Math.min(1, mean + 0.1), n: 5 });
let dashboardUrls: string[];
let alerts: unknown[] = [];

beforeEach(() => {
  dashboardUrls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith(`/api/projects/${PROJECT}`))
        return json({
          id: PROJECT,
          name: 'Street scenes',
          kind: 'image',
          roles: ['lead'],
          labelSchema: {
            labels: [{ id: 'car', name: 'Car', color: '#e6194b', hotkey: '1', tools: ['box'], attributes: [] }],
            classMode: 'single',
            allowOverlappingSpans: false,
            snapSpansToTokens: false,
          },
          guideline: {
            id: V2,
            projectId: PROJECT,
            major: 1,
            minor: 1,
            version: '1.1',
            kind: 'clarification',
            affectedLabels: [],
            changelog: 'x',
            publishedAt: '2026-01-01T00:00:00.000Z',
            sections: [],
          },
        });
      if (url.includes('/dashboard?')) {
        dashboardUrls.push(url);
        const asked = new URL(url, 'http://x').searchParams.get('annotators')?.split(',') ?? [ANA];
        return json({
          projectId: PROJECT,
          threshold: 0.8,
          bucketMs: 86_400_000,
          annotators: [
            { id: ANA, name: 'Ana' },
            { id: BEN, name: 'Ben' },
          ],
          labels: [{ id: 'car', name: 'Car' }],
          accuracy: asked.map((id) => ({ annotatorId: id, points: [point(0, 0.7), point(86_400_000, 0.9)] })),
          heatmap: [{ annotatorId: ANA, label: 'car', accuracy: null, low: null, high: null, n: 1, sufficient: false }],
          confusion: [
            { truth: 'car', answer: 'car', count: 3 },
            { truth: 'car', answer: '∅', count: 1 },
          ],
          throughput: [],
          alerts,
          seriesTotal: 2,
          versions: [cell(V1, 'v1.0', null, 0.62, 40), cell(V2, 'v1.1', null, 0.91, 30), cell(V1, 'v1.0', ANA, 0.5, 20), cell(V2, 'v1.1', BEN, 0.93, 15)],
          selfConsistency: [
            { annotatorId: BEN, answered: 2, mean: null, minN: 3 },
            { annotatorId: ANA, answered: 5, mean: 0.9, minN: 3 },
          ],
        });
      }
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    }),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  alerts = [];
});

const mount = () => renderScreen(`/projects/${PROJECT}/dashboard`, '/projects/:projectId/dashboard', <DashboardScreen />);

describe('dashboard screen', () => {
  it('shows gold accuracy per guideline version for the team and each annotator', async () => {
    mount();
    const table = await screen.findByRole('table', { name: /Gold accuracy per guideline version/ });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Annotator', 'v1.0', 'v1.1']);
    const team = within(table).getByRole('row', { name: /Whole team/ });
    expect(
      within(team)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([expect.stringMatching(/^62%.*n 40$/), expect.stringMatching(/^91%.*n 30$/)]);
    // Ana labelled only under v1.0: the v1.1 cell says there is nothing, rather than 0%.
    const ana = within(table).getByRole('row', { name: /Ana/ });
    expect(
      within(ana)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([expect.stringMatching(/^50%/), '—']);
  });

  it("shows each annotator's self-consistency on hidden repeats, and says when there are too few", async () => {
    mount();
    const table = await screen.findByRole('table', { name: /Self-consistency on hidden repeats/ });
    const ana = within(table).getByRole('row', { name: /Ana/ });
    expect(within(ana).getByRole('cell', { name: '5' })).toBeInTheDocument();
    expect(within(ana).getByText('90%')).toBeInTheDocument();
    const ben = within(table).getByRole('row', { name: /Ben/ });
    expect(within(ben).getByText('too few repeats (needs 3)')).toBeInTheDocument();
    expect(within(ben).queryByText(/%/)).toBeNull();
  });

  it("draws the lines the lead picks, and goes back to the server's choice", async () => {
    mount();
    await userEvent.click(await screen.findByText(/Accuracy lines: 1 of 2 annotators/));
    const picker = screen.getByRole('group', { name: 'Draw lines for' });
    expect(within(picker).getByRole('checkbox', { name: 'Ana' })).toBeChecked();
    await userEvent.click(within(picker).getByRole('checkbox', { name: 'Ben' }));
    await userEvent.click(screen.getByRole('button', { name: 'Draw these lines' }));
    await waitFor(() => expect(dashboardUrls.at(-1)).toContain(`annotators=${encodeURIComponent(`${ANA},${BEN}`)}`));
    expect(await screen.findByText(/Accuracy lines: 2 of 2 annotators \(your choice\)/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Let Touchstone choose' }));
    await waitFor(() => expect(dashboardUrls.at(-1)).not.toContain('annotators='));
  });

  it('lists the most severe alerts first, twenty at a time', async () => {
    const alert = (k: number, severity: string) => ({ id: `drift:${k}`, kind: 'drift', severity, title: `Alert ${k}`, detail: 'd', at: null, actions: [] });
    alerts = [...Array.from({ length: 24 }, (_, k) => alert(k, 'warning')), alert(99, 'critical')];
    mount();
    const list = await screen.findByRole('region', { name: /Alerts/ });
    const titles = () =>
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('strong')?.textContent);
    expect(titles()).toHaveLength(20);
    expect(titles()[0]).toBe('Alert 99');
    await userEvent.click(within(list).getByRole('button', { name: 'Show all 25 alerts' }));
    expect(titles()).toHaveLength(25);
  });

  it('with no alerts, does not claim everyone is above the threshold when some have too few scores: it names them', async () => {
    mount();
    const list = await screen.findByRole('region', { name: /Alerts/ });
    await waitFor(() => expect(list).toHaveTextContent('Too few scores to judge yet: Ana, Ben.'));
    expect(list).not.toHaveTextContent('everyone is at or above the threshold');
  });

  it('draws the confusion matrix as a declared grid, and keeps chart cells out of the tab order (the chart is hidden from screen readers; its table speaks)', async () => {
    mount();
    const fig = await screen.findByRole('figure', { name: /Confusion matrix/ });
    const grid = fig.querySelector('.confusion') as HTMLElement;
    expect(grid.style.display).toBe('grid');
    expect(fig.querySelectorAll('[aria-hidden="true"] [tabindex]')).toHaveLength(0);
    const heat = screen.getByRole('figure', { name: /Accuracy per label/ });
    expect(heat.querySelectorAll('[aria-hidden="true"] [tabindex]')).toHaveLength(0);
  });
});
