// `npm run rebuild` recomputes every derived table from the revisions: on generated histories
// (seeded: submissions, resubmissions and escalations of three annotators over gold and live items)
// the incremental path and the rebuild give equal tables, and a rebuild repairs tables that were
// damaged. Both engines.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agreementItems,
  escalationWork,
  goldAggregates,
  goldAnswers,
  goldConfusions,
  goldDaily,
  goldScores,
  goldTotals,
  projects,
  workAggregates,
} from '../../src/server/db/schema.ts';
import { grantRole } from '../../src/server/admin/create.ts';
import { agreementRunner } from '../../src/server/agreement/agreement-items.ts';
import { scoringRunner } from '../../src/server/gold/gold-scoring.ts';
import { rebuildProject } from '../../src/server/deferred/rebuild.ts';
import { expireLedger } from '../../src/server/sync/ledger-expiry.ts';
import { escalationOf, queueOf, submission, sync } from './fixtures.ts';
import { LEAD, engines, startTestServer, type TestServer } from './harness.ts';
import { annotators, CLASSES, textProject } from './sync-fixtures.ts';

/** A small seeded generator (mulberry32): the same history on every run. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const round = (x: unknown) => (typeof x === 'number' ? Math.round(x * 1e9) / 1e9 : x);
/** Rows without ids, zero rows left out (the incremental path keeps a row a later revision emptied), floats rounded, sorted. */
function normal(rows: Array<Record<string, unknown>>, zero: (r: Record<string, unknown>) => boolean = () => false) {
  return rows
    .filter((r) => !zero(r))
    .map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : round(v)])))
    .sort();
}

describe.each(engines)('rebuilding derived tables on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { random: seeded(7) });
  });
  afterAll(async () => server?.close());

  async function snapshot(projectId: string) {
    const db = server.ctx.db;
    const scores = await db.select().from(goldScores).where(eq(goldScores.projectId, projectId));
    return {
      goldScores: normal(
        scores.map(({ id: _id, ...r }) => ({ ...r, details: JSON.stringify(r.details, (_k, v) => round(v)) })),
        () => false,
      ),
      goldAggregates: normal(await db.select().from(goldAggregates).where(eq(goldAggregates.projectId, projectId)), (r) => r.n === 0),
      goldTotals: normal(await db.select().from(goldTotals).where(eq(goldTotals.projectId, projectId)), (r) => r.n === 0),
      goldDaily: normal(await db.select().from(goldDaily).where(eq(goldDaily.projectId, projectId)), (r) => r.n === 0),
      goldConfusions: normal(await db.select().from(goldConfusions).where(eq(goldConfusions.projectId, projectId)), (r) => r.count === 0),
      work: normal(await db.select().from(workAggregates).where(eq(workAggregates.projectId, projectId))),
      escalationWork: normal(await db.select().from(escalationWork).where(eq(escalationWork.projectId, projectId)), (r) => r.items === 0),
      agreement: normal(await db.select().from(agreementItems).where(eq(agreementItems.projectId, projectId))),
    };
  }

  it('gives the tables the incremental path keeps, and repairs damaged ones', async () => {
    const random = seeded(20261206);
    const people = await annotators(server.ctx, 3, `rebuild-${engine}`);
    const p = await textProject(server.ctx, { items: 16, overlap: 3, annotatorIds: people.map((x) => x.id), name: 'Rebuild' });
    await grantRole(server.ctx, p.id, server.demo.userIds[LEAD] as string, 'lead');
    // Gold served often, so the history has gold revisions to score whatever the queue draws.
    await server.ctx.db.update(projects).set({ goldRate: 0.5, goldRateMin: 0.5, goldRateMax: 0.5, goldMinGap: 0 }).where(eq(projects.id, p.id));
    const pick = () => CLASSES[Math.floor(random() * CLASSES.length)] as string;
    for (const id of p.itemIds.slice(0, 6))
      await server.ctx.db
        .insert(goldAnswers)
        .values({ itemId: id, projectId: p.id, answer: { shapes: [], spans: [], classes: [pick()] }, guidelineVersionId: p.guidelineVersionId });

    let submitted = 0;
    for (const person of people) {
      const caller = await server.as(person.email);
      const { items, guidelineVersionId } = await queueOf(caller, p.id);
      for (const item of items) {
        const roll = random();
        if (roll < 0.15) {
          await sync(caller, escalationOf(p.id, item.id, guidelineVersionId, { tentative: { shapes: [], spans: [], classes: [pick()] } }));
          continue;
        }
        const revisions = roll > 0.7 ? 3 : roll > 0.45 ? 2 : 1;
        for (let r = 0; r < revisions; r++) {
          const res = await sync(caller, submission(p.id, item.id, guidelineVersionId, { classes: [pick()] }));
          expect(res.body.results[0].status).toBe('applied');
          submitted++;
        }
      }
    }
    expect(submitted).toBeGreaterThan(20);
    await scoringRunner(server.ctx).flush();
    await agreementRunner(server.ctx).flush();
    const lead = await server.as(LEAD);
    const figures = (await lead.get(`/api/projects/${p.id}/escalation-figures`)).body;

    const incremental = await snapshot(p.id);
    expect(incremental.goldScores.length).toBeGreaterThan(0);
    expect(incremental.escalationWork.length).toBeGreaterThan(0);

    // Damage: a total off, the work counts gone, an agreement summary gone.
    await server.ctx.db
      .update(goldTotals)
      .set({ sum: 999 })
      .where(and(eq(goldTotals.projectId, p.id), eq(goldTotals.label, '')));
    await server.ctx.db.delete(workAggregates).where(eq(workAggregates.projectId, p.id));
    await server.ctx.db.delete(agreementItems).where(eq(agreementItems.itemId, p.itemIds[10]!));
    expect(await snapshot(p.id)).not.toEqual(incremental);

    // The ledger may have expired meanwhile (sync/ledger-expiry.ts): the rebuild must not need it.
    await expireLedger(server.ctx, new Date(Date.now() + 400 * 86_400_000));
    const report = await rebuildProject(server.ctx, p.id);
    expect(report.goldItems).toBe(6);
    expect(await snapshot(p.id)).toEqual(incremental);
    // Escalation roll-ups are emptied and folded again on the next read: the same figures.
    expect((await lead.get(`/api/projects/${p.id}/escalation-figures`)).body).toEqual(figures);

    // A rebuild of rebuilt tables changes nothing.
    await rebuildProject(server.ctx, p.id);
    expect(await snapshot(p.id)).toEqual(incremental);
  });
});
