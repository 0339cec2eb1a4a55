import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EscalationFigures } from '../../src/domain/api/index.ts';
import { EscalationFiguresPanel } from '../../src/client/dashboard/EscalationFiguresPanel.tsx';

// The lead dashboard's escalation figures: the overdue alert first, rate tables by accessible
// name with their flags in words, the backlog by age, and the alert age saved through the API.
const id = (n: number) => `0190b000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const PROJECT = id(1);
const row = (key: string, name: string, escalations: number, worked: number, flag: 'low' | 'high' | null) => ({
  key,
  name,
  escalations,
  worked,
  rate: escalations / worked,
  lower: 0,
  upper: 1,
  othersRate: 0.05,
  flag,
});
const figures = (alertHours: number, overdue: number): EscalationFigures => ({
  alertHours,
  minWorked: 30,
  team: { escalations: 33, worked: 540, rate: 33 / 540 },
  byAnnotator: [row(id(2), 'Ada', 30, 100, 'high'), row(id(3), 'Ben', 0, 400, 'low'), row(id(4), 'Cy', 3, 40, null)],
  byLabel: [row('sports', 'Sports', 20, 60, 'high')],
  resolution: { n: 12, medianHours: 5.5, p90Hours: 30 },
  openTotal: 4,
  openByAge: [
    { label: 'Under 4 h', count: 1 },
    { label: '4–24 h', count: 1 },
    { label: '1–2 days', count: 0 },
    { label: '2–7 days', count: 2 },
    { label: 'Over 7 days', count: 0 },
  ],
  overdue: {
    count: overdue,
    escalations: Array.from({ length: overdue }, (_, i) => ({
      escalationId: id(20 + i),
      itemId: id(30 + i),
      annotatorId: id(2),
      annotatorName: 'Ada',
      reason: 'bad_asset' as const,
      receivedAt: '2026-11-20T08:00:00.000Z',
      ageHours: 60 + i,
    })),
  },
});
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

configure({ asyncUtilTimeout: 8000 });
let alertHours = 48;
const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  if (url.endsWith('/escalation-settings') && init?.method === 'PUT') {
    alertHours = (JSON.parse(String(init.body)) as { alertHours: number }).alertHours;
    return json({ alertHours });
  }
  if (url.endsWith('/escalation-figures')) return json(figures(alertHours, alertHours === 48 ? 2 : 0));
  return new Response('{}', { status: 404 });
});
beforeEach(() => {
  alertHours = 48;
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe('escalation figures panel', { timeout: 30_000 }, () => {
  it('shows the overdue alert, the rate tables with flags in words, the backlog by age; saving a longer alert age clears the alert', async () => {
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <EscalationFiguresPanel projectId={PROJECT} />
      </QueryClientProvider>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('2 open escalations are older than 48 h');
    expect(within(screen.getByRole('table', { name: 'Overdue escalations' })).getAllByRole('row')).toHaveLength(3);

    const byAnnotator = screen.getByRole('table', { name: /Escalation rate per annotator/ });
    expect(within(byAnnotator).getByRole('row', { name: /Ada/ })).toHaveTextContent('High — the guideline may be unclear here');
    expect(within(byAnnotator).getByRole('row', { name: /Ben/ })).toHaveTextContent('Low — possibly guessing instead of asking');
    expect(within(byAnnotator).getByRole('row', { name: /Cy/ })).not.toHaveTextContent(/High|Low/);
    expect(within(screen.getByRole('table', { name: /Escalation rate per label/ })).getByRole('row', { name: /Sports/ })).toHaveTextContent('33.3%');
    expect(within(screen.getByRole('table', { name: /Open escalations by age/ })).getByRole('row', { name: /2–7 days/ })).toHaveTextContent('2');
    expect(screen.getByText(/median 5.5 h, 90th percentile 30.0 h over 12 resolved/)).toBeInTheDocument();

    const field = screen.getByLabelText('Alert when an escalation is open longer than');
    fireEvent.change(field, { target: { value: '0' } });
    expect(screen.getByText('The alert age must be between 1 and 720.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save alert age' })).toBeDisabled();
    fireEvent.change(field, { target: { value: '72' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save alert age' }));
    await waitFor(() => expect(screen.getByText('No open escalation is older than 72 h.')).toBeInTheDocument());
    expect(screen.queryByRole('table', { name: 'Overdue escalations' })).toBeNull();
  });
});
