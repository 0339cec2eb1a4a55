import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuidelineVersion, LabelSchema, Me, ProjectDetail, QueueItem } from '../../src/domain/api/index.ts';
import { itemKey, localDb } from '../../src/client/local/db.ts';
import { AnnotateScreen } from '../../src/client/screens/AnnotateScreen.tsx';
import { SyncProvider } from '../../src/client/sync/SyncContext.tsx';
import { submitAndAdvance } from '../../src/client/work/advance.ts';
import type * as Advance from '../../src/client/work/advance.ts';
import { claimNext } from '../../src/client/work/claims.ts';
import { DROPPED_NOTE, KEPT_NOTE } from '../../src/client/work/useSubmitItem.ts';

// The submission's transaction can be held back, to look at the screen while it is being written.
vi.mock('../../src/client/work/advance.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof Advance>();
  return { ...actual, submitAndAdvance: vi.fn(actual.submitAndAdvance) };
});

// Moving about the queue as an annotator: back to the item submitted last (its answer loaded, and
// submitting it again sends a new submission), skipping an item with a reason, and reopening one
// of one's own submitted items from a list — each by a named button and by a key.
const id = (n: number) => `0190c000-0000-7000-8000-${String(n).padStart(12, '0')}`;
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
const items: QueueItem[] = [1, 2, 3].map((n) => ({
  id: id(10 + n),
  projectId: PROJECT,
  kind: 'text',
  image: null,
  text: `Document number ${n} about the match.`,
  position: n,
  leaseExpiresAt: '2030-01-01T00:00:00.000Z',
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
      // The server is unreachable for sync: submissions stay pending in the outbox, where the test reads them.
      if (url.endsWith('/api/sync')) throw new TypeError('offline');
      return new Response('{}', { status: 404 });
    }),
  );
});
afterEach(async () => {
  // Unmounted before the tables are cleared: a screen still mounted would save its draft into the next test.
  cleanup();
  vi.unstubAllGlobals();
  vi.mocked(submitAndAdvance).mockRestore();
  vi.restoreAllMocks();
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

const doc = (n: number) => `Document number ${n} about the match.`;
const slow = { timeout: 10_000 };
/** Classifies the open item as Sports and submits it with Ctrl+Enter. */
async function classifyAndSubmit(n: number) {
  await screen.findByText(doc(n), {}, slow);
  fireEvent.keyDown(window, { key: '7' });
  await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'), slow);
  fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
}
const submissionsOf = async (itemId: string) =>
  (await localDb.outbox.toArray()).filter((o) => o.mutation.type === 'annotation.submit' && o.mutation.itemId === itemId);

describe('moving about the queue', () => {
  it('counts each item’s time from when it opened: the screen stays mounted from one item to the next', async () => {
    mount();
    await screen.findByText(doc(1), {}, slow);
    await new Promise((r) => setTimeout(r, 30));
    await classifyAndSubmit(1);
    await classifyAndSubmit(2);
    await waitFor(async () => expect(await submissionsOf(items[1]!.id)).toHaveLength(1));
    const [first] = await submissionsOf(items[0]!.id);
    const [second] = await submissionsOf(items[1]!.id);
    if (first?.mutation.type !== 'annotation.submit' || second?.mutation.type !== 'annotation.submit') throw new Error('not submissions');
    // Item 2 opened when item 1 was submitted, not when the screen first showed item 1.
    expect(Date.parse(second.mutation.startedAt)).toBeGreaterThanOrEqual(Date.parse(first.mutation.submittedAt));
    expect(second.mutation.durationMs).toBeLessThanOrEqual(Date.parse(second.mutation.submittedAt) - Date.parse(first.mutation.submittedAt));
  });

  it('a held Ctrl+Enter submits once: its repeats do not submit the item that opens next', async () => {
    mount();
    await screen.findByText(doc(1), {}, slow);
    fireEvent.keyDown(window, { key: '7' });
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await screen.findByText(doc(2), {}, slow);
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true, repeat: true });
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true, repeat: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.getByText(doc(2))).toBeInTheDocument();
    expect(await submissionsOf(items[1]!.id)).toHaveLength(0);
  });

  it('two submissions in quick succession go on to the third item, never back to the first', async () => {
    mount();
    await screen.findByText(doc(1), {}, slow);
    // Every text the item area shows from here on.
    const seen: string[] = [];
    const watch = new MutationObserver(() => seen.push(document.querySelector('[aria-label="Item"]')?.textContent ?? ''));
    watch.observe(document.body, { subtree: true, childList: true, characterData: true });
    await classifyAndSubmit(1);
    // Item 2 opens from the submitting transaction, before the screen's live query has seen it:
    // submitting it at once must not bring back item 1 (submitted, its draft gone).
    await screen.findByText(doc(2), {}, slow);
    fireEvent.keyDown(window, { key: '7' });
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await screen.findByText(doc(3), {}, slow);
    await waitFor(async () => expect(await submissionsOf(items[1]!.id)).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 200));
    watch.disconnect();
    const afterFirst = seen.slice(seen.findIndex((t) => t.includes(doc(2))));
    expect(afterFirst.filter((t) => t.includes(doc(1)))).toEqual([]);
    expect(screen.getByText(doc(3))).toBeInTheDocument();
  });

  it('goes back to the item submitted last with its answer, and submitting it again sends a new submission', async () => {
    mount();
    await screen.findByText(doc(1), {}, slow);
    expect(screen.getByRole('button', { name: 'Previous item' })).toBeDisabled();
    await classifyAndSubmit(1);
    await screen.findByText(doc(2), {}, slow);

    const previous = screen.getByRole('button', { name: 'Previous item' });
    expect(previous).toHaveAttribute('aria-keyshortcuts', 'Alt+Shift+ArrowLeft');
    await waitFor(() => expect(previous).toBeEnabled());
    fireEvent.click(previous);
    await screen.findByText(doc(1), {}, slow);
    // The answer submitted last is loaded, not an empty item.
    await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'), slow);
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await screen.findByText(doc(2), {}, slow);
    await waitFor(async () => expect(await submissionsOf(items[0]!.id)).toHaveLength(2));
    const [first, second] = await submissionsOf(items[0]!.id);
    expect(second!.mutation.id).not.toBe(first!.mutation.id);

    // By key as well: Alt+Shift+← reopens it again.
    fireEvent.keyDown(window, { key: 'ArrowLeft', altKey: true, shiftKey: true });
    await screen.findByText(doc(1), {}, slow);
  });

  it('skips an item with a reason: it waits at the end of the queue, and says why when it comes back', async () => {
    mount();
    await screen.findByText(doc(1), {}, slow);
    expect(screen.getByRole('button', { name: 'Skip item' })).toHaveAttribute('aria-keyshortcuts', 'Alt+Shift+ArrowRight');
    fireEvent.keyDown(window, { key: 'ArrowRight', altKey: true, shiftKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Skip this item' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Another reason' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Skip item' }));
    expect(within(dialog).getByText('Write why you skip this item.')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Your reason' }), { target: { value: 'The sentence is cut off.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Skip item' }));

    await screen.findByText(doc(2), {}, slow);
    expect(screen.queryByRole('dialog')).toBeNull();
    const skipped = await localDb.queue.get(itemKey(USER, items[0]!.id));
    expect(skipped?.skipped?.reason).toBe('The sentence is cut off.');
    expect(skipped?.state).toBe('todo');
    expect(await submissionsOf(items[0]!.id)).toHaveLength(0);

    await classifyAndSubmit(2);
    await classifyAndSubmit(3);
    await screen.findByText(doc(1), {}, slow);
    expect(screen.getByText('You skipped this item earlier: “The sentence is cut off.”')).toBeInTheDocument();
  });

  it('reopens one of one’s own submitted items from the list, with its answer', async () => {
    mount();
    await classifyAndSubmit(1);
    await screen.findByText(doc(2), {}, slow);
    fireEvent.keyDown(window, { key: 'ArrowDown', altKey: true, shiftKey: true });
    const list = await screen.findByRole('region', { name: 'Your finished items' });
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(1));
    fireEvent.click(within(list).getByRole('button', { name: `Reopen item #${items[0]!.id.slice(-6)}` }));
    await screen.findByText(doc(1), {}, slow);
    await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'), slow);
    expect(screen.getByRole('button', { name: 'Finished items (0)' })).toHaveAttribute('aria-expanded', 'false');
  });
});

