import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgreementScreen } from '../../src/client/agreement/AgreementScreen.tsx';
import { renderScreen } from './render-screen.tsx';

// The agreement screen as a lead reads it: labels by their names, not their ids, and with one
// annotator per item, why the sections are empty and how to get figures (overlap).
const PROJECT = '0190e000-0000-7000-8000-000000000001';
const V1 = '0190e000-0000-7000-8000-0000000000f1';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const none = (items = 0) => ({ value: null, reason: 'too few items', items, insufficient: true });
const fig = (value: number, items: number) => ({ value, items, insufficient: false });
let report: unknown;

const project = {
  id: PROJECT,
  name: 'News',
  kind: 'text',
  roles: ['lead'],
  labelSchema: {
    labels: [
      { id: 'loc', name: 'Location', color: '#3cb44b', hotkey: '3', tools: ['span'], attributes: [] },
      { id: 'org', name: 'Organisation', color: '#4363d8', hotkey: '2', tools: ['span'], attributes: [] },
    ],
    classMode: 'single',
    allowOverlappingSpans: false,
    snapSpansToTokens: true,
  },
  guideline: {
    id: V1,
    projectId: PROJECT,
    major: 1,
    minor: 0,
    version: '1.0',
    kind: 'initial',
    affectedLabels: [],
    changelog: 'x',
    publishedAt: '2026-01-01T00:00:00.000Z',
    sections: [],
  },
};
const emptyReport = {
  guidelineVersionId: V1,
  overall: { alpha: none(), fleiss: none(), cohen: none(), pairF1: none() },
  perLabel: [],
  confused: [],
  worstItems: [],
  byVersion: [],
};

beforeEach(() => {
  report = emptyReport;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith(`/api/projects/${PROJECT}`)) return json(project);
      if (url.endsWith(`/api/projects/${PROJECT}/agreement`)) return json(report);
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

const mount = () => renderScreen(`/projects/${PROJECT}/agreement`, '/projects/:projectId/agreement', <AgreementScreen />);

describe('agreement screen', () => {
  it('with one annotator per item, says why the sections are empty and how to get figures', async () => {
    mount();
    const why = await screen.findByRole('region', { name: 'Why there are no figures yet' });
    await within(why).findByRole('link', { name: 'Settings' });
    expect(why).toHaveTextContent(/Overlap/);
    expect(within(why).getByRole('link', { name: 'Settings' })).toHaveAttribute('href', `/projects/${PROJECT}/settings`);
    expect(screen.getAllByText(/nothing has been answered by two annotators/).length).toBeGreaterThan(0);
  });

  it('shows labels by their names, not their ids', async () => {
    report = {
      ...emptyReport,
      overall: { alpha: fig(0.4, 12), fleiss: fig(0.4, 12), cohen: fig(0.41, 12), pairF1: fig(0.7, 12) },
      perLabel: [{ label: 'loc', unit: 'span', ratings: 24, alpha: fig(0.5, 12), kappa: fig(0.5, 12) }],
      confused: [{ a: 'loc', b: 'org', unit: 'span', count: 3, items: 3, sections: [] }],
    };
    mount();
    const perLabel = await screen.findByRole('table', { name: 'Agreement per label' });
    expect(await within(perLabel).findByRole('rowheader', { name: 'Location' })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Confused label pairs' })).toHaveTextContent('Location ↔ Organisation');
    expect(screen.queryByRole('region', { name: 'Why there are no figures yet' })).toBeNull();
  });
});
