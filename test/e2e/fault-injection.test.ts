import { describe, expect, it } from 'vitest';
import { runFaultInjection, type FaultEngine } from './fault-harness.ts';

// The small version of test/bench/fault-injection.ts: 4 annotators × 100 mutations while the
// server is killed with SIGKILL once and restarted: nothing lost, nothing applied twice. Each
// mutation is on its own item: an item takes at most 5 revisions an hour from one annotator.
const engines: FaultEngine[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

describe.each(engines)('a server killed mid-sync on %s', (engine) => {
  it('loses nothing and duplicates nothing', async () => {
    const report = await runFaultInjection({ engine, clients: 4, perClient: 100, itemsPerClient: 100, kills: 1 });
    expect(report.kills).toBe(1);
    expect(report.sent).toBe(400);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.stored).toBe(400);
  }, 120_000);
});
