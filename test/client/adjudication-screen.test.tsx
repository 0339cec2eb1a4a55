import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdjudicationTask, AgreementItem, AnnotationPayload, ProjectDetail } from '../../src/domain/api/index.ts';
import { AdjudicationScreen } from '../../src/client/agreement/AdjudicationScreen.tsx';
import { renderScreen } from './render-screen.tsx';

// The lead's adjudication screen, driven by role and name: the tie side by side, take an
// annotator's answer by hotkey, edit the final answer in the real editor, resolve, help dialog.
const id = (n: number) => `0190c000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const PROJECT = id(1);
const project: ProjectDetail = {
  id: PROJECT,
  name: 'News',
  kind: 'text',
  roles: ['lead'],
  labelSchema: {
    labels: [
      { id: 'per', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['span'], attributes: [] },
      { id: 'sports', name: 'Sports', color: '#808000', hotkey: '7', tools: ['class'], attributes: [] },
      { id: 'business', name: 'Business', color: '#4363d8', hotkey: '8', tools: ['class'], attributes: [] },
    ],
    classMode: 'single',
    allowOverlappingSpans: false,
    snapSpansToTokens: true,
  },
  guideline: {
    id: id(2),
    projectId: PROJECT,
    major: 1,
    minor: 0,
    version: '1.0',
    kind: 'initial',
    affectedLabels: [],
    changelog: 'First.',
    publishedAt: '2026-01-01T00:00:00.000Z',
    sections: [],
  },
};
const ANN = id(3);
const BOB = id(4);
const answer = (cls: string, spanLabel = 'per'): AnnotationPayload => ({
  shapes: [],
  spans: [{ id: 's1', label: spanLabel, start: 0, end: 5 }],
  classes: [cls],
});
const task = (n: number): AdjudicationTask => ({
  itemId: id(200 + n),
  tiedLabels: ['business', 'sports'],
  answers: [
    { annotatorId: ANN, displayName: 'Ann Otator', payload: answer('sports') },
    { annotatorId: BOB, displayName: 'Bob Builder', payload: answer('business') },
  ],
  resolved: null,
});
// A loaded 2-core CI machine: give findBy/waitFor room (they return as soon as the state shows).
configure({ asyncUtilTimeout: 10_000 });

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let tasks: AdjudicationTask[];
let puts: Array<{ url: string; body: { payload: AnnotationPayload } }>;
let refuse: boolean;
beforeEach(() => {
  tasks = [task(1), task(2)];
  puts = [];
  refuse = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.endsWith(`/api/projects/${PROJECT}`)) return json(project);
      const put = /\/adjudications\/([0-9a-f-]+)$/.exec(url);
      if (put && init?.method === 'PUT') {
        if (refuse) return json({ error: { code: 'forbidden', message: 'Only leads of this project can resolve ties.' } }, 403);
        const body = JSON.parse(String(init.body));
        puts.push({ url, body });
        tasks = tasks.map((t) =>
          t.itemId === put[1] ? { ...t, resolved: { payload: body.payload, resolvedBy: id(9), resolvedAt: '2026-11-23T10:00:00.000Z' } } : t,
        );
        return new Response(null, { status: 204 });
      }
      if (url.endsWith('/adjudications')) return json({ tasks });
      const item = /\/agreement\/items\/([0-9a-f-]+)$/.exec(url);
      if (item) {
        const t = tasks.find((x) => x.itemId === item[1])!;
        const body: AgreementItem = { itemId: t.itemId, text: `Alice sold the club, story ${t.itemId.slice(-1)}.`, image: null, answers: t.answers };
        return json(body);
      }
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

const mount = () => renderScreen(`/projects/${PROJECT}/adjudication`, '/projects/:projectId/adjudication', <AdjudicationScreen />);

const resolveButton = () => screen.getByRole('button', { name: 'Resolve with this answer' });

describe('adjudication screen', { timeout: 30_000 }, () => {
  it('lists the ties, shows both answers side by side, takes Bob’s answer with Alt+2 and resolves with Ctrl+Enter', async () => {
    mount();
    const side = await screen.findByRole('region', { name: 'Side-by-side answers' });
    expect(within(side).getByRole('figure', { name: 'Spans of Ann Otator' })).toHaveTextContent(/story 1/);
    expect(within(side).getByLabelText('Bob Builder: per')).toBeInTheDocument();
    expect(within(side).getByText(/classes: business/)).toBeInTheDocument();
    expect(screen.getByLabelText('Open adjudication tasks')).toHaveTextContent('2 open');
    expect(within(screen.getByRole('navigation', { name: 'Adjudication tasks' })).getAllByRole('button')).toHaveLength(2);
    await waitFor(() => expect(resolveButton()).toBeEnabled());
    fireEvent.keyDown(window, { key: '2', code: 'Digit2', altKey: true });
    await screen.findByText(/Based on Bob Builder/);
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]!.url).toContain(id(201));
    expect(puts[0]!.body.payload).toEqual(answer('business'));
    // The next open tie comes up.
    await waitFor(() => expect(screen.getByLabelText('Open adjudication tasks')).toHaveTextContent('1 open'));
    expect(await screen.findByRole('figure', { name: 'Spans of Ann Otator' })).toHaveTextContent(/story 2/);
  });

  it('resolves with an edited final answer (neither annotator’s), by button', async () => {
    mount();
    await screen.findByRole('region', { name: 'Side-by-side answers' });
    await waitFor(() => expect(resolveButton()).toBeEnabled());
    await userEvent.click(screen.getByRole('button', { name: 'Take Ann Otator’s answer' }));
    await userEvent.click(await screen.findByRole('button', { name: /Business/ }));
    await userEvent.click(resolveButton());
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]!.body.payload.classes).toEqual(['business']);
    expect(puts[0]!.body.payload.spans).toEqual(answer('sports').spans);
  });

  it('shows the server’s refusal in words and keeps the task open', async () => {
    refuse = true;
    mount();
    await screen.findByRole('region', { name: 'Side-by-side answers' });
    await waitFor(() => expect(resolveButton()).toBeEnabled());
    await userEvent.click(resolveButton());
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('alert')
          .map((a) => a.textContent)
          .join(' '),
      ).toMatch(/Only leads of this project can resolve ties\./),
    );
    expect(screen.getByLabelText('Open adjudication tasks')).toHaveTextContent('2 open');
  });

  it('opens the keyboard shortcuts dialog with ? and closes it', async () => {
    mount();
    await screen.findByRole('region', { name: 'Side-by-side answers' });
    fireEvent.keyDown(window, { key: '?' });
    // One dialog (not the editor's own as well), listing this screen's keys and the editor's.
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
    expect(within(dialog).getByText(/Take annotator 1…9’s answer/)).toBeInTheDocument();
    expect(within(dialog).getByText(/Final answer: Select the next \/ previous span/)).toBeInTheDocument();
    expect(within(dialog).getByText('Label: Business')).toBeInTheDocument();
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    fireEvent.keyDown(window, { key: '?' });
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('moves between tasks with Alt+↓ and lists resolved ones separately', async () => {
    mount();
    await screen.findByRole('region', { name: 'Side-by-side answers' });
    fireEvent.keyDown(window, { key: 'ArrowDown', altKey: true });
    expect(await screen.findByRole('figure', { name: 'Spans of Ann Otator' })).toHaveTextContent(/story 2/);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Show/ }), 'resolved');
    expect(await screen.findByText('None resolved yet.')).toBeInTheDocument();
  });
});
