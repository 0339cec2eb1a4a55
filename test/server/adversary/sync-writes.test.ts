import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementRunner } from '../../../src/server/agreement/agreement-items.ts';
import { rowsOf } from '../../../src/server/db/client.ts';
import { scoringRunner } from '../../../src/server/gold/gold-scoring.ts';
import { submission } from '../fixtures.ts';
import { ANNOTATOR, engines, startTestServer, type TestServer } from '../harness.ts';
import { attackProject } from './attack.ts';

// What a sync does inside its transaction is what its answer waits for. If a gold submission
// wrote one row fewer than a live one, an annotator timing their syncs would, over enough of them,
// see which items are gold. So the rows a sync adds and removes, table by table, are compared for a
// gold and a live item: they must be the same, whatever review sampling decides for the live one.
describe.each(engines)('adversary: what a sync writes, gold against live, on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  }, 120_000);
  afterAll(async () => server?.close());

  /** Every row of every table, as text, so a changed row counts as one removed and one added. */
  async function everyRow(): Promise<Map<string, Set<string>>> {
    const db = server.ctx.db;
    const tables = rowsOf<{ name: string }>(
      await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`),
    );
    const all = new Map<string, Set<string>>();
    for (const { name } of tables) {
      const rows = rowsOf<{ row: string }>(await db.execute(sql.raw(`select t::text as row from "${name}" t`)));
      all.set(name, new Set(rows.map((r) => r.row)));
    }
    return all;
  }

  /** Rows added and removed per table by `act` alone: the after-commit runners are done before it and held back after. */
  async function rowsChangedBy(act: () => Promise<void>): Promise<Record<string, { added: number; removed: number }>> {
    await scoringRunner(server.ctx).flush();
    await agreementRunner(server.ctx).flush();
    const before = await everyRow();
    await act();
    scoringRunner(server.ctx).cancel();
    agreementRunner(server.ctx).cancel();
    const after = await everyRow();
    const changed: Record<string, { added: number; removed: number }> = {};
    for (const [table, rows] of after) {
      const was = before.get(table) ?? new Set<string>();
      const added = [...rows].filter((r) => !was.has(r)).length;
      const removed = [...was].filter((r) => !rows.has(r)).length;
      if (added || removed) changed[table] = { added, removed };
    }
    return changed;
  }

  it('writes the same rows for a gold item as for a live one sampled for review, first time and resubmitted', async () => {
    const userId = server.demo.userIds[ANNOTATOR] as string;
    // Every live label sampled, and the annotator wrong on gold: review sampling at its most eager.
    const p = await attackProject(server, {
      name: 'Adversary sync writes',
      live: 30,
      gold: 10,
      annotatorIds: [userId],
      settings: { goldRate: 0.3, goldMinGap: 0, reviewRate: 1, repeatRate: 0 },
    });
    const annotator = await server.as(ANNOTATOR);
    const served = (await annotator.post(`/api/projects/${p.id}/queue?limit=40`)).body.items as Array<{ id: string; text: string }>;
    const gold = served.find((i) => p.goldText.has(i.text))!;
    const [first, live] = served.filter((i) => !p.goldText.has(i.text));
    expect(gold && first && live).toBeTruthy();
    const submit = (item: { id: string }, classes: string[]) => async () => {
      const res = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [submission(p.id, item.id, p.guidelineVersionId, { classes })] });
      expect(res.status).toBe(200);
      expect(res.body.results[0].status).toBe('applied');
    };
    // The annotator's first submissions make their roll-up rows (one per label); later ones add to them.
    await submit(first!, ['politics'])();
    await submit(first!, ['business'])();
    for (const classes of [['politics'], ['business']]) {
      const byGold = await rowsChangedBy(submit(gold!, classes));
      const byLive = await rowsChangedBy(submit(live!, classes));
      expect(byGold).toEqual(byLive);
    }
    // The live label is sampled all the same, after the commit.
    await scoringRunner(server.ctx).flush();
    const open = rowsOf<{ n: number }>(
      await server.ctx.db.execute(sql`select count(*)::int as n from review_tasks where project_id = ${p.id} and status = 'open'`),
    );
    expect(open[0]?.n).toBe(2); // the first live item's and this one's latest revisions
  }, 120_000);
});
