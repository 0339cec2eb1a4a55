import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettingsScreen } from '../../src/client/settings/SettingsScreen.tsx';
import { renderScreen } from './render-screen.tsx';

// A lead's settings screen: shares shown as percentages, ranges and min ≤ max checked in words
// before anything is sent, and what is saved goes back to the server as shares.
const PROJECT = '0190d000-0000-7000-8000-000000000001';
const settings = {
  overlap: 1,
  overlapShare: 1,
  goldRate: 0.1,
  goldMinGap: 3,
  goldExposureCap: null,
  collusionPrecision: 0.5,
  goldFeedback: false,
  goldAdaptive: false,
  goldRateMin: 0.05,
  goldRateMax: 0.3,
  goldTargetAccuracy: 0.8,
  quizPassMark: 0.8,
  repeatRate: 0,
  repeatMinGap: 20,
};
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
let puts: Array<{ url: string; body: Record<string, unknown> }>;

beforeEach(() => {
  puts = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      if (init?.method === 'PUT') puts.push({ url, body });
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
            id: PROJECT,
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
        });
      if (url.endsWith('/queue-settings'))
        return json({
          settings: { ...settings, ...(body ?? {}) },
          calibrationItems: 4,
          quizItems: 0,
          decoys: { overlap: 2, share: 0.2222, extraLabelsPer100: 22.2, precision: 0.5 },
        });
      if (url.endsWith('/gold-policy')) return json({ iouThreshold: 0.5, accuracyThreshold: 0.8, policy: 'alert', ...(body ?? {}) });
      if (url.endsWith('/review-settings')) return json({ reviewRate: 0, ...(body ?? {}) });
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

const mount = () => renderScreen(`/projects/${PROJECT}/settings`, '/projects/:projectId/settings', <SettingsScreen />);

describe('settings screen', () => {
  it('shows rates as percentages and saves them as shares', async () => {
    mount();
    const rate = await screen.findByRole('spinbutton', { name: 'Gold rate' }, { timeout: 5000 });
    expect(rate).toHaveValue(10);
    expect(screen.getByText(/Calibration set: 4 items/)).toBeInTheDocument();
    // What the collusion bound costs, in labels.
    expect(screen.getByRole('spinbutton', { name: 'Collusion bound' })).toHaveValue(50);
    expect(screen.getByLabelText('Cost of decoys')).toHaveTextContent('22% of live items go to 2 annotators, 22.2 extra labels per 100 live items');
    await userEvent.clear(rate);
    await userEvent.type(rate, '15');
    await userEvent.click(screen.getByRole('checkbox', { name: /Adapt the gold rate/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save queue settings' }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]!.body).toMatchObject({ goldRate: 0.15, goldAdaptive: true, goldMinGap: 3, overlap: 1, goldExposureCap: null });
  });

  it('takes a gold exposure cap of at least 2 annotators, blank meaning none', async () => {
    mount();
    const cap = await screen.findByRole('spinbutton', { name: 'Gold exposure cap' });
    expect(cap).toHaveValue(null);
    await userEvent.type(cap, '1');
    await userEvent.click(screen.getByRole('button', { name: 'Save queue settings' }));
    expect(await screen.findByText('The gold exposure cap must be between 2 and 100000.')).toBeInTheDocument();
    expect(puts).toHaveLength(0);
    await userEvent.clear(cap);
    await userEvent.type(cap, '40');
    await userEvent.click(screen.getByRole('button', { name: 'Save queue settings' }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]!.body).toMatchObject({ goldExposureCap: 40 });
    expect(await screen.findByText(/Queue settings saved/)).toBeInTheDocument();
  });

  it('says what is wrong and sends nothing: a maximum below the minimum, a gap that is not whole', async () => {
    mount();
    const max = await screen.findByRole('spinbutton', { name: 'Maximum gold rate' });
    await userEvent.clear(max);
    await userEvent.type(max, '2');
    expect(screen.getByText('The maximum gold rate must be at least the minimum.')).toBeInTheDocument();
    const gap = screen.getByRole('spinbutton', { name: 'Minimum gap' });
    await userEvent.clear(gap);
    await userEvent.type(gap, '2.5');
    expect(screen.getByText('The minimum gap must be a whole number.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save queue settings' })).toBeDisabled();
    expect(puts).toHaveLength(0);
  });

  it('turns hidden repeats on with a rate in percent and a gap, refusing values out of range in words', async () => {
    mount();
    const rate = await screen.findByRole('spinbutton', { name: 'Repeat rate' });
    const gap = screen.getByRole('spinbutton', { name: 'Repeat gap' });
    expect(rate).toHaveValue(0);
    expect(gap).toHaveValue(20);
    await userEvent.clear(rate);
    await userEvent.type(rate, '25');
    expect(screen.getByText('The repeat rate must be between 0 and 20.')).toBeInTheDocument();
    await userEvent.clear(gap);
    await userEvent.type(gap, '0');
    expect(screen.getByText('The repeat gap must be between 1 and 10000.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save queue settings' })).toBeDisabled();
    expect(puts).toHaveLength(0);
    await userEvent.clear(rate);
    await userEvent.type(rate, '10');
    await userEvent.clear(gap);
    await userEvent.type(gap, '5');
    await userEvent.click(screen.getByRole('button', { name: 'Save queue settings' }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]!.body).toMatchObject({ repeatRate: 0.1, repeatMinGap: 5 });
  });

  it('saves the gold policy chosen by its words', async () => {
    mount();
    await userEvent.click(await screen.findByRole('radio', { name: /Pause their live work/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save gold policy' }));
    await waitFor(() => expect(puts.map((p) => p.body)).toContainEqual({ iouThreshold: 0.5, accuracyThreshold: 0.8, policy: 'pause' }));
  });
});
