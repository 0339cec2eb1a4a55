import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/client/App.tsx';

afterEach(() => vi.unstubAllGlobals());

describe('sign-in', () => {
  it('sends the user to the sign-in form when there is no session, and shows the server’s message on failure', async () => {
    const fetchMock = vi.fn(async (url: string) => {
      if (url === '/api/auth/me') return new Response(JSON.stringify({ error: { code: 'unauthenticated', message: 'not signed in' } }), { status: 401 });
      return new Response(JSON.stringify({ error: { code: 'unauthenticated', message: 'That email and password do not match an account.' } }), { status: 401 });
    });
    vi.stubGlobal('fetch', fetchMock);
    window.history.pushState({}, '', '/');
    render(<App />);
    await userEvent.type(await screen.findByLabelText('Email'), 'a@b.test');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('do not match an account');
    const loginCall = fetchMock.mock.calls.find(([u]) => u === '/api/auth/login') as unknown as [string, RequestInit];
    expect(new Headers(loginCall[1].headers).get('x-requested-with')).toBe('touchstone');
  });
});
