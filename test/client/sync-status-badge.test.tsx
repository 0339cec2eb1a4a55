import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncStatusBadge } from '../../src/client/components/SyncStatusBadge.tsx';
import { localDb } from '../../src/client/local/db.ts';
import { SyncProvider } from '../../src/client/sync/SyncContext.tsx';

afterEach(async () => {
  vi.unstubAllGlobals();
  await localDb.outbox.clear();
});

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const mutation = (n: number) => ({
  id: id(n),
  type: 'annotation.submit' as const,
  projectId: id(100),
  itemId: id(200 + n),
  guidelineVersionId: id(300),
  payload: { shapes: [], spans: [], classes: ['sports'] },
  startedAt: '2026-01-01T00:00:00.000Z',
  submittedAt: '2026-01-01T00:00:01.000Z',
  durationMs: 1000,
});

describe('sync status', () => {
  it('lists refused submissions with the server’s reason, and counts what is still pending', async () => {
    // Offline: nothing is sent, the badge works from the outbox in Dexie.
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('offline'))),
    );
    await localDb.outbox.bulkAdd([
      { id: id(1), userId: 'u1', mutation: mutation(1), status: 'pending', attempts: 0, createdAt: 0 },
      {
        id: id(2),
        userId: 'u1',
        mutation: mutation(2),
        status: 'rejected',
        attempts: 1,
        createdAt: 0,
        result: { id: id(2), status: 'rejected', code: 'invalid', message: 'The labels could not be saved: a box lies outside the image.', problems: [] },
      },
      { id: id(3), userId: 'someone-else', mutation: mutation(3), status: 'rejected', attempts: 1, createdAt: 0 },
    ]);
    render(
      <SyncProvider userId="u1">
        <SyncStatusBadge />
      </SyncProvider>,
    );
    const slow = { timeout: 5000 }; // Dexie on fake-indexeddb can be slow on a busy machine
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 pending'), slow);
    await userEvent.click(await screen.findByRole('button', { name: /1 refused — see why/ }, slow));
    const list = screen.getByRole('region', { name: 'Refused submissions' });
    expect(list).toHaveTextContent('a box lies outside the image');
    expect(list).toHaveTextContent(`Item ${id(202).slice(0, 8)}`);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Offline'), slow);
  });
});
