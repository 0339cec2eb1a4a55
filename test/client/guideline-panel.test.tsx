import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GuidelineVersion } from '../../src/domain/api/index.ts';
import { GuidelineBanner } from '../../src/client/components/GuidelineBanner.tsx';
import { GuidelinePanel } from '../../src/client/components/GuidelinePanel.tsx';
import { useGuidelineAck } from '../../src/client/guideline/ack.ts';
import { localDb } from '../../src/client/local/db.ts';

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const PROJECT = id(1);
const ITEM = id(2);
const guideline = (over: Partial<GuidelineVersion> = {}): GuidelineVersion => ({
  id: id(10),
  projectId: PROJECT,
  major: 2,
  minor: 0,
  version: '2.0',
  kind: 'label_change',
  affectedLabels: ['cup'],
  changelog: 'Cups include saucers now.',
  publishedAt: '2026-01-01T00:00:00.000Z',
  sections: [
    { id: 'scope', kind: 'definition', title: 'What to label', body: 'Every object. <script>alert(1)</script><b>bold-html</b>', labels: [] },
    { id: 'person', kind: 'definition', title: 'Person', body: 'Any human.', labels: ['person'] },
    { id: 'cup', kind: 'definition', title: 'Cup', body: 'The cup **with** its saucer.', labels: ['cup'] },
    { id: 'cup-ex', kind: 'example', title: 'A cup on a table', body: '', labels: ['cup'], itemId: ITEM, reason: 'The saucer is part of the cup.' },
  ],
  ...over,
});
const wrap = (ui: ReactNode) => render(<QueryClientProvider client={new QueryClient()}>{ui}</QueryClientProvider>);
const titles = () => screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(async () => {
  vi.unstubAllGlobals();
  await localDb.guidelineAcks.clear();
});

describe('guideline panel', () => {
  it('puts the selected label’s sections first and keeps the author’s order otherwise', () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ id: ITEM, kind: 'text', image: null, text: 'x' })),
    );
    const { rerender } = wrap(<GuidelinePanel guideline={guideline()} focusLabel={null} projectId={PROJECT} />);
    expect(titles()).toEqual(['What to label', 'Person', 'Cup', 'A cup on a table']);
    rerender(
      <QueryClientProvider client={new QueryClient()}>
        <GuidelinePanel guideline={guideline()} focusLabel="cup" projectId={PROJECT} />
      </QueryClientProvider>,
    );
    expect(titles()).toEqual(['Cup', 'A cup on a table', 'What to label', 'Person']);
  });

  it('searches titles, text, reasons and labels, and says when nothing matches', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ id: ITEM, kind: 'text', image: null, text: 'x' })),
    );
    wrap(<GuidelinePanel guideline={guideline()} focusLabel={null} projectId={PROJECT} />);
    const search = screen.getByRole('searchbox', { name: 'Search the guideline' });
    await userEvent.type(search, 'saucer');
    expect(titles()).toEqual(['Cup', 'A cup on a table']);
    await userEvent.clear(search);
    await userEvent.type(search, 'zebra');
    expect(screen.queryAllByRole('heading', { level: 3 })).toHaveLength(0);
    expect(screen.getByText(/Nothing in the guideline matches/)).toBeInTheDocument();
  });

  it('renders markdown without raw HTML', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ id: ITEM, kind: 'text', image: null, text: 'x' })),
    );
    const { container } = wrap(<GuidelinePanel guideline={guideline()} focusLabel={null} projectId={PROJECT} />);
    // The renderer loads on first use: the checks run on the rendered markdown, not the loading line.
    expect((await within(screen.getByRole('region', { name: 'Cup' })).findByText('with')).tagName).toBe('STRONG');
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('shows images only from this server’s asset files, and refuses protocol-relative links', async () => {
    const asset = '/api/assets/0190a000-0000-7000-8000-000000000abc';
    const body = [
      `![lease](/api/projects/${PROJECT}/queue?limit=100) ![far](https://evil.test/x.png) ![rel](//evil.test/y.png) ![ok](${asset})`,
      '[away](//evil.test/) [home](/projects) [site](https://example.org/) [js](javascript:alert(1))',
    ].join('\n\n');
    const { container } = wrap(
      <GuidelinePanel
        guideline={guideline({ sections: [{ id: 'imgs', kind: 'rule', title: 'Images', body, labels: [] }] })}
        focusLabel={null}
        projectId={PROJECT}
      />,
    );
    await screen.findByRole('link', { name: 'home' });
    const srcs = [...container.querySelectorAll('img')].map((i) => i.getAttribute('src') ?? '').filter(Boolean);
    expect(srcs).toEqual([asset]);
    const hrefs = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '').filter(Boolean);
    expect(hrefs).toEqual(['/projects', 'https://example.org/']);
  });

  it('shows an example’s item: a text snippet, or a thumbnail for images, with the reason', async () => {
    const fetchMock = vi.fn(async (_url: string) => json({ id: ITEM, kind: 'text', image: null, text: 'A blue cup stands on a white saucer.' }));
    vi.stubGlobal('fetch', fetchMock);
    const { unmount } = wrap(<GuidelinePanel guideline={guideline()} focusLabel="cup" projectId={PROJECT} />);
    expect(await screen.findByText('A blue cup stands on a white saucer.')).toBeInTheDocument();
    expect(screen.getByText('The saucer is part of the cup.')).toBeInTheDocument();
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe(`/api/projects/${PROJECT}/guideline/items/${ITEM}`);
    unmount();
    const url = `/api/projects/${PROJECT}/guideline/items/${ITEM}/image`;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ id: ITEM, kind: 'image', image: { url, width: 640, height: 480 }, text: null })),
    );
    wrap(<GuidelinePanel guideline={guideline()} focusLabel="cup" projectId={PROJECT} />);
    expect(await screen.findByRole('img', { name: 'Example item' })).toHaveAttribute('src', url);
  });
});

