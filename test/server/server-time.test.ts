// Server time governs: a client's startedAt/submittedAt of 1900 or 9999 is kept as work (a wrong
// clock must not lose labels) but clamped into [the item's creation, the server's receipt], and
// "flag recent work" selects by the server's receivedAt, whatever the client said.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/server/admin/create.ts';
import { annotations, items as itemsTable } from '../../src/server/db/schema.ts';
import { queueOf, submission, sync } from './fixtures.ts';
import { ANNOTATOR, LEAD, engines, startTestServer, type TestServer } from './harness.ts';
import { textProject } from './sync-fixtures.ts';

describe.each(engines)('server time on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());
  const uid = (email: string) => server.demo.userIds[email] as string;

  it('clamps implausible client times and flags recent work by the time the server received it', async () => {
    const p = await textProject(server.ctx, { items: 3, annotatorIds: [uid(ANNOTATOR)] });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const annotator = await server.as(ANNOTATOR);
    const { items, guidelineVersionId } = await queueOf(annotator, p.id);
    const [a, b] = items.map((i) => i.id) as [string, string];
    const before = Date.now();
    const past = {
      ...submission(p.id, a, guidelineVersionId, { classes: ['sports'] }),
      startedAt: '1900-01-01T00:00:00.000Z',
      submittedAt: '1900-01-01T00:05:00.000Z',
    };
    const future = {
      ...submission(p.id, b, guidelineVersionId, { classes: ['sports'] }),
      startedAt: '9999-12-31T00:00:00.000Z',
      submittedAt: '9999-12-31T00:05:00.000Z',
    };
    const res = await sync(annotator, past, future);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const after = Date.now();

    const stored = await server.ctx.db.select().from(annotations).where(eq(annotations.projectId, p.id));
    for (const row of stored) {
      const [item] = await server.ctx.db.select({ createdAt: itemsTable.createdAt }).from(itemsTable).where(eq(itemsTable.id, row.itemId));
      expect(row.submittedAt.getTime()).toBeLessThanOrEqual(row.receivedAt.getTime());
      expect(row.submittedAt.getTime()).toBeGreaterThanOrEqual(item!.createdAt.getTime());
      expect(row.startedAt.getTime()).toBeGreaterThanOrEqual(item!.createdAt.getTime());
      expect(row.startedAt.getTime()).toBeLessThanOrEqual(row.submittedAt.getTime());
      expect(row.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(row.receivedAt.getTime()).toBeLessThanOrEqual(after + 1000);
    }

    // No good window yet: every label received is suspect, including the one "from 1900".
    const lead = await server.as(LEAD);
    const flag = await lead.post(`/api/projects/${p.id}/gold-policy/actions`, { action: 'flag', userId: uid(ANNOTATOR) });
    expect(flag.status).toBe(200);
    expect(flag.body.flagged).toHaveLength(2);
  });
});