describe('going on before the submission has committed', () => {
  /** Holds every submission back (as a slow disk would) until released. */
  function holdSubmissions() {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const write = vi.mocked(submitAndAdvance).getMockImplementation()!;
    vi.mocked(submitAndAdvance).mockImplementation(async (...args) => {
      await gate;
      return write(...args);
    });
    return async () => {
      release();
      await new Promise((r) => setTimeout(r, 50));
    };
  }
  /** Waits until the workspace has read ahead what Submit goes on to (a live query, a few ms; generous for a loaded machine). */
  const readAhead = () => new Promise((r) => setTimeout(r, 1000));
  const submittedItems = () => vi.mocked(submitAndAdvance).mock.calls.map(([, input]) => input.itemId);
  /**
   * Item 1 opened and what follows it read ahead, then labelled and submitted, its write held and
   * bound to fail once released: item 2 shows ahead. Answers when item 1 opened, and the release.
   */
  async function submitFirstBoundToFail() {
    mount();
    await screen.findByText(doc(1), {}, slow);
    const opened = Date.now();
    await readAhead();
    const release = holdSubmissions();
    vi.spyOn(localDb.outbox, 'add').mockRejectedValueOnce(new Error('The device refused to write.'));
    await classifyAndSubmit(1);
    return { opened, release };
  }

  it('shows the next item, read ahead, while the submission is still being written', async () => {
    mount();
    await screen.findByText(doc(1), {}, slow);
    await readAhead();
    const release = holdSubmissions();
    await classifyAndSubmit(1);
    await screen.findByText(doc(2), {}, slow);
    expect(await submissionsOf(items[0]!.id)).toHaveLength(0);
    await release();
    await waitFor(async () => expect(await submissionsOf(items[0]!.id)).toHaveLength(1));
    expect(screen.getByText(doc(2))).toBeInTheDocument();
  });

  it('submits the item shown ahead after the one before it, and goes on to the third', async () => {
    mount();
    await screen.findByText(doc(1), {}, slow);
    await readAhead();
    const release = holdSubmissions();
    const seen: string[] = [];
    const watch = new MutationObserver(() => seen.push(document.querySelector('[aria-label="Item"]')?.textContent ?? ''));
    watch.observe(document.body, { subtree: true, childList: true, characterData: true });
    await classifyAndSubmit(1);
    // Item 2, read ahead, is labelled and submitted while item 1 is still being written.
    await classifyAndSubmit(2);
    await release();
    await screen.findByText(doc(3), {}, slow);
    watch.disconnect();
    // Item 2 went ahead to item 3, never back to item 1 (what was read ahead before item 1's commit).
    const afterFirst = seen.slice(seen.findIndex((t) => t.includes(doc(2))));
    expect(afterFirst.filter((t) => t.includes(doc(1)))).toEqual([]);
    await waitFor(async () => expect(await submissionsOf(items[1]!.id)).toHaveLength(1));
    expect(await submissionsOf(items[0]!.id)).toHaveLength(1);
    expect(submittedItems()).toEqual([items[0]!.id, items[1]!.id]);
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.getByText(doc(3))).toBeInTheDocument();
  });

  it('comes back to the item with the labels it had on screen and says why when its submission fails, and drops what was submitted ahead of it', async () => {
    // No draft is ever saved here: what comes back can only come from the screen's memory.
    vi.spyOn(localDb.drafts, 'put').mockRejectedValue(new Error('drafts are not kept in this test'));
    const { opened, release } = await submitFirstBoundToFail();
    // Item 2 shows at once, and is labelled and submitted before item 1's submission has failed.
    await classifyAndSubmit(2);
    await release();

    await screen.findByText(doc(1), {}, slow);
    expect(await screen.findByText(`The device refused to write. ${DROPPED_NOTE}`)).toHaveAttribute('role', 'alert');
    expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true');
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.getByText(doc(1))).toBeInTheDocument();
    // Item 2's submission never started, and nothing was submitted.
    expect(submittedItems()).toEqual([items[0]!.id]);
    expect(await localDb.outbox.count()).toBe(0);

    // Submitting again goes through, with the time counted from when item 1 first opened.
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await screen.findByText(doc(2), {}, slow);
    await waitFor(async () => expect(await submissionsOf(items[0]!.id)).toHaveLength(1));
    const [sent] = await submissionsOf(items[0]!.id);
    if (sent?.mutation.type !== 'annotation.submit') throw new Error('not a submission');
    expect(sent.mutation.payload.classes).toEqual(['sports']);
    expect(Date.parse(sent.mutation.startedAt)).toBeLessThanOrEqual(opened);
  });

  it('keeps the labels submitted ahead of a failed submission, says so, and opens that item with them next', async () => {
    const { release } = await submitFirstBoundToFail();
    await classifyAndSubmit(2);
    await release();
    await screen.findByText(doc(1), {}, slow);
    expect(await screen.findByText(`The device refused to write. ${DROPPED_NOTE} ${KEPT_NOTE}`)).toHaveAttribute('role', 'alert');
    expect(submittedItems()).toEqual([items[0]!.id]);

    // Item 1 goes through; item 2 opens with the label it was given, to be submitted again.
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await screen.findByText(doc(2), {}, slow);
    await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'), slow);
    expect(await submissionsOf(items[1]!.id)).toHaveLength(0);
  });

  it('keeps edits made on the item shown ahead when the submission before it fails', async () => {
    const { release } = await submitFirstBoundToFail();
    await screen.findByText(doc(2), {}, slow);
    fireEvent.keyDown(window, { key: '7' });
    await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'), slow);
    await release();
    await screen.findByText(doc(1), {}, slow);
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await screen.findByText(doc(2), {}, slow);
    await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'), slow);
  });

  it('says so when another tab took the item shown ahead before the commit, and goes on to the one after it', async () => {
    mount();
    await screen.findByText(doc(1), {}, slow);
    await readAhead();
    const release = holdSubmissions();
    await classifyAndSubmit(1);
    await screen.findByText(doc(2), {}, slow);
    // Another tab of the same account claims item 2 while item 1 is still being written.
    expect((await claimNext(localDb, USER, PROJECT, 'another-tab', Date.now()))?.itemId).toBe(items[1]!.id);
    await release();
    await screen.findByText(doc(3), {}, slow);
    expect(screen.getByText(/went to another of your tabs/)).toHaveAttribute('role', 'status');
    // Gone once the screen shows another item.
    const previous = screen.getByRole('button', { name: 'Previous item' });
    await waitFor(() => expect(previous).toBeEnabled());
    fireEvent.click(previous);
    await screen.findByText(doc(1), {}, slow);
    expect(screen.queryByText(/went to another of your tabs/)).toBeNull();
  });

  it('does not save a draft of the item shown ahead until the submission before it has committed', async () => {
    mount();
    await screen.findByText(doc(1), {}, slow);
    await readAhead();
    const release = holdSubmissions();
    await classifyAndSubmit(1);
    await screen.findByText(doc(2), {}, slow);
    fireEvent.keyDown(window, { key: '7' });
    await waitFor(() => expect(screen.getByRole('button', { name: /Sports/ })).toHaveAttribute('aria-pressed', 'true'), slow);
    await new Promise((r) => setTimeout(r, 200));
    // Not this tab's yet (another tab may hold it; a failure would send the annotator back).
    expect(await localDb.drafts.get(itemKey(USER, items[1]!.id))).toBeUndefined();
    await release();
    // Committed: the edit made meanwhile is saved.
    await waitFor(async () => expect((await localDb.drafts.get(itemKey(USER, items[1]!.id)))?.payload.classes).toEqual(['sports']));
  });
});