function AckHarness({ g }: { g: GuidelineVersion }) {
  const ack = useGuidelineAck(localDb, 'u1', PROJECT, g);
  return (
    <>
      <GuidelineBanner ack={ack} />
      <button type="button" disabled={ack.required}>
        Submit
      </button>
    </>
  );
}

describe('new-version banner', () => {
  const status = (acknowledged: boolean) => {
    const { sections: _s, ...current } = guideline();
    return { current, acknowledged, required: !acknowledged, unread: acknowledged ? [] : [current] };
  };

  it('shows the changelog, holds Submit, and acknowledging stores it on the server and on the device', async () => {
    let acked = false;
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        acked = true;
        expect(JSON.parse(String(init.body))).toEqual({ versionId: id(10) });
      }
      return json(status(acked));
    });
    vi.stubGlobal('fetch', fetchMock);
    wrap(<AckHarness g={guideline()} />);
    const banner = await screen.findByRole('region', { name: 'New guideline version' });
    expect(banner).toHaveTextContent('New guideline version 2.0 — labels changed');
    expect(banner).toHaveTextContent('Cups include saucers now.');
    expect(screen.getByRole('button', { name: 'Submit' })).toBeDisabled();
    await userEvent.click(within(banner).getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'New guideline version' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Submit' })).toBeEnabled();
    expect(fetchMock.mock.calls.some(([u, i]) => u === `/api/projects/${PROJECT}/guideline/ack` && i?.method === 'POST')).toBe(true);
    expect(await localDb.guidelineAcks.get(`u1:${id(10)}`)).toMatchObject({ sent: true });
  });

  it('offline: acknowledging works from the device and is sent later', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('offline'))),
    );
    wrap(<AckHarness g={guideline()} />);
    const banner = await screen.findByRole('region', { name: 'New guideline version' });
    expect(banner).toHaveTextContent('Cups include saucers now.');
    await userEvent.click(within(banner).getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Submit' })).toBeEnabled());
    expect(await localDb.guidelineAcks.get(`u1:${id(10)}`)).toMatchObject({ sent: false });
  });

  it('after an offline reload, a version the server said was acknowledged (e.g. on another device) is not asked for again', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(status(true))),
    );
    const first = wrap(<AckHarness g={guideline()} />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Submit' })).toBeEnabled());
    await waitFor(async () => expect(await localDb.guidelineAcks.get(`u1:${id(10)}`)).toMatchObject({ sent: true }));
    first.unmount();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('offline'))),
    );
    wrap(<AckHarness g={guideline()} />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Submit' })).toBeEnabled());
    expect(screen.queryByRole('region', { name: 'New guideline version' })).toBeNull();
  });

  it('asks nothing for the initial version', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('offline'))),
    );
    wrap(<AckHarness g={guideline({ kind: 'initial', version: '1.0', major: 1 })} />);
    expect(screen.getByRole('button', { name: 'Submit' })).toBeEnabled();
    expect(screen.queryByRole('region', { name: 'New guideline version' })).toBeNull();
  });
});
