// The sync's checks read their rows in one statement of JSON subqueries (sync/common-read.ts,
// db/folded-read.ts), not through drizzle's typed selects. What they get must be what drizzle
// gives for the same columns: the same names, timestamps as Date, floats exactly, jsonb parsed,
// nulls kept. And the per-item revision counts read in the same statement still drive the numbering
// and the hourly bound on resubmissions. Both engines.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/domain/validation/limits.ts';
import { annotations, assignments, guidelineVersions, items, memberships, mutations, projects } from '../../src/server/db/schema.ts';
import type { BatchItem, BatchProject } from '../../src/server/sync/batch.ts';
import { loadCommon } from '../../src/server/sync/common-read.ts';
import { handlesOf, mutationId, queueOf, submission, sync } from './fixtures.ts';
import { ANNOTATOR, engines, LEAD, startTestServer, type TestServer } from './harness.ts';

const pick = <T extends object, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> => Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
const PROJECT_KEYS = ['id', 'kind', 'labelSchema', 'leaseMinutes', 'goldIouThreshold', 'reviewRate', 'goldTargetAccuracy'] as const satisfies ReadonlyArray<
  keyof BatchProject
>;
const ITEM_KEYS = ['id', 'projectId', 'text', 'width', 'height', 'quiz', 'createdAt'] as const satisfies ReadonlyArray<keyof BatchItem>;

