// Agreement report on a real database: GET /api/projects/:id/agreement on a running
// server for a project of BENCH_ITEMS (default 100,000) items × k = 3 annotators, seeded straight in
// SQL. Two projects: class labels (5 topics) and shapes (1–2 boxes per annotator, IoU-matched into
// units). Prints the wall time of the request (first = cold, then best of BENCH_RUNS), and apart
// from it the parts: building every item's summary from scratch (what a database migrated from
// before the summaries pays once), redoing 1,000 changed items (what a burst of submissions costs
// off the request path), reading the stored summaries and summing them (what the route runs).
// BENCH_KINDS=class (or shape) runs one of the two.
//   TEST_DATABASE_URL=postgres://… node --import tsx test/bench/agreement-db.bench.ts   (PostgreSQL)
//   node --import tsx test/bench/agreement-db.bench.ts                               (PGlite)
// Target (brief): under 2 s for 100,000 items × k = 3 (class labels). Prints; asserts nothing.
import { asc, eq, sql } from 'drizzle-orm';
import { agreementReportOf } from '../../src/domain/metrics/agreement-report.ts';
import { buildApp } from '../../src/server/app.ts';
import { createSession } from '../../src/server/auth/sessions.ts';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext, type AppContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { guidelineVersions, memberships, users } from '../../src/server/db/schema.ts';
import { createProject } from '../../src/server/admin/create.ts';
import { readAgreementItems, refreshAgreementItems } from '../../src/server/agreement/agreement-items.ts';
import { imageGuideline, imageSchema, textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';
import { freshDatabase, type FaultEngine } from '../e2e/fault-harness.ts';
import { startServer } from '../e2e/harness.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const K = 3;
const KINDS = (process.env.BENCH_KINDS ?? 'class,shape').split(',') as Kind[];
const SECRET = 'agreement-bench-session-secret-0123456789abcdef';
const engine: FaultEngine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

type Kind = 'class' | 'shape';

/** One project of ITEMS items, each answered by the K annotators; half the answers on guideline 1.1. */
async function seed(ctx: AppContext, kind: Kind, annotators: string[], lead: string): Promise<string> {
  const project = await createProject(
    ctx,
    kind === 'class'
      ? { name: 'Agreement bench (classes)', kind: 'text', labelSchema: textSchema, sections: textGuideline }
      : { name: 'Agreement bench (shapes)', kind: 'image', labelSchema: imageSchema, sections: imageGuideline },
  );
  const v2 = ctx.newId();
  await ctx.db.insert(guidelineVersions).values({
    id: v2,
    projectId: project.id,
    major: 1,
    minor: 1,
    kind: 'clarification',
    changelog: 'Bench.',
    sections: kind === 'class' ? textGuideline : imageGuideline,
    publishedAt: ctx.now(),
  });
  await ctx.db
    .insert(memberships)
    .values([
      { projectId: project.id, userId: lead, role: 'lead' as const },
      ...annotators.map((userId) => ({ projectId: project.id, userId, role: 'annotator' as const })),
    ]);
  for (let from = 1; from <= ITEMS; from += 20_000) {
    const to = Math.min(ITEMS, from + 19_999);
    await ctx.db.execute(sql`
      INSERT INTO items (id, project_id, text, width, height, meta, assigned_count)
      SELECT gen_random_uuid(), ${project.id}, ${kind === 'class' ? sql`'Document ' || g` : sql`NULL`}, 640, 480, jsonb_build_object('g', g), ${K}
      FROM generate_series(${from}::int, ${to}::int) g`);
  }
  // Deterministic "randomness" from hashes: each annotator picks the item's true label 80% of the time.
  const labels = kind === 'class' ? `ARRAY['politics','business','sports','science','culture']` : `ARRAY['person','animal','vehicle','cup','coin']`;
  const pick = (salt: string) =>
    sql.raw(
      `(${labels})[1 + CASE WHEN abs(hashtext(i.id::text || '${salt}' || r)) % 100 < 80 THEN ((i.meta->>'g')::int % 5) ELSE abs(hashtext(i.id::text || 'x${salt}' || r)) % 5 END]`,
    );
  const payload =
    kind === 'class'
      ? sql`jsonb_build_object('shapes', '[]'::jsonb, 'spans', '[]'::jsonb, 'classes', jsonb_build_array(${pick('c')}))`
      : sql`jsonb_build_object('spans', '[]'::jsonb, 'classes', '[]'::jsonb, 'shapes',
          jsonb_build_array(jsonb_build_object('id', 'b1', 'kind', 'box', 'label', ${pick('a')}, 'x', 100 + r * 2, 'y', 80, 'w', 120, 'h', 90, 'attributes', '{}'::jsonb))
          || CASE WHEN abs(hashtext(i.id::text || 'second' || r)) % 100 < 40
               THEN jsonb_build_array(jsonb_build_object('id', 'b2', 'kind', 'box', 'label', ${pick('b')}, 'x', 400 - r * 3, 'y', 300, 'w', 60, 'h', 60, 'attributes', '{}'::jsonb))
               ELSE '[]'::jsonb END)`;
  for (let r = 0; r < K; r++) {
    await ctx.db.execute(sql`
      INSERT INTO annotations (id, project_id, item_id, user_id, revision, guideline_version_id, payload, duration_ms, started_at, submitted_at, mutation_id)
      SELECT gen_random_uuid(), ${project.id}, i.id, ${annotators[r]!}, 1,
             CASE WHEN (i.meta->>'g')::int % 2 = 0 THEN ${project.guidelineVersionId}::uuid ELSE ${v2}::uuid END,
             ${payload}, 4000, now(), now(), gen_random_uuid()
      FROM items i, (SELECT ${r}::int AS r) rr WHERE i.project_id = ${project.id}`);
  }
  return project.id;
}

const ms = (t: number) => `${t.toFixed(0).padStart(6)} ms`;

async function main() {
  console.log(
    `agreement report on ${engine}: ${ITEMS.toLocaleString('en')} items × k=${K} (${(ITEMS * K).toLocaleString('en')} answers) per project, node ${process.version}`,
  );
  const fresh = await freshDatabase(engine);
  const database = await openDatabase(fresh.config);
  let projects: Array<[Kind, string]> = [];
  let token = '';
  try {
    const ctx = defaultContext(database.db, { ...loadConfig({}), sessionSecret: SECRET, clientDir: undefined });
    const people = Array.from({ length: K + 1 }, (_, i) => ({
      id: ctx.newId(),
      email: `bench${i}@bench.test`,
      displayName: i === K ? 'Lead' : `Annotator ${i + 1}`,
      passwordHash: 'x',
    }));
    await ctx.db.insert(users).values(people);
    const annotators = people.slice(0, K).map((p) => p.id);
    const lead = people[K]!.id;
    const t0 = performance.now();
    for (const kind of KINDS) projects.push([kind, await seed(ctx, kind, annotators, lead)]);
    await ctx.db.execute(sql`ANALYZE`);
    console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    token = (await createSession(ctx, lead)).token;

    // The parts, in this process. Every answer queued as the sync queues it, then all summaries built.
    for (const [kind, id] of projects) {
      const queue = (limit: number) =>
        ctx.db.execute(sql`
        INSERT INTO agreement_pending (revision_id, project_id, item_id)
        SELECT a.id, a.project_id, a.item_id FROM annotations a WHERE a.project_id = ${id} LIMIT ${limit} ON CONFLICT DO NOTHING`);
      await queue(ITEMS * K);
      let a = performance.now();
      const built = await refreshAgreementItems(ctx.db, id);
      console.log(
        `  ${kind.padEnd(6)} every summary from scratch: ${ms(performance.now() - a)} (${built.toLocaleString('en')} items, ${((performance.now() - a) / built).toFixed(3)} ms each)`,
      );
      await queue(1_000);
      a = performance.now();
      const redone = await refreshAgreementItems(ctx.db, id);
      console.log(`  ${kind.padEnd(6)} ${redone.toLocaleString('en')} changed items redone: ${ms(performance.now() - a)}`);
      let read = Infinity;
      let compute = Infinity;
      let summaries = 0;
      for (let i = 0; i < RUNS; i++) {
        a = performance.now();
        const items = await readAgreementItems(ctx.db, id);
        const versions = await ctx.db
          .select()
          .from(guidelineVersions)
          .where(eq(guidelineVersions.projectId, id))
          .orderBy(asc(guidelineVersions.major), asc(guidelineVersions.minor));
        const b = performance.now();
        agreementReportOf(
          items,
          versions.map((v) => ({ id: v.id, version: `${v.major}.${v.minor}`, kind: v.kind, sections: v.sections })),
          {},
        );
        const c = performance.now();
        read = Math.min(read, b - a);
        compute = Math.min(compute, c - b);
        summaries = items.length;
      }
      console.log(
        `  ${kind.padEnd(6)} parts (best of ${RUNS}): read summaries ${ms(read)} (${summaries.toLocaleString('en')} items) · agreementReportOf ${ms(compute)}`,
      );
    }
    // The route in this process (Fastify inject: routing, auth, validation, serialization; no socket).
    const app = await buildApp(ctx);
    for (const [kind, id] of projects) {
      let best = Infinity;
      for (let i = 0; i < RUNS; i++) {
        const a = performance.now();
        const res = await app.inject({ method: 'GET', url: `/api/projects/${id}/agreement`, headers: { cookie: `ts_session=${token}` } });
        best = Math.min(best, performance.now() - a);
        if (res.statusCode !== 200) throw new Error(`inject ${kind}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      }
      console.log(`  ${kind.padEnd(6)} route in-process (inject, best of ${RUNS}): ${ms(best)}`);
    }
    await app.close();
  } finally {
    await database.close();
  }

  // The route, end to end over HTTP on a server process (PGlite: the server opens the same data dir).
  const server = await startServer({ env: { ...fresh.env, DEMO: '0', SESSION_SECRET: SECRET } });
  try {
    for (const [kind, id] of projects) {
      const times: number[] = [];
      let body = '';
      for (let i = 0; i < RUNS + 1; i++) {
        const a = performance.now();
        const res = await fetch(`${server.url}/api/projects/${id}/agreement`, { headers: { cookie: `ts_session=${token}` } });
        body = await res.text();
        times.push(performance.now() - a);
        if (res.status !== 200) throw new Error(`agreement ${kind}: ${res.status} ${body.slice(0, 300)}`);
      }
      const report = JSON.parse(body) as {
        overall: { alpha: { value: number | null; items: number } };
        perLabel: { label: string; unit?: string; alpha: { value: number | null } }[];
      };
      const perLabel = report.perLabel.map((p) => `${p.label}(${p.unit}) ${p.alpha.value?.toFixed(3) ?? 'null'}`).join(', ');
      console.log(
        `  ${kind.padEnd(6)} GET /agreement: first ${ms(times[0]!)} · best of ${RUNS} after it ${ms(Math.min(...times.slice(1)))} · ${(body.length / 1024).toFixed(0)} KiB · class alpha ${report.overall.alpha.value?.toFixed(4) ?? 'null'} on ${report.overall.alpha.items} items · per label: ${perLabel}`,
      );
    }
  } finally {
    await server.stop();
    projects = [];
    await fresh.cleanup();
  }
}

await main();
