import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemKey, TouchstoneDb } from '../../src/client/local/db.ts';
import { escalateWork } from '../../src/client/work/escalate.ts';
import { AlreadySubmittedError } from '../../src/client/work/submit.ts';

const U = 'user-1';
const P = '0190a000-0000-7000-8000-0000000000aa';
const G = '0190a000-0000-7000-8000-0000000000bb';
const I = '0190a000-0000-7000-8000-000000000001';

let db: TouchstoneDb;
let dbCount = 0;
beforeEach(async () => {
  db = new TouchstoneDb(`test-escalate-${++dbCount}`);
  await db.open();
  const item = { id: I, projectId: P, kind: 'text' as const, image: null, text: 'x', position: 1, leaseExpiresAt: '2026-01-01T00:00:00.000Z' };
  await db.queue.put({ key: itemKey(U, I), userId: U, projectId: P, itemId: I, position: 1, item, state: 'todo', fetchedAt: 0 });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('escalating offline', () => {
  it('puts an escalation.create in the outbox, marks the item done locally, and refuses a second time', async () => {
    const input = {
      userId: U,
      projectId: P,
      itemId: I,
      guidelineVersionId: G,
      reason: 'bad_asset' as const,
      note: 'blurry',
      guidelineRef: '',
      tentative: { shapes: [], spans: [], classes: ['sports'] },
    };
    const id = await escalateWork(db, input, Date.parse('2026-03-01T10:00:00Z'));
    const entry = await db.outbox.get(id);
    expect(entry?.mutation).toMatchObject({
      type: 'escalation.create',
      reason: 'bad_asset',
      note: 'blurry',
      tentative: { classes: ['sports'] },
      createdAt: '2026-03-01T10:00:00.000Z',
    });
    expect(entry?.status).toBe('pending');
    expect((await db.queue.get(itemKey(U, I)))?.state).toBe('submitted');
    await expect(escalateWork(db, input)).rejects.toBeInstanceOf(AlreadySubmittedError);
    expect(await db.outbox.count()).toBe(1);
  });
});
