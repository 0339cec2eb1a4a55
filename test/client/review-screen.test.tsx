import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProjectDetail, ReviewTask } from '../../src/domain/api/index.ts';
import { ReviewScreen } from '../../src/client/review/ReviewScreen.tsx';
import { renderScreen } from './render-screen.tsx';

// The reviewer's screen, driven by role and name: accept by hotkey, correct in the real editor,
// and a review someone else decided first is reported, not overwritten.
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
const review = (n: number, classes: string[]): ReviewTask => ({
  id: id(100 + n),
  projectId: PROJECT,
  status: 'open',
  item: { id: id(200 + n), kind: 'text', image: null, text: `The club was sold, story ${n}.`, name: `story-${n}.txt` },
  annotator: { id: id(3), name: 'Ann Otator' },
  revision: 1,
  guidelineVersion: '1.0',
  payload: { shapes: [], spans: [], classes },
  createdAt: '2026-11-20T10:00:00.000Z',
  reviewer: null,
  decidedAt: null,
  comment: '',
  correction: null,
});
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let open: ReviewTask[];
let decisions: Array<{ url: string; body: unknown }>;
let conflict: boolean;
beforeEach(() => {
  open = [review(1, ['sports']), review(2, ['sports'])];
  decisions = [];
  conflict = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.endsWith(`/api/projects/${PROJECT}`)) return json(project);
      if (url.includes('/review-settings')) return json({ reviewRate: 0.1 });
      if (url.includes('/decision')) {
        if (conflict)
          return json(
            {
              error: { code: 'conflict', message: 'This review is no longer open: another reviewer decided it first. Reload to see it. Nothing was changed.' },
            },
            409,
          );
        const body = JSON.parse(String(init?.body));
        decisions.push({ url, body });
        const done = open.find((r) => url.includes(r.id))!;
        open = open.filter((r) => r !== done);
        return json({ ...done, status: body.action === 'accept' ? 'accepted' : 'corrected', correction: body.payload ?? null });
      }
      if (url.includes('/reviews?status=open')) return json({ reviews: open, open: open.length });
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

const mount = () => renderScreen(`/projects/${PROJECT}/review`, '/projects/:projectId/review', <ReviewScreen />);

describe('review screen', () => {
  it('accepts with A and moves to the next sampled label', async () => {
    mount();
    await screen.findByText(/story 1/);
    expect(screen.getByLabelText('Open reviews')).toHaveTextContent('2 waiting');
    fireEvent.keyDown(window, { key: 'a' });
    await waitFor(() => expect(decisions).toHaveLength(1));
    expect(decisions[0]).toMatchObject({ url: expect.stringContaining(id(101)), body: { action: 'accept', comment: '' } });
    await screen.findByText(/story 2/);
    expect(screen.getByLabelText('Open reviews')).toHaveTextContent('1 waiting');
  });

  it('names each sampled label by its item and annotator, with label names', async () => {
    mount();
    const list = await screen.findByRole('navigation', { name: 'Sampled labels' });
    const first = await within(list).findByRole('button', { name: /^story-1\.txt/ });
    expect(first).toHaveTextContent(/story-1\.txt.*: /);
  });

  it('saves a correction made in the editor, with the comment', async () => {
    mount();
    await screen.findByText(/story 1/);
    await userEvent.click(screen.getByRole('button', { name: /Business/ }));
    await userEvent.type(screen.getByRole('textbox', { name: /Comment for the record/ }), 'A club sale is business.');
    await userEvent.click(screen.getByRole('button', { name: 'Save correction' }));
    await waitFor(() => expect(decisions).toHaveLength(1));
    expect(decisions[0]!.body).toEqual({ action: 'correct', comment: 'A club sale is business.', payload: { shapes: [], spans: [], classes: ['business'] } });
  });

  it('says so when another reviewer decided first', async () => {
    conflict = true;
    mount();
    await screen.findByText(/story 1/);
    await userEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('alert')
          .map((a) => a.textContent)
          .join(' '),
      ).toMatch(/another reviewer decided it first/),
    );
  });

  it('refuses a review rate outside 0–100 % in words', async () => {
    mount();
    const rate = await screen.findByRole('spinbutton', { name: /Review rate/ });
    await waitFor(() => expect(rate).toHaveValue(10));
    await userEvent.clear(rate);
    await userEvent.type(rate, '150');
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('Enter a percentage between 0 and 100.');
    expect(screen.getByRole('button', { name: 'Save rate' })).toBeDisabled();
  });
});
