// Two batches of one account at once (two tabs, a retry racing its original) on the same items:
// both must be applied with distinct revisions, never a 500 from a unique-revision collision.
// Found by the durability test's concurrent writers on PostgreSQL.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/domain/validation/limits.ts';
import { annotations } from '../../src/server/db/schema.ts';
import { ANNOTATOR, engines, startTestServer, type TestServer } from './harness.ts';
import { handlesOf, queueOf, submission, sync } from './fixtures.ts';

describe.each(engines)('concurrent sync batches of one account on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  it('applies every batch and numbers the revisions 1..n per item', async () => {
    const c = await server.as(ANNOTATOR);
    const projectId = server.demo.textProjectId;
    const { items, guidelineVersionId } = await queueOf(c, projectId);
    // Four items, two per round, each written by two of the four writers at once: as much racing
    // as before, while no item gets more revisions than the hourly bound per item (LIMITS) allows.
    const targets = items.slice(0, 4).map((i) => i.id);
    const real = (await handlesOf(c, projectId)).real;
    expect(targets).toHaveLength(4);
    const rounds = 4;
    const writers = 4;
    for (let r = 0; r < rounds; r++) {
      const answers = await Promise.all(
        Array.from({ length: writers }, (_, w) => sync(c, submission(projectId, targets[2 * (r % 2) + (w % 2)]!, guidelineVersionId, { classes: ['sports'] }))),
      );
      expect(answers.map((a) => `${a.status} ${a.body.results?.[0]?.status}`)).toEqual(Array(writers).fill('200 applied'));
    }
    for (const itemId of targets) {
      const rows = await server.ctx.db
        .select({ revision: annotations.revision })
        .from(annotations)
        .where(and(eq(annotations.itemId, real(itemId)), eq(annotations.userId, server.demo.userIds[ANNOTATOR]!)));
      const perItem = (rounds * writers) / targets.length;
      expect(perItem).toBeLessThanOrEqual(LIMITS.revisionsPerItemPerHour);
      expect(rows.map((r) => r.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: perItem }, (_, k) => k + 1));
    }
  });
});
