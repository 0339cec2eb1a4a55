import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentAnswers as domainCurrentAnswers, historyOrder, type AnswerScope, type RevisionKey } from '../../src/domain/answers/current-answer.ts';
import { ownCurrentRevisionId } from '../../src/server/answers/current-answers.ts';
import { annotations } from '../../src/server/db/schema.ts';
import { currentAnswers } from '../../src/server/agreement/consensus.ts';
import { recordPages } from '../../src/server/data/export-records.ts';
import { currentGuideline } from '../../src/server/guidelines/guidelines.ts';
import { currentRevisionIds } from '../../src/server/data/item-list.ts';
import { currentRevisions } from '../../src/server/guidelines/reannotation.ts';
import { histories } from '../domain/answers/histories.ts';
import { engines, LEAD, startTestServer, type TestServer } from './harness.ts';
import { annotators, textProject } from './sync-fixtures.ts';

// Every server reader of "an annotator's current answer" (agreement and adjudication through
// consensus.ts, the export, the data manager, re-annotation, hidden repeats' original) against the
// domain's definition, on generated histories with reviewer corrections and client clocks that run
// backwards. Before the definition was shared, the export's full history was ordered by the
// client's submittedAt, and this test failed on it.
describe.each(engines)('an annotator’s current answer on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  }, 120_000);
  afterAll(async () => server?.close());

  it('is what every reader reads, for any history', async () => {
    const db = server.ctx.db;
    const people = await annotators(server.ctx, 3, `current-${engine}`);
    const p = await textProject(server.ctx, { items: 3, annotatorIds: people.map((u) => u.id), name: 'Current answers' });
    const version = (await currentGuideline(db, p.id))!;
    const lead = server.demo.userIds[LEAD] as string;
    const ids = { i1: p.itemIds[0]!, i2: p.itemIds[1]!, i3: p.itemIds[2]!, u1: people[0]!.id, u2: people[1]!.id, u3: people[2]!.id } as Record<string, string>;
    const base = Date.UTC(2026, 0, 1);

    await fc.assert(
      fc.asyncProperty(histories, async (history) => {
        await db.delete(annotations).where(eq(annotations.projectId, p.id));
        const rows = history.map((r, k) => ({
          ...r,
          id: randomUUID(),
          itemId: ids[r.itemId]!,
          userId: ids[r.userId]!,
          reviewerId: r.reviewerId ? lead : null,
          k,
        }));
        if (rows.length > 0) {
          await db.insert(annotations).values(
            rows.map((r) => ({
              id: r.id,
              projectId: p.id,
              itemId: r.itemId,
              userId: r.userId,
              revision: r.revision,
              reviewerId: r.reviewerId,
              guidelineVersionId: version.id,
              payload: { shapes: [], spans: [], classes: ['sports'] },
              durationMs: 1000,
              startedAt: new Date(base + r.submittedAt * 1000),
              submittedAt: new Date(base + r.submittedAt * 1000),
              receivedAt: new Date(base + r.k * 1000),
              mutationId: randomUUID(),
            })),
          );
        }
        const expected = (scope: AnswerScope) => domainCurrentAnswers(rows, scope).map((r) => r.id);
        const set = (xs: string[]) => [...xs].sort();

        expect(set((await currentAnswers(db, p.id)).map((a) => idOf(rows, a.itemId, a.annotatorId, 'of-record')))).toEqual(set(expected('of-record')));
        expect(set(await currentRevisionIds(db, p.id, p.itemIds))).toEqual(set(expected('of-record')));
        expect(set((await currentRevisions(db, p.id)).map((r) => r.annotationId))).toEqual(set(expected('of-record')));
        const exported = async (history: 'latest' | 'all') => {
          const out: string[] = [];
          for await (const page of recordPages(db, p.id, { history, holdEscalated: false, onlyAnnotated: true, asOf: new Date(Date.now() + 86_400_000) })) {
            for (const record of page) out.push(...record.revisions.map((r) => r.annotationId));
          }
          return out;
        };
        expect(set(await exported('latest'))).toEqual(set(expected('of-record')));
        // Full history: per item, the server's order of arrival, whatever the client clocks said.
        const byItem = (xs: string[]) => p.itemIds.flatMap((itemId) => xs.filter((x) => rows.find((r) => r.id === x)!.itemId === itemId));
        const all = await exported('all');
        const arrival = [...rows].sort(historyOrder).map((r) => r.id);
        expect(byItem(all)).toEqual(byItem(arrival));
        // The annotator's own answer (corrections left out): what a hidden repeat is compared with.
        for (const itemId of p.itemIds) {
          for (const userId of people.map((u) => u.id)) {
            const [own] = await db.select({ id: ownCurrentRevisionId(sql`${itemId}::uuid`, userId) }).from(sql`(select 1) one`);
            const want = domainCurrentAnswers(rows, 'own').find((r) => r.itemId === itemId && r.userId === userId);
            expect(own?.id ?? null).toBe(want?.id ?? null);
          }
        }
      }),
      { numRuns: 20 },
    );
  }, 300_000);
});

function idOf(rows: Array<RevisionKey & { id: string }>, itemId: string, userId: string, scope: AnswerScope): string {
  return domainCurrentAnswers(
    rows.filter((r) => r.itemId === itemId && r.userId === userId),
    scope,
  )[0]!.id;
}
