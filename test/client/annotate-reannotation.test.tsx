import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuidelineVersion, LabelSchema, Me, ProjectDetail, QueueItem } from '../../src/domain/api/index.ts';
import { itemKey, localDb } from '../../src/client/local/db.ts';
import { AnnotateScreen } from '../../src/client/screens/AnnotateScreen.tsx';
import { SyncProvider } from '../../src/client/sync/SyncContext.tsx';

// An item back for re-annotation opens with the annotator's own latest answer, the affected parts
// listed with the rule that changed; an empty answer on an item that had labels is confirmed first.
const id = (n: number) => `0190b000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const USER = id(1);
const PROJECT = id(2);
const schema: LabelSchema = {
  labels: [
    { id: 'per', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['span'], attributes: [] },
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
  sections: [],
};
const project: ProjectDetail = { id: PROJECT, name: 'News', kind: 'text', roles: ['annotator'], labelSchema: schema, guideline };
const me: Me = { user: { id: USER, email: 'a@example.test', displayName: 'Ann' }, memberships: [{ projectId: PROJECT, roles: ['annotator'] }] };
const previous = { shapes: [], spans: [{ id: 's1', label: 'per', start: 0, end: 8 }], classes: ['sports'] };
const items: QueueItem[] = [1, 2].map((n) => ({
  id: id(10 + n),
  projectId: PROJECT,
  kind: 'text',
  image: null,
  text: `Document number ${n} about the match.`,
  position: n,
  leaseExpiresAt: '2030-01-01T00:00:00.000Z',
  reannotation:
    n === 1
      ? {
          taskId: id(20),
          version: '2.0',
          labels: ['sports'],
          previous,
          affected: [{ id: 'class:sports', label: 'sports', rule: 'Guideline v2.0: E-sports count as sports.' }],
        }
      : null,
}));
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith('/api/auth/me')) return json(me);
      if (url.includes('/queue')) return json({ items });
      if (url.endsWith(`/api/projects/${PROJECT}`)) return json(project);
      if (url.endsWith('/api/sync')) return new Response('offline', { status: 503 });
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

const outbox = () => localDb.outbox.toArray();

describe('re-annotation on the annotate screen', () => {
  it("opens with the annotator's previous answer and lists what is to redo with the rule that changed", async () => {
    mount();
    // The screen and its editor load on first use: the first look waits for them.
    await screen.findByText(/Back for re-annotation: guideline v2\.0 changed sports/, {}, { timeout: 10_000 });
    await screen.findByRole('button', { name: /Sports/ }, { timeout: 10_000 });
    await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'));
    await waitFor(async () => expect((await localDb.drafts.get(itemKey(USER, items[0]!.id)))?.payload).toEqual(previous));
    const list = screen.getByRole('list', { name: 'To redo' });
    expect(list).toHaveTextContent('Sports — Guideline v2.0: E-sports count as sports.');
  });

  it('asks before submitting an empty answer on an item that had labels, and submits only when confirmed', async () => {
    mount();
    await screen.findByRole('button', { name: /Sports/ }, { timeout: 10_000 });
    await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'));
    fireEvent.keyDown(window, { key: '7' }); // Sports off
    await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'false'));
    fireEvent.click(screen.getByRole('button', { name: /Delete Person/ }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /Delete Person/ })).toBeNull());
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    const dialog = await screen.findByRole('alertdialog', { name: 'Submit an empty answer?' });
    expect(dialog).toHaveTextContent('had 2 labels');
    expect(await outbox()).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(await outbox()).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    fireEvent.click(within(await screen.findByRole('alertdialog', { name: 'Submit an empty answer?' })).getByRole('button', { name: 'Submit empty' }));
    await waitFor(async () => expect(await outbox()).toHaveLength(1));
    expect((await outbox())[0]!.mutation).toMatchObject({ payload: { shapes: [], spans: [], classes: [] } });
  });
});
