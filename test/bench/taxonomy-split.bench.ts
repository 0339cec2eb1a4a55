// Taxonomy split benchmark (run on demand; prints figures; PostgreSQL only, it is the production engine):
//   TEST_DATABASE_URL=postgres://… node --import tsx test/bench/taxonomy-split.bench.ts
// A project whose annotator A has BENCH_LABELS (100,000) current revisions labelled "defect"; the
// author splits "defect" into "cosmetic" and "functional", which sends every one of them back.
// Meanwhile annotator B syncs one submission after another (through runSync with the
// re-annotation hook, which takes the project row FOR SHARE — what a publish holding the row
// FOR UPDATE would block), on items inside the chunks being re-queued. Prints the time to publish
// (the short publish transaction plus every re-queue chunk) and the longest time one of B's syncs
// took while it ran: it must stay under 1 s.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { LabelSchema, SubmitAnnotation } from '../../src/domain/api/index.ts';
import { uuidv7 } from '../../src/domain/ids.ts';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { memberships, projects, reannotationTasks, users } from '../../src/server/db/schema.ts';
import { createProject } from '../../src/server/admin/create.ts';
import { publish, saveDraft } from '../../src/server/guidelines/guideline-publish.ts';
import { serveQueue } from '../../src/server/queue/queue.ts';
import { runSync } from '../../src/server/sync/pipeline.ts';
import { freshDatabase } from '../e2e/fault-harness.ts';

const LABELS = Number(process.env.BENCH_LABELS ?? 100_000);
const id = () => uuidv7(Date.now(), randomBytes(10));
const schema: LabelSchema = {
  labels: [
    { id: 'defect', name: 'Defect', color: '#e6194b', hotkey: '1', tools: ['class'], attributes: [] },
    { id: 'scratch', name: 'Scratch', color: '#3cb44b', hotkey: '2', tools: ['class'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};

async function main() {
  if (!process.env.TEST_DATABASE_URL) throw new Error('Set TEST_DATABASE_URL: this benchmark measures PostgreSQL.');
  const fresh = await freshDatabase('postgres');
  const database = await openDatabase(fresh.config);
  try {
    const ctx = defaultContext(database.db, { ...loadConfig({}), clientDir: undefined });
    // The re-annotation hook is registered with every other sync hook (src/server/sync/hooks.ts).
    const p = await createProject(ctx, {
      name: 'Split bench',
      kind: 'text',
      labelSchema: schema,
      sections: [{ id: 'scope', kind: 'definition', title: 'Scope', body: 'Classify each panel.', labels: [] }],
    });
    const [a, b, author] = [id(), id(), id()];
    await ctx.db
      .insert(users)
      .values([a, b, author].map((u, k) => ({ id: u, email: `bench-${k}-${u}@bench.test`, displayName: `Bench ${k}`, passwordHash: 'x' })));
    await ctx.db.insert(memberships).values([
      { projectId: p.id, userId: a, role: 'annotator' as const },
      { projectId: p.id, userId: b, role: 'annotator' as const },
      { projectId: p.id, userId: author, role: 'author' as const },
    ]);
    let t = performance.now();
    // A's work, set-based: LABELS items, each done by A with one "defect" revision under 1.0.
    await ctx.db.execute(
      sql`INSERT INTO items (id, project_id, text, meta, assigned_count) SELECT gen_random_uuid(), ${p.id}, 'Panel ' || g, '{}', 1 FROM generate_series(1, ${LABELS}) g`,
    );
    await ctx.db.execute(sql`INSERT INTO assignments (id, project_id, item_id, user_id, position, status, lease_expires_at, done_at)
      SELECT gen_random_uuid(), ${p.id}, i.id, ${a}, row_number() OVER (ORDER BY i.seq), 'done', now(), now() FROM items i WHERE i.project_id = ${p.id}`);
    await ctx.db
      .execute(sql`INSERT INTO annotations (id, project_id, item_id, user_id, revision, guideline_version_id, payload, duration_ms, started_at, submitted_at, received_at, mutation_id)
      SELECT gen_random_uuid(), ${p.id}, i.id, ${a}, 1, ${p.guidelineVersionId}, '{"shapes":[],"spans":[],"classes":["defect"]}'::jsonb, 1000, now(), now(), now(), gen_random_uuid() FROM items i WHERE i.project_id = ${p.id}`);
    await ctx.db.execute(sql`ANALYZE`);
    console.log(`  set-up: ${LABELS} current "defect" revisions in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // B's queue: overlap 1 and every item already counted, so give B room on the items A did.
    await ctx.db.update(projects).set({ overlap: 2, overlapShare: 1 }).where(eq(projects.id, p.id));
    const [row] = await ctx.db.select().from(projects).where(eq(projects.id, p.id));
    const queued = (await serveQueue(ctx, b, row!, 100)).items.map((q) => q.id);
    const user = { id: b, email: 'b', displayName: 'B' };
    const submit = (itemId: string): SubmitAnnotation => {
      const now = new Date();
      return {
        id: id(),
        type: 'annotation.submit',
        projectId: p.id,
        itemId,
        guidelineVersionId: p.guidelineVersionId,
        payload: { shapes: [], spans: [], classes: ['scratch'] },
        startedAt: new Date(now.getTime() - 3000).toISOString(),
        submittedAt: now.toISOString(),
        durationMs: 3000,
      };
    };

    await saveDraft(ctx, row!, author, {
      baseVersionId: p.guidelineVersionId,
      sections: [{ id: 'scope', kind: 'definition', title: 'Scope', body: 'Classify each panel: cosmetic or functional.', labels: [] }],
      schemaChanges: [
        {
          op: 'split_class',
          id: 'defect',
          into: [
            { id: 'cosmetic', name: 'Cosmetic', color: '#00aa00' },
            { id: 'functional', name: 'Functional', color: '#aa0000' },
          ],
        },
      ],
    });
    let publishing = true;
    const waits: number[] = [];
    const refused: string[] = [];
    const syncing = (async () => {
      for (let k = 0; publishing && k < queued.length; k++) {
        const s = performance.now();
        const [result] = await runSync(ctx, user, [submit(queued[k] as string)]);
        waits.push(performance.now() - s);
        // A refused sync is no wait at all: count it, and the run fails below.
        if (result?.status !== 'applied') refused.push(`${result?.status ?? 'no answer'}${result && 'message' in result ? `: ${result.message}` : ''}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    t = performance.now();
    const res = await publish(ctx, row!, author, {
      kind: 'label_change',
      affectedLabels: [],
      changelog: 'Defect is split.',
      baseVersionId: p.guidelineVersionId,
    });
    const publishSeconds = (performance.now() - t) / 1000;
    publishing = false;
    await syncing;
    const tasks = await ctx.db.$count(reannotationTasks, eq(reannotationTasks.projectId, p.id));
    const sorted = [...waits].sort((x, y) => x - y);
    console.log(`  publish split: ${publishSeconds.toFixed(2)} s, ${res.reannotation.annotations} labels sent back (${tasks} tasks)`);
    console.log(
      `  annotator's syncs meanwhile: ${waits.length}, median ${(sorted[Math.floor(sorted.length / 2)] ?? NaN).toFixed(0)} ms, longest ${(sorted[sorted.length - 1] ?? NaN).toFixed(0)} ms (limit 1000 ms)`,
    );
    if (refused.length > 0) {
      console.error(`  ${refused.length} of the annotator's syncs were not applied (first: ${refused[0]}): these figures time refusals.`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
    await fresh.cleanup();
  }
}

await main();
