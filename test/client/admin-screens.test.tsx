import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminScreen } from '../../src/client/admin/AdminScreen.tsx';
import { MembersScreen } from '../../src/client/members/MembersScreen.tsx';
import { TokensPanel } from '../../src/client/tokens/TokensPanel.tsx';
import { renderScreen } from './render-screen.tsx';

// The administrator's and the lead's people screens, and access tokens, driven by role and name
// against a stubbed server that records what was sent.
const P = '0190d000-0000-7000-8000-000000000001';
const ADMIN = '0190d000-0000-7000-8000-0000000000a1';
const ANN = '0190d000-0000-7000-8000-0000000000b2';
const T = '2030-01-01T00:00:00.000Z';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
type Handler = (url: string, method: string, body: unknown) => Response | undefined;
let sent: Array<{ url: string; method: string; body: unknown }>;
let handler: Handler;

beforeEach(() => {
  sent = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      if (method !== 'GET') sent.push({ url: input, method, body });
      if (input === '/api/auth/me') return json({ user: { id: ADMIN, email: 'ops@team.test', displayName: 'Olga' }, isAdmin: true, memberships: [] });
      if (input === '/api/projects') return json({ projects: [{ id: P, name: 'Street signs', kind: 'image', roles: ['lead'], archived: false }] });
      return handler(input, method, body) ?? json({ error: { code: 'not_found', message: 'no route' } }, 404);
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

const user = (id: string, name: string, extra = {}) => ({
  id,
  email: `${name.toLowerCase()}@team.test`,
  displayName: name,
  isAdmin: false,
  active: true,
  createdAt: T,
  lastSignInAt: null,
  projects: [],
  ...extra,
});

describe('administration', () => {
  it('invites with project roles and shows the one-time link with a copy button', async () => {
    handler = (url, method) => {
      if (url === '/api/admin/users')
        return json({
          users: [
            user(ADMIN, 'Olga', { isAdmin: true }),
            user(ANN, 'Ann', { projects: [{ projectId: P, projectName: 'Street signs', archived: false, roles: ['annotator'] }] }),
          ],
        });
      if (url === '/api/admin/invitations' && method === 'GET') return json({ invitations: [] });
      if (url === '/api/admin/invitations')
        return json({
          invitation: {
            id: ANN,
            email: 'new@team.test',
            isAdmin: false,
            projectRoles: [{ projectId: P, role: 'lead' }],
            status: 'pending',
            createdAt: T,
            expiresAt: T,
            invitedBy: 'Olga',
          },
          link: { url: '/account/abc', token: 'abc', expiresAt: T },
        });
      return undefined;
    };
    renderScreen('/admin', '/admin', <AdminScreen />);
    const row = await screen.findByRole('row', { name: /Ann/ });
    expect(row).toHaveTextContent('Street signs: annotator');
    expect(within(row).getByRole('button', { name: 'Deactivate Ann' })).toBeInTheDocument();
    // No one deactivates themself from here.
    expect(screen.queryByRole('button', { name: 'Deactivate Olga' })).not.toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Invite someone' });
    await userEvent.type(within(form).getByRole('textbox', { name: 'Email' }), 'new@team.test');
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Lead in Street signs' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Create invitation link' }));
    const link = await screen.findByRole('textbox', { name: 'Invitation link for new@team.test' });
    expect(link).toHaveValue(`${window.location.origin}/account/abc`);
    expect(screen.getByRole('button', { name: 'Copy invitation link for new@team.test' })).toBeInTheDocument();
    expect(sent).toEqual([
      { url: '/api/admin/invitations', method: 'POST', body: { email: 'new@team.test', isAdmin: false, projectRoles: [{ projectId: P, role: 'lead' }] } },
    ]);
  });
});

describe('members', () => {
  it('shows the server’s refusal to remove the last lead', async () => {
    handler = (url, method) => {
      if (url === `/api/projects/${P}/members` && method === 'GET')
        return json({ members: [{ userId: ADMIN, email: 'ops@team.test', displayName: 'Olga', active: true, roles: ['lead'] }] });
      if (method === 'PUT') return json({ error: { code: 'conflict', message: 'A project keeps at least one lead.' } }, 409);
      return undefined;
    };
    renderScreen(`/projects/${P}/members`, '/projects/:projectId/members', <MembersScreen />);
    await userEvent.click(await screen.findByRole('button', { name: 'Remove Olga from the project' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A project keeps at least one lead.');
    expect(sent).toEqual([{ url: `/api/projects/${P}/members/${ADMIN}`, method: 'PUT', body: { roles: [] } }]);
  });

  it('adds an existing account by email with roles', async () => {
    handler = (url, method, body) => {
      if (url === `/api/projects/${P}/members` && method === 'GET') return json({ members: [] });
      if (method === 'POST')
        return json({ members: [{ userId: ANN, email: (body as { email: string }).email, displayName: 'Ann', active: true, roles: ['annotator', 'author'] }] });
      return undefined;
    };
    renderScreen(`/projects/${P}/members`, '/projects/:projectId/members', <MembersScreen />);
    const form = await screen.findByRole('form', { name: 'Add a member' });
    await userEvent.type(within(form).getByRole('textbox', { name: 'Email of an existing account' }), 'ann@team.test');
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Guideline author' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Add member' }));
    expect(await screen.findByRole('checkbox', { name: 'Guideline author: Ann' })).toBeChecked();
    expect(sent[0]!.body).toEqual({ email: 'ann@team.test', roles: ['annotator', 'author'] });
  });
});

describe('access tokens', () => {
  it('creates a token shown once, lists when each was used, and revokes one', async () => {
    let tokens = [{ id: ANN, name: 'old', scope: 'read', projectIds: null, createdAt: T, expiresAt: T, lastUsedAt: null, expired: false }];
    handler = (url, method, body) => {
      if (url === '/api/tokens' && method === 'GET') return json({ tokens });
      if (url === '/api/tokens' && method === 'POST')
        return json({ accessToken: { ...tokens[0], id: ADMIN, name: (body as { name: string }).name, scope: 'write' }, token: 'tst_secret' });
      if (method === 'DELETE') return ((tokens = []), new Response(null, { status: 204 }));
      return undefined;
    };
    renderScreen('/account', '/account', <TokensPanel />);
    expect(await screen.findByRole('row', { name: /old read only all .* never/ })).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: 'Token name' }), 'ci');
    await userEvent.click(screen.getByRole('radio', { name: 'Read and write' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Street signs' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByRole('textbox', { name: 'Access token ci' })).toHaveValue('tst_secret');
    expect(sent[0]!.body).toEqual({ name: 'ci', expiresInDays: 90, scope: 'write', projectIds: [P] });
    await userEvent.click(screen.getByRole('button', { name: 'Revoke token old' }));
    await vi.waitFor(() => expect(screen.queryByRole('row', { name: /old/ })).not.toBeInTheDocument());
  });
});
