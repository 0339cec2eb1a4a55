import { configure, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Escalation, GuidelineVersion, LabelSchema, Me, ProjectDetail } from '../../src/domain/api/index.ts';
import { localDb } from '../../src/client/local/db.ts';
import { escalateWork } from '../../src/client/work/escalate.ts';
import { MyEscalationsScreen } from '../../src/client/work/MyEscalationsScreen.tsx';
import { renderScreen } from './render-screen.tsx';

// The annotator's "My escalations": the server's list with each outcome (ruling and its labels,
// or the lead's comment), and what is still in this device's outbox as "waiting to sync".
const id = (n: number) => `0190b000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const USER = id(1);
const PROJECT = id(2);
const schema: LabelSchema = {
  labels: [
    { id: 'per', name: 'Person', color: '#e6194b', tools: ['span'], attributes: [] },
    { id: 'org', name: 'Organisation', color: '#4363d8', tools: ['span'], attributes: [] },
    { id: 'sports', name: 'Sports', color: '#808000', tools: ['class'], attributes: [] },
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
  changelog: '',
  publishedAt: '2026-01-01T00:00:00.000Z',
  sections: [{ id: 'people', kind: 'rule', title: 'People and their teams', body: '', labels: [] }],
};
const project: ProjectDetail = { id: PROJECT, name: 'News', kind: 'text', roles: ['annotator'], labelSchema: schema, guideline };
const me: Me = { user: { id: USER, email: 'a@example.test', displayName: 'Ann' }, memberships: [{ projectId: PROJECT, roles: ['annotator'] }] };
const base = { projectId: PROJECT, annotatorId: USER, guidelineVersionId: guideline.id, tentative: null, createdAt: '2026-03-01T10:00:00.000Z' };
const server: Escalation[] = [
  {
    ...base,
    id: id(20),
    itemId: id(11),
    reason: 'ambiguous_labels',
    labels: ['per', 'org'],
    note: 'Club or person?',
    guidelineRef: 'people',
    status: 'resolved',
    ruling: { shapes: [], spans: [], classes: ['sports'] },
    explanation: 'A club is an organisation: rule 3.',
    decidedAt: '2026-03-02T10:00:00.000Z',
  },
  {
    ...base,
    id: id(21),
    itemId: id(12),
    reason: 'bad_asset',
    labels: [],
    note: '',
    guidelineRef: '',
    status: 'returned',
    ruling: null,
    explanation: 'The text reads fine; label it.',
    decidedAt: '2026-03-02T11:00:00.000Z',
  },
  {
    ...base,
    id: id(22),
    itemId: id(13),
    reason: 'not_covered',
    labels: [],
    note: 'Nicknames?',
    guidelineRef: '',
    status: 'open',
    ruling: null,
    explanation: '',
    decidedAt: null,
  },
];
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

// CI runs on a loaded 2-core machine: the screen may take more than the default second to open.
configure({ asyncUtilTimeout: 8000 });

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith('/api/auth/me')) return json(me);
      if (url.endsWith('/my-escalations')) return json({ escalations: server });
      if (url.endsWith(`/api/projects/${PROJECT}`)) return json(project);
      return new Response('{}', { status: 404 });
    }),
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all(localDb.tables.map((t) => t.clear()));
});

describe('my escalations', { timeout: 30_000 }, () => {
  it('shows each outcome, and an escalation made offline as waiting to sync', async () => {
    await localDb.queue.put({
      key: `${USER}:${id(14)}`,
      userId: USER,
      projectId: PROJECT,
      itemId: id(14),
      position: 4,
      item: { id: id(14), projectId: PROJECT, kind: 'text', image: null, text: 'x', position: 4, leaseExpiresAt: '2030-01-01T00:00:00.000Z' },
      state: 'todo',
      fetchedAt: 0,
    });
    await escalateWork(localDb, {
      userId: USER,
      projectId: PROJECT,
      itemId: id(14),
      guidelineVersionId: guideline.id,
      reason: 'other',
      note: 'Written offline',
      guidelineRef: '',
    });
    renderScreen(`/projects/${PROJECT}/my-escalations`, '/projects/:projectId/my-escalations', <MyEscalationsScreen />);
    const list = await screen.findByRole('list', { name: 'My escalations' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(4));
    const [offline, resolved, returned, open] = within(list).getAllByRole('listitem');
    expect(offline).toHaveTextContent('Waiting to sync');
    expect(offline).toHaveTextContent('Written offline');
    expect(resolved).toHaveTextContent('Resolved');
    expect(resolved).toHaveTextContent('Ambiguous between named labels: Person or Organisation');
    expect(resolved).toHaveTextContent('People and their teams');
    expect(resolved).toHaveTextContent('Ruling');
    expect(resolved).toHaveTextContent('Final labels: class: Sports');
    expect(returned).toHaveTextContent('Returned to you');
    expect(returned).toHaveTextContent('The text reads fine; label it.');
    expect(returned).toHaveTextContent('The item is back in your queue.');
    expect(open).toHaveTextContent('Open — waiting for a lead');
    expect(open).not.toHaveTextContent('Ruling');
  });
});
