import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuidelineVersion, LabelSchema, Me, ProjectDetail, QueueItem } from '../../src/domain/api/index.ts';
import { itemKey, localDb } from '../../src/client/local/db.ts';
import { AnnotateScreen } from '../../src/client/screens/AnnotateScreen.tsx';
import { SyncProvider } from '../../src/client/sync/SyncContext.tsx';

// The annotate screen as an annotator meets it: the queue arrives, the first item opens, and a
// hotkey pressed the moment the item shows is kept (it used to be wiped by the draft restore).
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
const items: QueueItem[] = [1, 2].map((n) => ({
  id: id(10 + n),
  projectId: PROJECT,
  kind: 'text',
  image: null,
  text: `Document number ${n} about the match.`,
  position: n,
  leaseExpiresAt: '2030-01-01T00:00:00.000Z',
}));
let qualification: unknown = null;
let ownAccuracy: unknown = null;
/** While set, the queue request hangs until it is called (a slow first fetch). */
let holdQueue: Promise<void> | null = null;
/** Work the server assigns only from the second fetch on (as if assigned meanwhile). */
let laterItems: QueueItem[] = [];
let queueFetches = 0;
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith('/api/auth/me')) return json(me);
      if (url.includes('/queue')) {
        if (holdQueue) await holdQueue;
        queueFetches += 1;
        return json({ items: queueFetches === 1 ? items : [...items, ...laterItems] });
      }
      if (url.endsWith(`/api/projects/${PROJECT}`)) return json(project);
      if (url.endsWith('/api/sync')) return json({ results: [] });
      if (url.endsWith('/qualification') && qualification) return json(qualification);
      if (url.endsWith('/my-accuracy') && ownAccuracy) return json(ownAccuracy);
      return new Response('{}', { status: 404 });
    }),
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  qualification = null;
  ownAccuracy = null;
  holdQueue = null;
  laterItems = [];
  queueFetches = 0;
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

describe('annotate screen', () => {
  it('gives the work room: the guideline panel collapses and the work goes full screen, each by a named button and a key', async () => {
    mount();
    await screen.findByTestId('document-text', {}, { timeout: 10_000 });
    const panel = () => screen.queryByRole('complementary', { name: 'Guideline version 1.0' });
    expect(panel()).toBeInTheDocument();
    const toggle = screen.getByRole('button', { name: /^Guideline panel/ });
    expect(toggle).toHaveAttribute('aria-keyshortcuts', 'G');
    fireEvent.keyDown(window, { key: 'g' });
    await waitFor(() => expect(panel()).toBeNull());
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    expect(panel()).toBeInTheDocument();
    expect(screen.getByLabelText('Current item')).toHaveTextContent(`Item 1 of 2 · #${items[0]!.id.slice(-6)}`);
    fireEvent.keyDown(window, { key: 'm' });
    await waitFor(() => expect(screen.getByRole('button', { name: /^Full screen/ })).toHaveAttribute('aria-pressed', 'true'));
    expect(screen.getByRole('main')).toHaveClass('full-screen');
    expect(panel()).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /^Full screen/ }));
    expect(panel()).toBeInTheDocument();
  });

  it('says the queue is being fetched, not that it is empty, until the first fetch answers', async () => {
    let release = () => {};
    holdQueue = new Promise((r) => (release = r));
    mount();
    expect(await screen.findByText('Fetching your queue…')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Your queue is empty' })).toBeNull();
    release();
    await screen.findByTestId('document-text');
  });

  it('keeps the screen in place while the first item opens, instead of flashing back to "Loading…"', async () => {
    qualification = { status: 'in_progress', score: null, answered: 1, total: 4, passMark: 0.8 };
    let release = () => {};
    holdQueue = new Promise((r) => (release = r));
    mount();
    const banner = await screen.findByText(/Qualification quiz: 1 of 4 answered/);
    release();
    await screen.findByTestId('document-text');
    // The same element, not a new one: the screen around the item was never torn down.
    expect(banner).toBeInTheDocument();
  });

  it('tops the queue up as the last items are worked, instead of saying it is empty while the server has more', async () => {
    laterItems = [3, 4].map((n) => ({ ...items[0]!, id: id(10 + n), text: `Document number ${n} about the match.`, position: n }));
    mount();
    for (const n of [1, 2]) {
      await screen.findByText(`Document number ${n} about the match.`);
      fireEvent.keyDown(window, { key: '7' });
      await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'));
      fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    }
    expect(await screen.findByText('Document number 3 about the match.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Your queue is empty' })).toBeNull();
  });

  it('keeps a class hotkey pressed as soon as the item shows, and saves it as the draft', async () => {
    mount();
    await screen.findByTestId('document-text');
    fireEvent.keyDown(window, { key: '7' });
    await waitFor(async () => expect((await localDb.drafts.get(itemKey(USER, items[0]!.id)))?.payload.classes).toEqual(['sports']));
    expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true');
  });

  it('tells an annotator in the qualification quiz how far they are, and one who failed why no live work comes', async () => {
    qualification = { status: 'in_progress', score: null, answered: 1, total: 4, passMark: 0.8 };
    const { unmount } = mount();
    expect(await screen.findByText('Qualification quiz: 1 of 4 answered. Score at least 80 % to start live work.')).toBeInTheDocument();
    unmount();
    qualification = { status: 'failed', score: 0.5, answered: 4, total: 4, passMark: 0.8 };
    mount();
    expect(await screen.findByText(/Quiz not passed \(50 %, 80 % needed\): no live work is served to you/)).toHaveAttribute('role', 'alert');
  });

  it('starts an item from its pre-annotation when there is no draft, and says so', async () => {
    items[0]!.preAnnotation = { shapes: [], spans: [{ id: 'p1', label: 'per', start: 0, end: 8 }], classes: ['sports'] };
    try {
      mount();
      expect(await screen.findByText(/Pre-annotated: these labels were suggested by an import/)).toBeInTheDocument();
      await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'));
      await waitFor(async () =>
        expect((await localDb.drafts.get(itemKey(USER, items[0]!.id)))?.payload.spans).toEqual([{ id: 'p1', label: 'per', start: 0, end: 8 }]),
      );
    } finally {
      delete items[0]!.preAnnotation;
    }
  });

  it("shows the annotator's own accuracy only where the project enables it, with how it is counted", async () => {
    ownAccuracy = { enabled: false, accuracy: null, basedOn: 0, block: 10, delayHours: 24 };
    const first = mount();
    await screen.findByTestId('document-text');
    expect(screen.queryByText(/Your accuracy on checked items/)).toBeNull();
    first.unmount();
    ownAccuracy = { enabled: true, accuracy: 0.836, basedOn: 40, block: 10, delayHours: 24 };
    mount();
    expect(await screen.findByText('Your accuracy on checked items: 84 % over the last 40 (counted in blocks of 10, 24 hours late).')).toBeInTheDocument();
  });
});
