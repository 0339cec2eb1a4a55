import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountLinkScreen } from '../../src/client/account/AccountLinkScreen.tsx';
import { FirstAdminScreen } from '../../src/client/account/FirstAdminScreen.tsx';
import { LoginScreen } from '../../src/client/screens/LoginScreen.tsx';
import { renderScreen } from './render-screen.tsx';

// First run and account links as a person meets them: the sign-in page says how to make the first
// administrator, an invitation asks for a name and a password (the rule stated), a dead link says so.
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const ME = { user: { id: '0190d000-0000-7000-8000-000000000009', email: 'ann@team.test', displayName: 'Ann' }, isAdmin: false, memberships: [] };
afterEach(() => vi.unstubAllGlobals());

describe('first run and account links', () => {
  it('tells the operator how to create the first administrator when there is none', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ needsFirstAdmin: true })),
    );
    renderScreen('/login', '/login', <LoginScreen />);
    const notice = await screen.findByRole('region', { name: 'No administrator yet' });
    expect(notice).toHaveTextContent('npm run admin -- create-admin');
    expect(notice).toHaveTextContent(/setup link the server printed in its log/);
  });

  it('says nothing about setup once an administrator exists', async () => {
    const fetchMock = vi.fn(async () => json({ needsFirstAdmin: false }));
    vi.stubGlobal('fetch', fetchMock);
    renderScreen('/login', '/login', <LoginScreen />);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(screen.queryByRole('region', { name: 'No administrator yet' })).not.toBeInTheDocument();
  });

  it('lets an invitee choose a name and a password, with the rule stated', async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push([url, init]);
        if (url.endsWith('/accept')) return json(ME);
        return json({ kind: 'invitation', email: 'ann@team.test', displayName: null, expiresAt: '2030-01-01T00:00:00.000Z' });
      }),
    );
    renderScreen('/account/tok123', '/account/:token', <AccountLinkScreen />);
    expect(await screen.findByRole('heading', { name: 'Join Touchstone' })).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: 'Display name' }), 'Ann');
    const password = screen.getByLabelText('Password');
    expect(password).toHaveAccessibleDescription(/at least 10 characters/);
    await userEvent.type(password, 'long enough pass');
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'long enough pass');
    await userEvent.click(screen.getByRole('button', { name: 'Create my account' }));
    await vi.waitFor(() => expect(calls.some(([u]) => u === '/api/account-links/tok123/accept')).toBe(true));
    const accept = calls.find(([u]) => u.endsWith('/accept'))!;
    expect(JSON.parse(String(accept[1]!.body))).toEqual({ displayName: 'Ann', password: 'long enough pass' });
  });

  it('says plainly that a used or expired link cannot be used', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ error: { code: 'not_found', message: 'This invitation was used already.' } }, 404)),
    );
    renderScreen('/account/old', '/account/:token', <AccountLinkScreen />);
    expect(await screen.findByRole('heading', { name: 'This link cannot be used' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('This invitation was used already.');
  });

  it('makes the first administrator from the setup link', async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) => {
        bodies.push(JSON.parse(String(init?.body)));
        return json({ ...ME, isAdmin: true });
      }),
    );
    renderScreen('/setup/s3cret', '/setup/:token', <FirstAdminScreen />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'ops@team.test');
    await userEvent.type(screen.getByRole('textbox', { name: 'Display name' }), 'Ops');
    await userEvent.type(screen.getByLabelText('Password'), 'long enough pass');
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'different pass!');
    await userEvent.click(screen.getByRole('button', { name: 'Create administrator' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The two passwords differ.');
    expect(bodies).toHaveLength(0);
    await userEvent.clear(screen.getByLabelText('Repeat the password'));
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'long enough pass');
    await userEvent.click(screen.getByRole('button', { name: 'Create administrator' }));
    await vi.waitFor(() => expect(bodies).toEqual([{ token: 's3cret', email: 'ops@team.test', displayName: 'Ops', password: 'long enough pass' }]));
  });
});
