// Escalation figures benchmark (run on demand; prints figures):
//   node --import tsx test/bench/escalation-figures.bench.ts   (PostgreSQL too when TEST_DATABASE_URL is set)
// GET /api/projects/:id/escalation-figures (through the real app, lead session) for a project of
// 1,000 annotators and 10 million labels. The figures never read annotations: denominators come
// from escalation_work (what the sync hook keeps: 1,000 annotators × (whole item + 9 labels) rows,
// 10,000 items each), numerators and times from the escalations table — seeded here as 2% of the
// labels: 200,000 escalations (with named and tentative labels), of which 2,000 are still open,
// received over the last 10 days; the rest resolved after 1–100 hours. The first read folds them
// all into the roll-ups (escalation_counts, escalation_resolution_minutes); later reads fold only
// what arrived since and read the roll-ups, the open rows and the last 10 minutes live.
import { eq, sql } from 'drizzle-orm';
import { buildApp } from '../../src/server/app.ts';
import { createSession } from '../../src/server/auth/sessions.ts';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { escalations, guidelineVersions, memberships, users } from '../../src/server/db/schema.ts';
import { createProject, createUser } from '../../src/server/admin/create.ts';
import { textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';
import { freshDatabase, type FaultEngine } from '../e2e/fault-harness.ts';
import { benchEngines } from './engines.ts';

const engines: FaultEngine[] = benchEngines();
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ANNOTATORS = 1000;
const ITEMS_EACH = 10_000;
const ESCALATIONS = 200_000;
const OPEN = 2_000;

async function bench(engine: FaultEngine) {
  const fresh = await freshDatabase(engine);
  const database = await openDatabase(fresh.config);
  try {
    const ctx = defaultContext(database.db, { ...loadConfig({}), clientDir: undefined });
    const project = await createProject(ctx, { name: 'Bench', kind: 'text', labelSchema: textSchema, sections: textGuideline });
    const leadId = await createUser(ctx, { email: 'lead@bench.test', displayName: 'Lead', password: 'bench-password-1' });
    await ctx.db.insert(memberships).values({ projectId: project.id, userId: leadId, role: 'lead' });
    const [version] = await ctx.db.select({ id: guidelineVersions.id }).from(guidelineVersions).where(eq(guidelineVersions.projectId, project.id));
    const p = project.id;
    const now = new Date('2026-11-20T00:00:00Z');
    const t0 = performance.now();
    await ctx.db.execute(sql`insert into ${users} (id, email, display_name, password_hash)
      select gen_random_uuid(), 'bench-' || g || '@bench.test', 'Annotator ' || g, 'x' from generate_series(1, ${ANNOTATORS}) g`);
    await ctx.db.execute(sql`insert into ${memberships} (project_id, user_id, role) select ${p}, id, 'annotator' from ${users} where email like 'bench-%'`);
    // What 10M labels leave in escalation_work: every item whole, and the labels of its current revision.
    await ctx.db.execute(sql`insert into escalation_work (project_id, user_id, label, items)
      select ${p}, u.id, l.label, case when l.label = '' then ${ITEMS_EACH} else ${ITEMS_EACH} / 3 + abs(hashtext(u.email || l.label)) % 1000 end
      from ${users} u cross join (values (''), ('per'), ('org'), ('loc'), ('misc'), ('politics'), ('business'), ('sports'), ('science'), ('culture')) l(label)
      where u.email like 'bench-%'`);
    await ctx.db.execute(
      sql`insert into items (id, project_id, text) select gen_random_uuid(), ${p}, 'Bench sentence ' || g from generate_series(1, ${ESCALATIONS}) g`,
    );
    // One escalation per item, spread over the annotators (a tenth of them escalate 3× as often).
    await ctx.db.execute(sql`with a as (select id, row_number() over (order by email) - 1 k from ${users} where email like 'bench-%'),
      i as (select id, row_number() over (order by seq) - 1 k from items where project_id = ${p})
      insert into escalations (id, project_id, item_id, user_id, guideline_version_id, reason, note, labels, tentative, status, created_at, received_at, mutation_id, ruling, explanation, decided_by, decided_at)
      select gen_random_uuid(), ${p}, i.id, a.id, ${version!.id},
             (array['not_covered', 'ambiguous_labels', 'bad_asset', 'other'])[1 + i.k % 4],
             'bench', case when i.k % 4 = 1 then '["sports", "business"]'::jsonb else '[]'::jsonb end,
             case when i.k % 3 = 0 then jsonb_build_object('shapes', '[]'::jsonb, 'spans', jsonb_build_array(jsonb_build_object('id', 's', 'label', 'per', 'start', 0, 'end', 5)), 'classes', '["politics"]'::jsonb) end,
             case when i.k < ${OPEN} then 'open' else 'resolved' end,
             ${now.toISOString()}::timestamptz - (i.k % 240) * interval '1 hour',
             ${now.toISOString()}::timestamptz - (i.k % 240) * interval '1 hour',
             gen_random_uuid(),
             case when i.k >= ${OPEN} then '{"shapes": [], "spans": [], "classes": ["sports"]}'::jsonb end, '',
             case when i.k >= ${OPEN} then ${leadId}::uuid end,
             case when i.k >= ${OPEN} then ${now.toISOString()}::timestamptz - (i.k % 240) * interval '1 hour' + (1 + i.k % 100) * interval '1 hour' end
      from i join a on a.k = (case when i.k % 5 = 0 then i.k % 100 else i.k % ${ANNOTATORS} end)`);
    await ctx.db.execute(sql`vacuum analyze escalations`);
    await ctx.db.execute(sql`analyze`);
    console.log(
      `  seeded ${await ctx.db.$count(escalations)} escalations (${OPEN} open), ${ANNOTATORS} annotators × ${ITEMS_EACH.toLocaleString('en')} items = ${(ANNOTATORS * ITEMS_EACH).toLocaleString('en')} labels, in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    ctx.now = () => now;
    const app = await buildApp(ctx);
    const { token } = await createSession(ctx, leadId);
    const times: number[] = [];
    let summary = '';
    let first = 0;
    for (let k = 0; k <= RUNS; k++) {
      const s = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/projects/${p}/escalation-figures`, headers: { cookie: `ts_session=${token}` } });
      // The first read folds the whole history into the roll-ups (once per project); later reads fold only what arrived since.
      if (k === 0) first = performance.now() - s;
      else times.push(performance.now() - s);
      if (res.statusCode !== 200) throw new Error(`figures ${res.statusCode}: ${res.body.slice(0, 300)}`);
      const f = JSON.parse(res.body) as {
        team: { rate: number };
        byAnnotator: Array<{ flag: string | null }>;
        openTotal: number;
        overdue: { count: number };
        resolution: { medianHours: number; p90Hours: number };
      };
      summary = `${(res.body.length / 1e3).toFixed(0)} kB JSON · team rate ${(f.team.rate * 100).toFixed(2)}% · ${f.byAnnotator.filter((r) => r.flag === 'high').length} flagged high, ${f.byAnnotator.filter((r) => r.flag === 'low').length} low · ${f.openTotal} open, ${f.overdue.count} overdue · resolution median ${f.resolution.medianHours.toFixed(1)} h, p90 ${f.resolution.p90Hours.toFixed(1)} h`;
    }
    times.sort((a, b) => a - b);
    console.log(`  first GET escalation-figures (folds all ${ESCALATIONS.toLocaleString('en')} escalations into the roll-ups): ${first.toFixed(0)} ms`);
    console.log(
      `  GET escalation-figures after that: median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms · min ${times[0]!.toFixed(0)} ms · max ${times.at(-1)!.toFixed(0)} ms over ${RUNS} reads`,
    );
    console.log(`  ${summary}`);
    await app.close();
  } finally {
    await database.close();
    await fresh.cleanup();
  }
}

for (const engine of engines) {
  console.log(`\nescalation figures on ${engine}`);
  await bench(engine);
}
if (!engines.includes('postgres')) console.log('\n(PostgreSQL skipped: set TEST_DATABASE_URL to run it too)');
