// The idempotency ledger is bounded (sync/ledger-expiry.ts): rows past the retention and its margin
// are deleted; a mutation made before the retention is refused instead of looked up, unapplied; a
// retry inside the retention is still answered as a duplicate. Both engines.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/ids.ts';
import { annotations, mutations } from '../../src/server/db/schema.ts';
import { expireLedger } from '../../src/server/sync/ledger-expiry.ts';
import { queueOf, submission, sync } from './fixtures.ts';
import { engines, startTestServer, type TestServer } from './harness.ts';
import { annotators, textProject } from './sync-fixtures.ts';

const DAY = 86_400_000;

describe.each(engines)('the bounded sync ledger on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  async function annotatorWithWork(tag: string) {
    const [person] = await annotators(server.ctx, 1, `ledger-${tag}-${engine}`);
    const p = await textProject(server.ctx, { items: 4, annotatorIds: [person!.id] });
    const caller = await server.as(person!.email);
    return { person: person!, p, caller, ...(await queueOf(caller, p.id)) };
  }

  it('refuses a change made before the retention, and stores nothing', async () => {
    const { person, p, caller, items, guidelineVersionId } = await annotatorWithWork('old');
    const old = { ...submission(p.id, items[0]!.id, guidelineVersionId, { classes: ['sports'] }), id: uuidv7(Date.now() - 91 * DAY, randomBytes(10)) };
    const res = await sync(caller, old);
    expect(res.status).toBe(409);
    expect(res.body.error.details.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
    expect(res.body.error.details.results[0].message).toMatch(/longer ago than the server keeps the records/);
    expect(await server.ctx.db.$count(annotations, eq(annotations.userId, person.id))).toBe(0);
    // Made inside the retention, the same work is applied.
    const fresh = { ...old, id: uuidv7(Date.now() - 80 * DAY, randomBytes(10)) };
    expect((await sync(caller, fresh)).body.results[0].status).toBe('applied');
  });

  it('keeps a row for the retention and its margin, answers a retry as a duplicate until then, and then deletes it', async () => {
    const { p, caller, items, guidelineVersionId } = await annotatorWithWork('retry');
    const m = submission(p.id, items[0]!.id, guidelineVersionId, { classes: ['sports'] });
    expect((await sync(caller, m)).body.results[0].status).toBe('applied');

    expect(await expireLedger(server.ctx, new Date(Date.now() + 96 * DAY))).toBe(0);
    expect((await sync(caller, m)).body.results[0].status).toBe('duplicate');

    expect(await expireLedger(server.ctx, new Date(Date.now() + 98 * DAY))).toBeGreaterThanOrEqual(1);
    expect(await server.ctx.db.$count(mutations, eq(mutations.id, m.id))).toBe(0);
    // The revision itself stays, marked as the annotator's own save.
    const [stored] = await server.ctx.db
      .select({ viaSync: annotations.viaSync })
      .from(annotations)
      .where(and(eq(annotations.mutationId, m.id)));
    expect(stored?.viaSync).toBe(true);
  });
});
