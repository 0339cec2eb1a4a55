import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeded } from '../../domain/queue/seeded.ts';
import { ANNOTATOR, ANNOTATOR2, engines, startTestServer, type Caller, type TestServer } from '../harness.ts';
import { attackProject, workQueue, type AttackProject, type Served } from './attack.ts';

// Two annotators compare what they were served. Gold goes to several annotators, live work
// (without overlap) to one: "we both got it" would mean gold. The pair's best guess is every
// shared item; its precision is what decoys (live items served to more than one annotator) bound.
// Few gold items against much live work, so the two colluders share many of them.
const LIVE = 400;
const GOLD = 40;

/** Both colluders work the queue, a batch each in turn, as two people working side by side would. */
async function workSideBySide(a: Caller, b: Caller, p: AttackProject): Promise<[Served[], Served[]]> {
  const served: [Served[], Served[]] = [[], []];
  for (;;) {
    const before = served[0].length + served[1].length;
    for (const [k, who] of [a, b].entries()) served[k]!.push(...(await workQueue(who, p, 1)).served);
    if (served[0].length + served[1].length === before) return served;
  }
}

function precisionOf(shared: string[], p: AttackProject) {
  const gold = shared.filter((t) => p.goldText.has(t)).length;
  return { shared: shared.length, gold, precision: shared.length ? gold / shared.length : 0 };
}

describe.each(engines)('adversary: colluding annotators on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { random: seeded(2026_19) });
  }, 120_000);
  afterAll(async () => server?.close());

  it('keeps the best colluding pair at or below the configured precision, by ids, asset URLs and content', async () => {
    const ids = [server.demo.userIds[ANNOTATOR] as string, server.demo.userIds[ANNOTATOR2] as string];
    // Project defaults otherwise: gold rate 0.1, the default exposure cap and collusion bound.
    const p = await attackProject(server, { name: 'Adversary collusion', live: LIVE, gold: GOLD, annotatorIds: ids });
    const [sa, sb] = await workSideBySide(await server.as(ANNOTATOR), await server.as(ANNOTATOR2), p);
    const byId = new Set(sa.map((s) => s.id));
    const byContent = new Set(sa.map((s) => s.text));
    const sharedIds = sb.filter((s) => byId.has(s.id)).map((s) => s.text);
    const sharedContent = sb.filter((s) => byContent.has(s.text)).map((s) => s.text);
    const bound = 0.5;
    const ida = precisionOf(sharedIds, p);
    const content = precisionOf(sharedContent, p);
    console.info(`[adversary ${engine}] collusion: served ${sa.length} + ${sb.length}; by id ${JSON.stringify(ida)}; by content ${JSON.stringify(content)}`);
    expect(sa.length + sb.length).toBeGreaterThanOrEqual(200);
    expect(ida.precision).toBeLessThanOrEqual(bound);
    expect(content.precision).toBeLessThanOrEqual(bound);
    // Shared gold still happens (the pair is measured against the same answers): the bound is met by decoys, not by starving gold.
    expect(content.gold).toBeGreaterThan(0);
  }, 300_000);
});
