import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreateEscalation, GuidelineVersion, LabelSchema, Me, ProjectDetail, QueueItem } from '../../src/domain/api/index.ts';
import { localDb } from '../../src/client/local/db.ts';
import { AnnotateScreen } from '../../src/client/screens/AnnotateScreen.tsx';
import { SyncProvider } from '../../src/client/sync/SyncContext.tsx';

// Escalating from the annotate screen: E (or the button) opens the dialog; sending puts an
// 'escalation.create' in the outbox and the next item opens; Escape leaves everything as it was;
// a draft that cannot be answered says why in words and sends nothing.
const id = (n: number) => `0190b000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const USER = id(1);
const PROJECT = id(2);
const schema: LabelSchema = {
  labels: [
    { id: 'per', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['span'], attributes: [] },
    { id: 'org', name: 'Organisation', color: '#4363d8', hotkey: '2', tools: ['span'], attributes: [] },
    { id: 'sports', name: 'Sports', color: '#808000', hotkey: '7', tools: ['class'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: true,
};
const guideline: GuidelineVersion = {
  id: id(3),
  projectId: PROJECT,
  major: 1,
  minor: 0,
  version: '1.0',
  kind: 'initial',
  affectedLabels: [],
  changelog: 'First version.',
  publishedAt: '2026-01-01T00:00:00.000Z',
  sections: [
    { id: 'people', kind: 'rule', title: 'People and their teams', body: 'A team is an organisation.', labels: ['per', 'org'] },
    { id: 'classes', kind: 'rule', title: 'Document classes', body: 'One class per document.', labels: ['sports'] },
  ],
};
const project: ProjectDetail = { id: PROJECT, name: 'News', kind: 'text', roles: ['annotator'], labelSchema: schema, guideline };
const me: Me = { user: { id: USER, email: 'a@example.test', displayName: 'Ann' }, memberships: [{ projectId: PROJECT, roles: ['annotator'] }] };
const items: QueueItem[] = [1, 2].map((n) => ({
  id: id(10 + n),
  projectId: PROJECT,
  kind: 'text',
  image: null,
  text: `Document number ${n} about the match.`,
  position: n,
  leaseExpiresAt: '2030-01-01T00:00:00.000Z',
}));
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

// CI runs on a loaded 2-core machine: the screen may take more than the default second to open.
configure({ asyncUtilTimeout: 8000 });

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith('/api/auth/me')) return json(me);
      if (url.includes('/queue')) return json({ items });
      if (url.endsWith(`/api/projects/${PROJECT}`)) return json(project);
      // The server cannot be reached: the escalation must wait in the outbox.
      if (url.endsWith('/api/sync')) throw new TypeError('Failed to fetch');
      return new Response('{}', { status: 404 });
    }),
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all(localDb.tables.map((t) => t.clear()));
});

function mount() {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <SyncProvider userId={USER}>
        <MemoryRouter initialEntries={[`/projects/${PROJECT}/annotate`]}>
          <Routes>
            <Route path="/projects/:projectId/annotate" element={<AnnotateScreen />} />
          </Routes>
        </MemoryRouter>
      </SyncProvider>
    </QueryClientProvider>,
  );
}

const escalations = async () => (await localDb.outbox.toArray()).map((o) => o.mutation).filter((m): m is CreateEscalation => m.type === 'escalation.create');
const openDialogWithE = async () => {
  await screen.findByText(/Document number 1/);
  fireEvent.keyDown(window, { key: 'e' });
  return screen.findByRole('dialog', { name: 'Escalate this item' });
};

describe('escalate dialog on the annotate screen', { timeout: 30_000 }, () => {
  it('E opens it; sending puts the escalation in the outbox with the chosen fields, and the next item opens', async () => {
    mount();
    await screen.findByText(/Document number 1/);
    // A class label in the editor: it goes with the escalation as tentative.
    fireEvent.keyDown(window, { key: '7' });
    await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'));
    fireEvent.keyDown(window, { key: 'e' });
    const dialog = await screen.findByRole('dialog', { name: 'Escalate this item' });
    // Focus starts inside the dialog, on the first reason.
    expect(within(dialog).getByRole('radio', { name: 'Not covered by the guideline' })).toHaveFocus();

    fireEvent.click(within(dialog).getByRole('radio', { name: 'Ambiguous between named labels' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Person' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Organisation' }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Note/ }), { target: { value: '  Is a club a person or an organisation?  ' } });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Guideline section it concerns' }), { target: { value: 'people' } });
    expect(within(dialog).getByRole('checkbox', { name: /Include my current labels as tentative/ })).toBeChecked();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Escalate' }));

    await screen.findByText(/Document number 2/);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText(/Item escalated to a lead/)).toBeInTheDocument();
    const [m, ...rest] = await escalations();
    expect(rest).toHaveLength(0);
    expect(m).toMatchObject({
      projectId: PROJECT,
      itemId: items[0]!.id,
      guidelineVersionId: guideline.id,
      reason: 'ambiguous_labels',
      labels: ['per', 'org'],
      note: 'Is a club a person or an organisation?',
      guidelineRef: 'people',
      tentative: { shapes: [], spans: [], classes: ['sports'] },
    });
    expect((await localDb.outbox.toArray())[0]?.status).toBe('pending');
  });

  it('Escape closes it without escalating, and the Escalate button gets the focus back', async () => {
    mount();
    await screen.findByText(/Document number 1/);
    const button = screen.getByRole('button', { name: 'Escalate' });
    button.focus();
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Escalate this item' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Bad or unreadable asset' }));
    fireEvent.keyDown(within(dialog).getByRole('radio', { name: 'Bad or unreadable asset' }), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(button).toHaveFocus();
    expect(screen.getByText(/Document number 1/)).toBeInTheDocument();
    expect(await escalations()).toEqual([]);
    // Opening again starts from a blank form.
    fireEvent.keyDown(window, { key: 'e' });
    const again = await screen.findByRole('dialog', { name: 'Escalate this item' });
    expect(within(again).getByRole('radio', { name: 'Bad or unreadable asset' })).not.toBeChecked();
  });

  it('says in words what is missing and sends nothing until it is fixed', async () => {
    mount();
    const dialog = await openDialogWithE();
    const send = () => fireEvent.click(within(dialog).getByRole('button', { name: 'Escalate' }));
    send();
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Choose why you are escalating this item.');

    fireEvent.click(within(dialog).getByRole('radio', { name: 'Other' }));
    send();
    expect(within(dialog).getByRole('textbox', { name: /Note \(required\)/ })).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByRole('alert')).toHaveTextContent(/a note is required when the reason is “Other”/);

    fireEvent.click(within(dialog).getByRole('radio', { name: 'Ambiguous between named labels' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Person' }));
    send();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Pick at least two labels you cannot choose between.');
    // Nothing in the editor: there is nothing to include.
    expect(within(dialog).getByRole('checkbox', { name: /Include my current labels/ })).toBeDisabled();
    expect(await escalations()).toEqual([]);
    expect(screen.getByText(/Document number 1/)).toBeInTheDocument();

    // Fixed: it goes.
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Organisation' }));
    send();
    await screen.findByText(/Document number 2/);
    expect(await escalations()).toEqual([expect.objectContaining({ reason: 'ambiguous_labels', labels: ['per', 'org'], note: '', guidelineRef: '' })]);
    expect((await escalations())[0]?.tentative).toBeUndefined();
  });

  it('lists E in the `?` table and keeps the editor keys out of the dialog', async () => {
    mount();
    await screen.findByText(/Document number 1/);
    fireEvent.keyDown(window, { key: '?' });
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(help).getByRole('rowheader', { name: 'E' })).toBeInTheDocument();
    fireEvent.click(within(help).getByRole('button', { name: 'Close' }));

    const dialog = await openDialogWithE();
    // A label hotkey pressed on a button of the dialog does not reach the editor (nor does `?`).
    fireEvent.keyDown(within(dialog).getByRole('button', { name: 'Cancel' }), { key: '7' });
    fireEvent.keyDown(within(dialog).getByRole('button', { name: 'Cancel' }), { key: '?' });
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
    expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'false');
  });
});
