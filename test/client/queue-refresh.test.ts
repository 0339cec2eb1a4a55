import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueItem } from '../../src/domain/api/index.ts';
import { itemKey, TouchstoneDb } from '../../src/client/local/db.ts';
import { refreshQueue } from '../../src/client/work/queue.ts';

// A queue fetch starts the first image to do downloading and decoding at once. "To do" is what the
// local queue will say after the fetch: an item already finished on this device is not opened next.
let db: TouchstoneDb;
let dbCount = 0;
const U = 'user-1';
const P = '0190a000-0000-7000-8000-0000000000aa';
const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
// Decoded images are kept per URL for the page's life, so each test has URLs of its own.
const url = (n: number) => `/api/assets/test-${dbCount}-image-${n}.png`;
const queueItem = (n: number): QueueItem => ({
  id: id(n),
  projectId: P,
  kind: 'image',
  image: { url: url(n), width: 10, height: 10 },
  text: null,
  position: n,
  leaseExpiresAt: '2026-01-01T00:00:00.000Z',
  reannotation: null,
  returnedEscalation: null,
  preAnnotation: null,
});

let loaded: string[];
beforeEach(async () => {
  db = new TouchstoneDb(`test-queue-refresh-${++dbCount}`);
  await db.open();
  loaded = [];
  // What the browser is asked to load and decode as an image.
  vi.stubGlobal(
    'Image',
    class {
      set src(value: string) {
        loaded.push(value);
      }
      decode() {
        return Promise.resolve();
      }
    },
  );
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) =>
      path.includes('/queue') ? Response.json({ items: [1, 2, 3].map(queueItem), paused: false, done: 0 }) : new Response(new Blob(['png']), { status: 200 }),
    ),
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  db.close();
  await db.delete();
});

describe('refreshQueue', () => {
  it('decodes the first image of a fresh queue before anything else', async () => {
    await refreshQueue(db, U, P);
    expect(loaded[0]).toBe(url(1));
  });

  it('decodes the first image still to do, not an item this device already finished', async () => {
    await db.queue.put({ key: itemKey(U, id(1)), userId: U, projectId: P, itemId: id(1), position: 1, item: queueItem(1), state: 'submitted', fetchedAt: 0 });
    await refreshQueue(db, U, P);
    expect(loaded).not.toContain(url(1));
    expect(loaded[0]).toBe(url(2));
    // and the local queue agrees: item 1 stays finished, item 2 is the next to do
    expect((await db.queue.get(itemKey(U, id(1))))?.state).toBe('submitted');
  });
});
