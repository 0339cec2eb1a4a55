// `npm run rebuild` on a large generated database (run on demand; prints figures):
//   LABELS=100000 node --import tsx test/bench/rebuild.bench.ts
// Generates, in SQL, one text project with LABELS / ANNOTATORS items, each labelled once by each of
// ANNOTATORS annotators through the ledger as a sync stores it, GOLD_SHARE of the items gold; then
// times rebuildProject (as the CLI runs it: embedded PGlite on disk, scoring in process).
// DATABASE_URL set: PostgreSQL instead (an empty database; the bench drops nothing).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { createProject, createUser, grantRole } from '../../src/server/admin/create.ts';
import { rebuildProject } from '../../src/server/deferred/rebuild.ts';
import { textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';

const LABELS = Number(process.env.LABELS ?? 100_000);
const ANNOTATORS = Number(process.env.ANNOTATORS ?? 4);
const GOLD_SHARE = Number(process.env.GOLD_SHARE ?? 0.1);
const ITEMS = Math.ceil(LABELS / ANNOTATORS);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-rebuild-'));
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir });
const ctx = defaultContext(database.db, loadConfig({}));
try {
  const t0 = performance.now();
  const project = await createProject(ctx, { name: 'Rebuild bench', kind: 'text', labelSchema: textSchema, sections: textGuideline });
  const users: string[] = [];
  for (let k = 0; k < ANNOTATORS; k++) {
    const id = await createUser(ctx, { email: `bench-${k}@rebuild.test`, displayName: `Bench ${k}`, password: 'correct horse battery staple' });
    await grantRole(ctx, project.id, id, 'annotator');
    users.push(id);
  }
  const userList = sql.join(
    users.map((u) => sql`${u}::uuid`),
    sql`, `,
  );
  await ctx.db.execute(sql`
    insert into items (id, project_id, text, created_at)
    select gen_random_uuid(), ${project.id}::uuid, 'Generated sentence ' || g, now() from generate_series(1, ${ITEMS}) g`);
  await ctx.db.execute(sql`
    create temp table gen as
    select gen_random_uuid() as aid, gen_random_uuid() as mid, i.id as item_id, u as user_id,
      (array['politics','business','sports','science','culture'])[1 + floor(random() * 5)::int] as label,
      now() - (random() * interval '30 days') as at
    from items i cross join unnest(array[${userList}]) u where i.project_id = ${project.id}::uuid`);
  await ctx.db.execute(sql`
    insert into mutations (id, user_id, type, result, applied_at)
    select mid, user_id, 'annotation.submit', jsonb_build_object('revisionId', aid, 'revision', 1, 'appliedAt', at), at from gen`);
  await ctx.db.execute(sql`
    insert into annotations (id, project_id, item_id, user_id, revision, guideline_version_id, payload, duration_ms, started_at, submitted_at, received_at, mutation_id, via_sync)
    select aid, ${project.id}::uuid, item_id, user_id, 1, ${project.guidelineVersionId}::uuid,
      jsonb_build_object('shapes', '[]'::jsonb, 'spans', '[]'::jsonb, 'classes', jsonb_build_array(label)), 4000, at, at, at, mid, true from gen`);
  await ctx.db.execute(sql`
    insert into gold_answers (item_id, project_id, answer, guideline_version_id, justification, active, created_at)
    select id, project_id, jsonb_build_object('shapes', '[]'::jsonb, 'spans', '[]'::jsonb, 'classes', jsonb_build_array('politics')),
      ${project.guidelineVersionId}::uuid, 'generated', true, now()
    from items where project_id = ${project.id}::uuid and random() < ${GOLD_SHARE}`);
  console.log(
    `generated ${LABELS.toLocaleString('en-US')} labels on ${ITEMS.toLocaleString('en-US')} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const t1 = performance.now();
  const report = await rebuildProject(ctx, project.id);
  const s = (performance.now() - t1) / 1000;
  console.log(
    `rebuild: ${s.toFixed(1)} s (${report.goldItems} gold items, ${report.goldRevisions} gold revisions scored, ${report.agreementItems} agreement summaries); load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
