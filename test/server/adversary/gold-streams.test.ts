import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotatorHolds } from '../../../src/server/db/schema.ts';
import { seeded } from '../../domain/queue/seeded.ts';
import { ANNOTATOR, ANNOTATOR2, engines, startTestServer, type TestServer } from '../harness.ts';
import { attackProject, auc, goldGaps, longestGoldRun, workQueue } from './attack.ts';

// Attacks on the shape of one annotator's stream: what comes when live work runs out, what a
// paused (throw-away) account is served, and whether the order of live items (import order,
// which content often shows) sets gold apart. Each figure is printed for the README.
// Enough gold served (~150 at rate 0.2) that chance alone keeps the order AUC's spread near 0.03:
// with 28 gold (rate 0.1, 300 live) it was 0.06, and a fair order crossed 0.6 about once in 25 runs.
const LIVE = 600;
const GOLD = 200;
const GAP = 3;

describe.each(engines)('adversary: the shape of the stream on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { random: seeded(19_2026) });
  }, 120_000);
  afterAll(async () => server?.close());

  it('serves no gold-only stream when live work runs out, and live order does not show import order', async () => {
    const userId = server.demo.userIds[ANNOTATOR] as string;
    const p = await attackProject(server, {
      name: 'Adversary stream',
      live: LIVE,
      gold: GOLD,
      annotatorIds: [userId],
      settings: { goldRate: 0.2, goldMinGap: GAP },
    });
    const { served } = await workQueue(await server.as(ANNOTATOR), p);
    const isGold = served.map((s) => p.goldText.has(s.text));
    // The order attack: live items in import order sit next to their import neighbours; an item
    // far from both neighbours is guessed gold.
    const at = served.map((s) => p.indexOf.get(s.text) as number);
    const scored = served.map((_, k) => ({
      score: Math.min(Math.abs(at[k]! - (at[k - 1] ?? -1e9)), Math.abs((at[k + 1] ?? 1e9) - at[k]!)),
      gold: isGold[k] as boolean,
    }));
    const orderAuc = auc(scored);
    const run = longestGoldRun(isGold);
    const gaps = goldGaps(isGold);
    console.info(
      `[adversary ${engine}] stream: served ${served.length} (${isGold.filter(Boolean).length} gold), longest gold run ${run}, smallest gap ${Math.min(...gaps)}, order AUC ${orderAuc.toFixed(3)}`,
    );
    expect(served.length).toBeGreaterThanOrEqual(200);
    expect(run).toBeLessThanOrEqual(1);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(GAP);
    expect(orderAuc).toBeLessThanOrEqual(0.6);
  }, 300_000);

  it('serves a paused annotator nothing, and says they are paused', async () => {
    const userId = server.demo.userIds[ANNOTATOR2] as string;
    const p = await attackProject(server, {
      name: 'Adversary paused',
      live: LIVE,
      gold: GOLD,
      annotatorIds: [userId],
      settings: { goldRate: 0.1, goldMinGap: GAP },
    });
    await server.ctx.db.insert(annotatorHolds).values({ projectId: p.id, userId, kind: 'pause', reason: 'gold accuracy below threshold' });
    const { served, last } = await workQueue(await server.as(ANNOTATOR2), p);
    console.info(`[adversary ${engine}] paused: served ${served.length} (${served.filter((s) => p.goldText.has(s.text)).length} gold)`);
    expect(served).toEqual([]);
    expect(last.paused).toBe(true);
  }, 300_000);
});
