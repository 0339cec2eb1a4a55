import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuidelineProposal, GuidelineVersion, LabelSchema, ProjectDetail } from '../../src/domain/api/index.ts';
import { ProposalInbox } from '../../src/client/guideline/ProposalInbox.tsx';
import { ProposeChangeDialog } from '../../src/client/guideline/ProposeChangeDialog.tsx';
import { localDb } from '../../src/client/local/db.ts';

// The author's inbox: each proposal with the escalations behind it (reason, note, ruling), accept
// with the settling version, decline only with a reason. And the lead's "Propose guideline change".
const id = (n: number) => `0190b000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const PROJECT = id(1);
const schema: LabelSchema = {
  labels: [
    { id: 'sports', name: 'Sports', color: '#808000', tools: ['class'], attributes: [] },
    { id: 'business', name: 'Business', color: '#469990', tools: ['class'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};
const guideline: GuidelineVersion = {
  id: id(3),
  projectId: PROJECT,
  major: 1,
  minor: 2,
  version: '1.2',
  kind: 'clarification',
  affectedLabels: [],
  changelog: 'Club sales',
  publishedAt: '2026-01-01T00:00:00.000Z',
  sections: [{ id: 'topics', kind: 'rule', title: 'Choosing the topic', body: '', labels: [] }],
};
const project: ProjectDetail = { id: PROJECT, name: 'News', kind: 'text', roles: ['author', 'lead'], labelSchema: schema, guideline };
const proposal: GuidelineProposal = {
  id: id(40),
  projectId: PROJECT,
  sectionId: 'topics',
  sectionTitle: 'Choosing the topic',
  text: 'Say that a club sale is Sports.',
  status: 'open',
  proposedBy: { id: id(5), name: 'Lee Lead' },
  createdAt: '2026-03-02T10:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  comment: '',
  settledByVersion: null,
  escalations: [
    {
      id: id(20),
      itemId: id(11),
      annotatorName: 'Ann',
      reason: 'ambiguous_labels',
      note: 'Club sale: sports or business?',
      guidelineRef: 'topics',
      labels: ['sports', 'business'],
      status: 'resolved',
      ruling: { shapes: [], spans: [], classes: ['sports'] },
      explanation: 'Club business is sports.',
      createdAt: '2026-03-01T10:00:00.000Z',
    },
    {
      id: id(21),
      itemId: id(12),
      annotatorName: 'Bo',
      reason: 'not_covered',
      note: 'Transfer fees?',
      guidelineRef: '',
      labels: [],
      status: 'open',
      ruling: null,
      explanation: '',
      createdAt: '2026-03-01T11:00:00.000Z',
    },
  ],
};
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

configure({ asyncUtilTimeout: 8000 });
let stored: GuidelineProposal;
const posts: Array<{ url: string; body: unknown }> = [];
beforeEach(() => {
  stored = structuredClone(proposal);
  posts.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (init?.method === 'POST') {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        posts.push({ url, body });
        if (url.endsWith('/decision')) {
          stored = {
            ...stored,
            status: body['action'] === 'accept' ? 'accepted' : 'declined',
            decidedBy: { id: id(6), name: 'Ava Author' },
            comment: String(body['comment'] ?? ''),
            settledByVersion: body['versionId'] ? { id: guideline.id, version: '1.2' } : null,
          };
          return json(stored);
        }
        return json({ ...proposal, id: id(41), text: body['text'], sectionId: body['sectionId'] }, 201);
      }
      if (url.includes('/guideline-proposals?status=open'))
        return json({ proposals: stored.status === 'open' ? [stored] : [], open: stored.status === 'open' ? 1 : 0 });
      if (url.includes('/guideline-proposals?status=')) return json({ proposals: [stored], open: stored.status === 'open' ? 1 : 0 });
      if (url.endsWith('/guideline/versions')) return json({ versions: [{ ...guideline, sections: undefined }] });
      if (url.endsWith(`/api/projects/${PROJECT}`)) return json(project);
      return new Response('{}', { status: 404 });
    }),
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all(localDb.tables.map((t) => t.clear()));
});
const wrap = (ui: ReactNode) =>
  render(<QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>{ui}</QueryClientProvider>);

describe('guideline-change proposals', { timeout: 30_000 }, () => {
  it('inbox: shows the proposal with its escalations and rulings; decline needs a reason; accept names the settling version', async () => {
    wrap(<ProposalInbox projectId={PROJECT} />);
    const card = await screen.findByRole('article', { name: /Section “Choosing the topic”/ });
    expect(screen.getByRole('heading', { name: /Inbox/ })).toHaveTextContent('1 open');
    expect(card).toHaveTextContent('Say that a club sale is Sports.');
    expect(card).toHaveTextContent('Proposed by Lee Lead');
    const [ruled, open] = within(card).getAllByRole('listitem');
    expect(ruled).toHaveTextContent('Ambiguous between named labels (sports, business) — Ann');
    expect(ruled).toHaveTextContent('Club sale: sports or business?');
    await waitFor(() => expect(ruled).toHaveTextContent('class: Sports — Club business is sports.'));
    expect(open).toHaveTextContent('waiting for a ruling');

    fireEvent.click(within(card).getByRole('button', { name: 'Decline' }));
    expect(within(card).getByRole('alert')).toHaveTextContent('Say why the proposal is declined');
    expect(posts).toHaveLength(0);

    await waitFor(() => expect(within(card).getByRole('option', { name: /v1\.2/ })).toBeInTheDocument());
    fireEvent.change(within(card).getByLabelText('Settled by version'), { target: { value: guideline.id } });
    fireEvent.click(within(card).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(screen.getByText('No open proposals.')).toBeInTheDocument());
    expect(posts).toEqual([
      { url: `/api/projects/${PROJECT}/guideline-proposals/${proposal.id}/decision`, body: { action: 'accept', comment: '', versionId: guideline.id } },
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Accepted' }));
    const decided = await screen.findByRole('article', { name: /Accepted/ });
    expect(decided).toHaveTextContent('Accepted by Ava Author · settled by v1.2');
    expect(within(decided).queryByRole('button', { name: 'Accept' })).toBeNull();
  });

  it('propose dialog: needs text, sends the section and linked escalations, reports the new proposal; Escape cancels', async () => {
    const done = vi.fn();
    wrap(<ProposeChangeDialog projectId={PROJECT} escalationIds={[id(20), id(21)]} onDone={done} />);
    const dialog = screen.getByRole('dialog', { name: 'Propose guideline change' });
    expect(dialog).toHaveTextContent('linked to 2 escalations');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send to the guideline author' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Say what the guideline should say.');
    expect(posts).toHaveLength(0);

    await waitFor(() => expect(within(dialog).getByRole('option', { name: 'Choosing the topic' })).toBeInTheDocument());
    fireEvent.change(within(dialog).getByLabelText('Guideline section'), { target: { value: 'topics' } });
    fireEvent.change(within(dialog).getByLabelText('What the guideline should say'), { target: { value: '  A club sale is Sports.  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send to the guideline author' }));
    await waitFor(() => expect(done).toHaveBeenCalledTimes(1));
    expect(posts).toEqual([
      { url: `/api/projects/${PROJECT}/guideline-proposals`, body: { escalationIds: [id(20), id(21)], sectionId: 'topics', text: 'A club sale is Sports.' } },
    ]);
    expect(done.mock.calls[0]?.[0]).toMatchObject({ id: id(41), sectionId: 'topics' });

    const cancel = vi.fn();
    wrap(<ProposeChangeDialog projectId={PROJECT} escalationIds={[id(20)]} onDone={cancel} />);
    const second = screen.getAllByRole('dialog').at(-1) as HTMLElement;
    await within(second).findByRole('option', { name: 'Choosing the topic' });
    fireEvent.keyDown(second, { key: 'Escape' });
    expect(cancel).toHaveBeenCalledWith(null);
  });
});
