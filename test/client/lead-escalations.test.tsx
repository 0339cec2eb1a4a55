import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeadEscalation, ProjectDetail } from '../../src/domain/api/index.ts';
import { LeadEscalationsScreen } from '../../src/client/escalations/LeadEscalationsScreen.tsx';
import { renderScreen } from './render-screen.tsx';

// The lead's escalation queue, driven by role and name: the item opens with the annotator's
// tentative labels in the real editor; resolve (with gold) and return send what the lead set;
// look-alikes are decided in bulk and a 409 names who was decided meanwhile; J/K/R/Shift+R/X/H.
const id = (n: number) => `0190c000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const PROJECT = id(1);
const project: ProjectDetail = {
  id: PROJECT,
  name: 'News',
  kind: 'text',
  roles: ['lead'],
  labelSchema: {
    labels: [
      { id: 'org', name: 'Organisation', color: '#4363d8', hotkey: '2', tools: ['span'], attributes: [] },
      { id: 'sports', name: 'Sports', color: '#808000', hotkey: '7', tools: ['class'], attributes: [] },
      { id: 'business', name: 'Business', color: '#469990', hotkey: '8', tools: ['class'], attributes: [] },
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
const ADA = { id: id(3), name: 'Ada Annotator' };
const BEN = { id: id(4), name: 'Ben Annotator' };
const esc = (n: number, over: Partial<LeadEscalation> = {}): LeadEscalation => ({
  id: id(100 + n),
  projectId: PROJECT,
  itemId: id(200 + n),
  annotatorId: ADA.id,
  guidelineVersionId: id(2),
  reason: 'ambiguous_labels',
  note: `Club sale ${n}: sports or business?`,
  guidelineRef: 'topic',
  labels: ['sports', 'business'],
  tentative: { shapes: [], spans: [], classes: ['sports'] },
  status: 'open',
  createdAt: '2026-11-20T10:00:00.000Z',
  ruling: null,
  explanation: '',
  decidedAt: null,
  annotator: ADA,
  guidelineVersion: '1.0',
  guidelineSection: { id: 'topic', title: 'Business or politics?', body: 'Choose Politics if a government acts.' },
  ageHours: 30 + n,
  decidedBy: null,
  ...over,
});
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let open: LeadEscalation[];
let posts: Array<{ url: string; body: Record<string, unknown> }>;
let lists: string[];
let conflictWith: string | null;
beforeEach(() => {
  open = [
    esc(1),
    esc(2, { annotator: BEN, annotatorId: BEN.id }),
    esc(3, { reason: 'bad_asset', labels: [], tentative: null, guidelineRef: '', guidelineSection: null, note: 'Garbled text.' }),
  ];
  posts = [];
  lists = [];
  conflictWith = null;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.endsWith(`/api/projects/${PROJECT}`)) return json(project);
      if (init?.method === 'POST') {
        const body = JSON.parse(String(init.body));
        if (conflictWith)
          return json(
            {
              error: {
                code: 'conflict',
                message: '1 of these escalations were already decided by another lead. Nothing was changed; reload and pick again.',
                details: { alreadyDecided: [{ id: conflictWith, status: 'resolved' }] },
              },
            },
            409,
          );
        posts.push({ url, body });
        const ids: string[] = body.escalationIds ?? [open.find((e) => url.includes(e.id))!.id];
        const decided = open
          .filter((e) => ids.includes(e.id))
          .map((e) => ({ ...e, status: (body.decision ?? body).action === 'resolve' ? 'resolved' : 'returned' }));
        open = open.filter((e) => !ids.includes(e.id));
        return json(body.escalationIds ? { escalations: decided } : decided[0]);
      }
      const m = url.match(/\/escalations\/([0-9a-f-]{36})$/);
      if (m) {
        const e = open.find((x) => x.id === m[1])!;
        return json({ ...e, item: { id: e.itemId, kind: 'text', image: null, text: `The club was sold, story ${e.id.slice(-1)}.` } });
      }
      if (url.includes('/escalations?')) {
        lists.push(url);
        const q = new URL(url, 'http://x').searchParams;
        const rows = open.filter(
          (e) => (!q.get('reason') || e.reason === q.get('reason')) && (!q.get('annotatorId') || e.annotatorId === q.get('annotatorId')),
        );
        return json({ escalations: rows, annotators: [ADA, BEN], open: open.length });
      }
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

const mount = () => renderScreen(`/projects/${PROJECT}/escalations`, '/projects/:projectId/escalations', <LeadEscalationsScreen />);
const list = () => screen.getByRole('navigation', { name: 'Escalations' });
const alerts = () =>
  screen
    .getAllByRole('alert')
    .map((a) => a.textContent)
    .join(' ');
const currentRow = () =>
  within(list())
    .getAllByRole('button')
    .find((b) => b.getAttribute('aria-current') === 'true');

describe('lead escalation queue', () => {
  it("opens the oldest with the tentative labels, the note and the guideline section, and resolves with the editor's labels into the gold set", async () => {
    mount();
    await screen.findByText(/story 1/, undefined, { timeout: 15_000 });
    expect(screen.getByLabelText('Open escalations')).toHaveTextContent('3 open');
    const facts = screen.getByRole('region', { name: 'Escalation' });
    expect(facts).toHaveTextContent('Club sale 1: sports or business?');
    expect(facts).toHaveTextContent('Business or politics?');
    await waitFor(() => expect(facts).toHaveTextContent('Choose Politics if a government acts.'));
    expect(facts).toHaveTextContent('version 1.0');
    expect(facts).toHaveTextContent('Ambiguous between named labels: Sports or Business');
    // The annotator's tentative class is loaded in the editor.
    expect(screen.getByRole('button', { name: /Sports/, pressed: true })).toBeInTheDocument();

    // No explanation: told, nothing sent.
    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    expect(alerts()).toMatch(/Write an explanation of the ruling/);
    expect(posts).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: /Business/ }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Explanation of the ruling' }), 'A club sale is business.');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Add to gold set' }));
    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]!.url).toContain(`/escalations/${id(101)}/decision`);
    expect(posts[0]!.body).toEqual({
      action: 'resolve',
      ruling: { shapes: [], spans: [], classes: ['business'] },
      explanation: 'A club sale is business.',
      promoteToGold: true,
    });
    // On to the next one.
    await screen.findByText(/story 2/);
    expect(screen.getByLabelText('Open escalations')).toHaveTextContent('2 open');
  });

  it('filters by reason, label, annotator, age and status through the query string', async () => {
    mount();
    await screen.findByText(/story 1/, undefined, { timeout: 15_000 });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Reason' }), 'Bad or unreadable asset');
    await screen.findByText(/story 3/);
    expect(within(list()).getAllByRole('button', { name: /Ada Annotator/ })).toHaveLength(1);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Reason' }), 'Any reason');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Annotator' }), 'Ben Annotator');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Label' }), 'Business');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Age' }), 'Older than 1 day');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Resolved');
    await waitFor(() => expect(lists.at(-1)).toContain('status=resolved'));
    const q = new URL(lists.at(-1)!, 'http://x').searchParams;
    expect(Object.fromEntries(q)).toEqual({ status: 'resolved', label: 'business', annotatorId: BEN.id, olderThanHours: '24' });
  });

  it('checks look-alikes and resolves them in one bulk decision; a 409 names who was decided meanwhile', async () => {
    mount();
    await screen.findByText(/story 1/, undefined, { timeout: 15_000 });
    await userEvent.click(screen.getByRole('button', { name: 'Check look-alikes' }));
    expect(within(list()).getByText('2 checked')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: /bulk decision: Ada Annotator, ambiguous/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /bulk decision: Ben Annotator/ })).toBeChecked();
    await userEvent.type(screen.getByRole('textbox', { name: 'Explanation of the ruling' }), 'Club sales are business.');
    await userEvent.click(screen.getByRole('button', { name: /Business/ }));

    conflictWith = id(102);
    await userEvent.click(screen.getByRole('button', { name: 'Resolve 2 checked' }));
    await waitFor(() => expect(alerts()).toMatch(/Nothing was changed/));
    expect(screen.getByRole('list', { name: 'Already decided' })).toHaveTextContent('Ben Annotator’s escalation (ambiguous between named labels): Resolved');
    expect(posts).toHaveLength(0);

    conflictWith = null;
    await userEvent.click(screen.getByRole('button', { name: 'Resolve 2 checked' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]!.url).toMatch(/\/escalations\/bulk-decision$/);
    expect(posts[0]!.body).toEqual({
      escalationIds: [id(101), id(102)],
      decision: { action: 'resolve', ruling: { shapes: [], spans: [], classes: ['business'] }, explanation: 'Club sales are business.', promoteToGold: false },
    });
    await screen.findByText(/story 3/);
    expect(within(list()).queryByText(/checked$/)).toBeNull();
  });

  it('moves with J and K, checks with X, returns with Shift+R, and lists its keys in the H dialog', async () => {
    mount();
    await screen.findByText(/story 1/, undefined, { timeout: 15_000 });
    fireEvent.keyDown(window, { key: 'j' });
    await screen.findByText(/story 2/);
    expect(currentRow()).toHaveAccessibleName(/Ben Annotator/);
    fireEvent.keyDown(window, { key: 'k' });
    await screen.findByText(/story 1/);
    fireEvent.keyDown(window, { key: 'x' });
    expect(screen.getByRole('checkbox', { name: /bulk decision: Ada Annotator, ambiguous/ })).toBeChecked();
    fireEvent.keyDown(window, { key: 'x' });
    expect(screen.getByRole('checkbox', { name: /bulk decision: Ada Annotator, ambiguous/ })).not.toBeChecked();

    // Shift+R with no comment points at the comment box; with one it returns.
    fireEvent.keyDown(window, { key: 'R', shiftKey: true });
    expect(alerts()).toMatch(/Write a comment/);
    await userEvent.type(screen.getByRole('textbox', { name: 'Comment for the annotator' }), 'Rule 4 covers this; label it.');
    screen.getByRole('textbox', { name: 'Comment for the annotator' }).blur();
    fireEvent.keyDown(window, { key: 'R', shiftKey: true });
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]!.body).toEqual({ action: 'return', explanation: 'Rule 4 covers this; label it.' });

    fireEvent.keyDown(window, { key: 'h' });
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveTextContent('Next escalation in the list');
    expect(dialog).toHaveTextContent('Return the item to the annotator with the comment');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('proposes a guideline change linked to the checked escalations (or the one open)', async () => {
    mount();
    await screen.findByText(/story 1/, undefined, { timeout: 15_000 });
    await userEvent.click(screen.getByRole('button', { name: 'Propose guideline change' }));
    let dialog = screen.getByRole('dialog', { name: 'Propose guideline change' });
    expect(dialog).toHaveTextContent('linked to 1 escalation');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Check look-alikes' }));
    await userEvent.click(screen.getByRole('button', { name: 'Propose guideline change' }));
    dialog = screen.getByRole('dialog', { name: 'Propose guideline change' });
    expect(dialog).toHaveTextContent('linked to 2 escalations');
    // Keys typed in the dialog are its own: J does not move the queue.
    fireEvent.keyDown(within(dialog).getByRole('button', { name: 'Cancel' }), { key: 'j' });
    expect(currentRow()).toHaveAccessibleName(/Ada Annotator, ambiguous/);
  });

  it('gives every control an accessible name', async () => {
    mount();
    await screen.findByText(/story 1/, undefined, { timeout: 15_000 });
    const main = screen.getByRole('main');
    const unnamed = [...main.querySelectorAll('button, input, select, textarea')].filter((el) => {
      if (el.getAttribute('aria-label')) return false;
      if (el instanceof HTMLButtonElement) return !el.textContent?.trim();
      return (el as HTMLInputElement).labels?.length === 0;
    });
    expect(unnamed.map((el) => el.outerHTML)).toEqual([]);
  });
});