describe.each(engines)('the sync checks’ folded reads on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => server?.close());

  it('give the rows drizzle’s selects give', async () => {
    const { db } = server.ctx;
    const userId = server.demo.userIds[ANNOTATOR]!;
    const caller = await server.as(ANNOTATOR);
    const text = server.demo.textProjectId;
    const image = server.demo.imageProjectId;
    const textQueue = await queueOf(caller, text);
    const imageQueue = await queueOf(caller, image);
    const realText = (await handlesOf(caller, text)).real;
    const realImage = (await handlesOf(caller, image)).real;
    const applied = submission(text, textQueue.items[0]!.id, textQueue.guidelineVersionId, { classes: ['sports'] });
    expect((await sync(caller, applied)).body.results[0].status).toBe('applied');
    // A ledger row from before body hashes were kept.
    const old = mutationId();
    await db
      .insert(mutations)
      .values({ id: old, userId, type: 'annotation.submit', result: { revisionId: randomUUID(), revision: 1, appliedAt: new Date().toISOString() } });
    // An item nobody was assigned, with text a JSON encoding must keep as it is.
    const [unassigned] = await db
      .insert(items)
      .values({ id: randomUUID(), projectId: text, text: 'Quotes " and \\ back\nslash, tab\t, ünïcödé 🙂' })
      .returning({ id: items.id });

    const batch = [
      { ...applied, itemId: realText(applied.itemId) },
      { id: old, type: 'annotation.submit', projectId: text, itemId: unassigned!.id, guidelineVersionId: textQueue.guidelineVersionId },
      {
        id: mutationId(),
        type: 'annotation.submit',
        projectId: image,
        itemId: realImage(imageQueue.items[0]!.id),
        guidelineVersionId: imageQueue.guidelineVersionId,
      },
      { id: mutationId(), type: 'annotation.submit', projectId: randomUUID(), itemId: randomUUID(), guidelineVersionId: randomUUID() },
    ];
    // Values that a careless decoding would change: a float with no short decimal form, NaN (put
    // back after the read: the project's own routes do not serialize it).
    const [before] = await db.select().from(projects).where(eq(projects.id, text));
    await db
      .update(projects)
      .set({ goldIouThreshold: 0.1 + 0.2, reviewRate: Number.NaN })
      .where(eq(projects.id, text));
    const state = await db.transaction((tx) => loadCommon(tx, { id: userId } as never, batch, 123));

    const ids = batch.map((m) => m.id);
    const projectIds = batch.map((m) => m.projectId);
    const itemIds = batch.map((m) => m.itemId);
    const ledger = await db.select().from(mutations).where(inArray(mutations.id, ids));
    expect(ledger).toHaveLength(2);
    expect(state.ledger).toEqual(new Map(ledger.map((r) => [r.id, pick(r, ['id', 'userId', 'bodyHash', 'result'])])));

    const roles = await db
      .select({ projectId: memberships.projectId, role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), inArray(memberships.projectId, projectIds)));
    expect([...state.roles].flatMap(([projectId, rs]) => rs.map((role) => ({ projectId, role }))).sort(byJson)).toEqual(roles.sort(byJson));

    const projectRows = await db.select().from(projects).where(inArray(projects.id, projectIds));
    expect(projectRows).toHaveLength(2);
    expect(state.projects).toEqual(new Map(projectRows.map((p) => [p.id, pick(p, PROJECT_KEYS)])));
    expect(state.projects.get(text)?.goldIouThreshold).toBe(0.1 + 0.2);
    expect(state.projects.get(text)?.reviewRate).toBeNaN();
    await db.update(projects).set({ goldIouThreshold: before!.goldIouThreshold, reviewRate: before!.reviewRate }).where(eq(projects.id, text));

    const itemRows = await db.select().from(items).where(inArray(items.id, itemIds));
    expect(itemRows).toHaveLength(3);
    expect(state.items).toEqual(new Map(itemRows.map((i) => [i.id, pick(i, ITEM_KEYS)])));
    for (const i of state.items.values()) expect(i.createdAt).toBeInstanceOf(Date);

    const assignmentRows = await db
      .select()
      .from(assignments)
      .where(and(eq(assignments.userId, userId), inArray(assignments.itemId, itemIds)));
    expect(assignmentRows).toHaveLength(2);
    expect(state.assignments).toEqual(new Map(assignmentRows.map((a) => [a.itemId, pick(a, ['id', 'itemId', 'status'])])));

    const versionRows = await db
      .select()
      .from(guidelineVersions)
      .where(
        inArray(
          guidelineVersions.id,
          batch.map((m) => m.guidelineVersionId),
        ),
      );
    expect(versionRows).toHaveLength(2);
    expect(state.versions).toEqual(new Map(versionRows.map((v) => [v.id, v.projectId])));
    expect(state.horizon).toBe(123);
  });

  it('number revisions and bound resubmissions by the annotator’s own saves in the last hour', async () => {
    const { db } = server.ctx;
    const caller = await server.as(ANNOTATOR);
    const userId = server.demo.userIds[ANNOTATOR]!;
    const text = server.demo.textProjectId;
    const { items: queue, guidelineVersionId } = await queueOf(caller, text);
    const handle = queue[1]!.id;
    const itemId = (await handlesOf(caller, text)).real(handle);
    const save = () => sync(caller, submission(text, handle, guidelineVersionId, { classes: ['sports'] }));

    for (let k = 1; k <= LIMITS.revisionsPerItemPerHour; k++)
      expect((await save()).body.results[0]).toMatchObject({ status: 'applied', result: { revision: k } });
    const refused = await save();
    expect(refused.body.error.details.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
    expect(refused.body.error.details.results[0].message).toMatch(/last hour/);

    // Saves older than an hour no longer count; a reviewer's correction never did, nor is it numbered as the annotator's.
    await db
      .update(annotations)
      .set({ receivedAt: new Date(Date.now() - 2 * 3_600_000) })
      .where(and(eq(annotations.userId, userId), eq(annotations.itemId, itemId)));
    const last = await db
      .select()
      .from(annotations)
      .where(and(eq(annotations.userId, userId), eq(annotations.itemId, itemId), eq(annotations.revision, 5)));
    await db
      .insert(annotations)
      .values({ ...last[0]!, id: randomUUID(), revision: 6, reviewerId: server.demo.userIds[LEAD]!, receivedAt: new Date(), mutationId: mutationId() });
    for (let k = 1; k <= LIMITS.revisionsPerItemPerHour; k++)
      expect((await save()).body.results[0]).toMatchObject({ status: 'applied', result: { revision: LIMITS.revisionsPerItemPerHour + k } });
    const revisions = await db
      .select({ revision: annotations.revision })
      .from(annotations)
      .where(and(eq(annotations.userId, userId), eq(annotations.itemId, itemId)));
    expect(revisions.map((r) => r.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, k) => k + 1));
    expect((await save()).body.error.details.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
  });
});

function byJson(a: unknown, b: unknown): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}
