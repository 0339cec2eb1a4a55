import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, assignments, items, mutations } from '../../src/server/db/schema.ts';
import type { BatchHook } from '../../src/server/sync/batch.ts';
import { syncHooks } from '../../src/server/sync/hooks.ts';
import { ANNOTATOR, ANNOTATOR2, engines, startTestServer, type Caller, type TestServer } from './harness.ts';
import { handlesOf, submission, sync } from './fixtures.ts';
import { textProject } from './sync-fixtures.ts';

// Batches, duplicates, rejections and leases, against an injected clock.
describe.each(engines)('sync batches and leases on %s', (engine) => {
  let server: TestServer;
  let clock = Date.parse('2026-03-02T09:00:00.000Z');
  beforeAll(async () => {
    server = await startTestServer(engine, { now: () => new Date(clock) });
  });
  afterAll(async () => server?.close());

  const ids = () => ({ a1: server.demo.userIds[ANNOTATOR] as string, a2: server.demo.userIds[ANNOTATOR2] as string });
  const queue = async (c: Caller, projectId: string, limit: number) => {
    const res = await c.post(`/api/projects/${projectId}/queue?limit=${limit}`);
    expect(res.status).toBe(200);
    return res.body.items as Array<{ id: string; leaseExpiresAt: string }>;
  };
  const stored = (ids: string[]) => server.ctx.db.select().from(annotations).where(inArray(annotations.mutationId, ids));

  it('applies a batch of 100 with duplicates inside it: each id once, repeats answer with the first result', async () => {
    const p = await textProject(server.ctx, { items: 60, annotatorIds: [ids().a1] });
    const a1 = await server.as(ANNOTATOR);
    const served = await queue(a1, p.id, 60);
    expect(served).toHaveLength(60);
    const unique = served.map((it, k) => submission(p.id, it.id, p.guidelineVersionId, { classes: [k % 2 ? 'sports' : 'science'] }));
    const batch = [...unique, ...unique.slice(0, 40)];
    expect(batch).toHaveLength(100);

    const res = await sync(a1, ...batch);
    expect(res.status).toBe(200);
    const results = res.body.results as Array<{ id: string; status: string; result?: { revisionId: string } }>;
    expect(results.map((r) => r.id)).toEqual(batch.map((m) => m.id));
    expect(results.slice(0, 60).every((r) => r.status === 'applied')).toBe(true);
    expect(results.slice(60).every((r) => r.status === 'duplicate')).toBe(true);
    for (let k = 0; k < 40; k++) expect(results[60 + k]?.result?.revisionId).toBe(results[k]?.result?.revisionId);
    expect(await stored(unique.map((m) => m.id))).toHaveLength(60);

    // The whole batch again (a lost response): all duplicates, nothing written.
    const again = await sync(a1, ...batch);
    expect(again.body.results.every((r: { status: string }) => r.status === 'duplicate')).toBe(true);
    expect(await stored(unique.map((m) => m.id))).toHaveLength(60);
  });

  it('refuses the same mutation id with another body (409, nothing written) and still answers the unchanged retry as a duplicate', async () => {
    const p = await textProject(server.ctx, { items: 2, annotatorIds: [ids().a1] });
    const a1 = await server.as(ANNOTATOR);
    const [i1, i2] = await queue(a1, p.id, 2);
    const first = submission(p.id, i1!.id, p.guidelineVersionId, { classes: ['sports'] });
    expect((await sync(a1, first)).body.results[0].status).toBe('applied');

    const changed = { ...first, payload: { ...first.payload, classes: ['culture'] } };
    const res = await sync(a1, changed);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/already used for a different change/);
    const rows = await stored([first.id]);
    expect(rows.map((r) => r.payload.classes)).toEqual([['sports']]);

    // The unchanged retry is still a duplicate with the first answer.
    const retry = await sync(a1, first);
    expect(retry.body.results[0].status).toBe('duplicate');

    // Inside one batch too: the second use of an id with another body is refused, the first applied.
    const fresh = submission(p.id, i2!.id, p.guidelineVersionId, { classes: ['science'] });
    const both = await sync(a1, fresh, { ...fresh, payload: { ...fresh.payload, classes: ['politics'] } });
    expect(both.body.results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual(['applied', 'conflict']);
    expect((await stored([fresh.id])).map((r) => r.payload.classes)).toEqual([['science']]);
  });

  it('writes nothing for a rejected mutation and answers per mutation in a mixed batch', async () => {
    const p = await textProject(server.ctx, { items: 4, annotatorIds: [ids().a1] });
    const a1 = await server.as(ANNOTATOR);
    const [i1, i2, i3] = await queue(a1, p.id, 3);
    // An item of the project not served to a1, named by a1's own handle of it (never sent to a1).
    const h1 = await handlesOf(a1, p.id);
    const notMine = h1.handle(p.itemIds.find((id) => ![i1, i2, i3].some((s) => h1.real(s!.id) === id)) as string);
    const good = submission(p.id, i1!.id, p.guidelineVersionId, { classes: ['sports'] });
    const badLabel = submission(p.id, i2!.id, p.guidelineVersionId, { classes: ['no-such-class'] });
    const unassigned = submission(p.id, notMine, p.guidelineVersionId, { classes: ['sports'] });
    const res = await sync(a1, good, badLabel, unassigned);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected', 'rejected']);
    expect(res.body.results[1].message).toMatch(/could not be saved/);
    expect(res.body.results[2].message).toMatch(/not assigned to you/);
    expect(await stored([good.id, badLabel.id, unassigned.id])).toHaveLength(1);
    const ledger = await server.ctx.db
      .select()
      .from(mutations)
      .where(inArray(mutations.id, [badLabel.id, unassigned.id]));
    expect(ledger).toHaveLength(0);
    const [row] = await server.ctx.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.itemId, h1.real(i2!.id)), eq(assignments.userId, ids().a1)));
    expect(row?.status).toBe('open');
  });

  it('fails the whole batch when one mutation hits a database error, and applies it all on retry', async () => {
    const p = await textProject(server.ctx, { items: 5, annotatorIds: [ids().a1] });
    const a1 = await server.as(ANNOTATOR);
    const served = await queue(a1, p.id, 5);
    const batch = served.map((it) => submission(p.id, it.id, p.guidelineVersionId, { classes: ['politics'] }));
    const poisoned = (await handlesOf(a1, p.id)).real(served[3]!.id);
    // A real database error inside the transaction (division by zero) on the fourth mutation.
    const hook: BatchHook = async (tx, batch) => {
      if (batch.submissions.some((s) => s.itemId === poisoned)) await tx.execute(sql`select 1 / 0`);
    };
    const hooks = syncHooks(server.ctx).afterSubmit;
    hooks.push(hook);
    try {
      const res = await sync(a1, ...batch);
      expect(res.status).toBe(500);
      expect(await stored(batch.map((m) => m.id))).toHaveLength(0);
      expect(
        await server.ctx.db
          .select()
          .from(mutations)
          .where(
            inArray(
              mutations.id,
              batch.map((m) => m.id),
            ),
          ),
      ).toHaveLength(0);
    } finally {
      hooks.splice(hooks.indexOf(hook), 1);
    }
    const retry = await sync(a1, ...batch);
    expect(retry.body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    expect(await stored(batch.map((m) => m.id))).toHaveLength(5);
  });

  it('returns an expired lease to the pool, and still accepts and reconciles the late submission', async () => {
    const p = await textProject(server.ctx, { items: 3, annotatorIds: [ids().a1, ids().a2] });
    const a1 = await server.as(ANNOTATOR);
    const a2 = await server.as(ANNOTATOR2);
    const first = await queue(a1, p.id, 3);
    expect(first).toHaveLength(3);
    expect(await queue(a2, p.id, 3)).toHaveLength(0); // overlap 1: all leased to annotator 1

    clock += 121 * 60_000; // the 120-minute lease runs out
    const second = await queue(a2, p.id, 3);
    const [h1, h2] = [await handlesOf(a1, p.id), await handlesOf(a2, p.id)];
    const lostId = h1.real(first[0]!.id);
    expect(second.map((i) => h2.real(i.id)).sort()).toEqual(first.map((i) => h1.real(i.id)).sort());
    const [lost] = await server.ctx.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.itemId, lostId), eq(assignments.userId, ids().a1)));
    expect(lost?.status).toBe('expired');

    // Annotator 1 was offline all along and now sends the work: accepted, not lost.
    const late = submission(p.id, first[0]!.id, p.guidelineVersionId, { classes: ['culture'] });
    const res = await sync(a1, late);
    expect(res.body.results[0].status).toBe('applied');
    expect(await stored([late.id])).toHaveLength(1);
    const [done] = await server.ctx.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.itemId, lostId), eq(assignments.userId, ids().a1)));
    expect(done?.status).toBe('done');
    // Reconciled: the item now counts annotator 1's done work and annotator 2's open lease.
    const [item] = await server.ctx.db.select({ n: items.assignedCount }).from(items).where(eq(items.id, lostId));
    expect(item?.n).toBe(2);
    // Annotator 1's renewed queue no longer offers the expired items as its own.
    expect((await queue(a1, p.id, 3)).map((i) => i.id)).not.toContain(first[0]!.id);
  });
});
