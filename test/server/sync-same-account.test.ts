// Two batches of one account at once (two tabs, a retry racing its original) on the same items:
// both must be applied with distinct revisions, never a 500 from a unique-revision collision.
// Found by the durability test's concurrent writers on PostgreSQL (issue 11).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations } from '../../src/server/db/schema.ts';
import { ANNOTATOR, engines, startTestServer, type TestServer } from './harness.ts';
import { queueOf, submission, sync } from './fixtures.ts';

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
    const targets = items.slice(0, 2).map((i) => i.id);
    const rounds = 4;
    const writers = 4;
    for (let r = 0; r < rounds; r++) {
      const answers = await Promise.all(
        Array.from({ length: writers }, (_, w) => sync(c, submission(projectId, targets[w % targets.length]!, guidelineVersionId, { classes: ['sports'] }))),
      );
      expect(answers.map((a) => `${a.status} ${a.body.results?.[0]?.status}`)).toEqual(Array(writers).fill('200 applied'));
    }
    for (const itemId of targets) {
      const rows = await server.ctx.db.select({ revision: annotations.revision }).from(annotations).where(and(eq(annotations.itemId, itemId), eq(annotations.userId, server.demo.userIds[ANNOTATOR]!)));
      const perItem = (rounds * writers) / targets.length;
      expect(rows.map((r) => r.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: perItem }, (_, k) => k + 1));
    }
  });
});
