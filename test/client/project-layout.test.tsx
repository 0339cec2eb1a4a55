import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { ProjectLayout } from '../../src/client/projects/ProjectLayout.tsx';

// Inside a project, one navigation between the pages the member's roles open: links by name,
// the current page marked, and "g then a letter" to move without the mouse.
const PROJECT = '0190d000-0000-7000-8000-000000000001';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
let roles: string[];

beforeEach(() => {
  roles = ['lead'];
  vi.stubGlobal(
    'fetch',
    vi.fn(async () =>
      json({
        id: PROJECT,
        name: 'Street scenes',
        kind: 'image',
        roles,
        labelSchema: {
          labels: [{ id: 'car', name: 'Car', color: '#e6194b', hotkey: 'g', tools: ['box'], attributes: [] }],
          classMode: 'single',
          allowOverlappingSpans: false,
          snapSpansToTokens: false,
        },
        guideline: {
          id: PROJECT,
          projectId: PROJECT,
          major: 1,
          minor: 0,
          version: '1.0',
          kind: 'initial',
          affectedLabels: [],
          changelog: 'x',
          publishedAt: '2026-01-01T00:00:00.000Z',
          sections: [],
        },
      }),
    ),
  );
});
afterEach(() => vi.unstubAllGlobals());

function mount(page: string) {
  const pages = ['dashboard', 'escalations', 'review', 'gold-set', 'agreement', 'data', 'settings', 'members', 'annotate', 'guideline'];
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter initialEntries={[`/projects/${PROJECT}/${page}`]}>
        <Routes>
          <Route path="/projects/:projectId" element={<ProjectLayout />}>
            {pages.map((p) => (
              <Route key={p} path={p} element={<h1>Page {p}</h1>} />
            ))}
          </Route>
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const nav = () => screen.findByRole('navigation', { name: 'Project' });

describe('project navigation', () => {
  it('shows a lead every workspace page, with the current one marked', async () => {
    mount('review');
    const links = within(await nav()).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['Dashboard', 'Escalations', 'Review', 'Gold', 'Agreement', 'Data', 'Settings', 'Members']);
    expect(within(await nav()).getByRole('link', { name: 'Review' })).toHaveAttribute('aria-current', 'page');
    expect(within(await nav()).getByRole('link', { name: 'Dashboard' })).not.toHaveAttribute('aria-current');
  });

  it('shows an annotator only the annotate page, and an author the guideline', async () => {
    roles = ['annotator', 'author'];
    mount('guideline');
    const links = within(await nav()).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['Annotate', 'Gold', 'Agreement', 'Data', 'Guideline']);
  });

  it('moves between pages by link and by "g then a letter", and lists the keys under ?', async () => {
    mount('dashboard');
    await userEvent.click(within(await nav()).getByRole('link', { name: 'Members' }));
    expect(screen.getByRole('heading', { name: 'Page members' })).toBeInTheDocument();
    await userEvent.keyboard('gd');
    expect(screen.getByRole('heading', { name: 'Page dashboard' })).toBeInTheDocument();
    await userEvent.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByRole('row', { name: /G then E.*Go to Escalations/ })).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('leaves every key to a screen with an editor (a label may use g)', async () => {
    roles = ['annotator', 'lead'];
    mount('annotate');
    await nav();
    await userEvent.keyboard('gd?');
    expect(screen.getByRole('heading', { name: 'Page annotate' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
