// Gold scoring benchmark (run on demand; prints figures):
//   node --import tsx test/bench/gold-scoring.bench.ts     (PostgreSQL too when TEST_DATABASE_URL is set)
// 1. Scoring throughput: scorePair (Hungarian IoU matching within a label) on gold/answer pairs
//    of BENCH_SHAPES (10) boxes, then of as many 8-vertex polygons, in shape pairs per second.
// 2. Dashboard: GET /api/projects/:id/dashboard (through the real app, lead session) for a project
//    with 1,000 annotators and 5 million labels, median and max of BENCH_RUNS reads.
//    The 5M labels are NOT inserted as annotations: the dashboard never reads annotations, only
//    the incremental aggregates the sync hook keeps. So we seed what 5M labels leave behind —
//    at a 10% gold rate, 500,000 scored gold items — straight into gold_aggregates: 1,000
//    annotators × 60 active hours × (whole item + 5 labels) rows of n = 8 (≈ 360,000 rows,
//    480,000 gold items), their roll-ups (gold_totals, gold_daily), plus work_aggregates of 5,000
//    submissions each and 25 confusion cells.
import { eq, sql } from 'drizzle-orm';
import type { AnnotationPayload } from '../../src/domain/api/index.ts';
import { scorePair } from '../../src/domain/dashboard/score-pair.ts';
import { buildApp } from '../../src/server/app.ts';
import { createSession } from '../../src/server/auth/sessions.ts';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { goldAggregates, guidelineVersions, memberships, users } from '../../src/server/db/schema.ts';
import { createProject, createUser } from '../../src/server/admin/create.ts';
import { textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';
import { freshDatabase, type FaultEngine } from '../e2e/fault-harness.ts';
import { benchEngines } from './engines.ts';

const engines: FaultEngine[] = benchEngines();
const SHAPES = Number(process.env.BENCH_SHAPES ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ANNOTATORS = 1000;
const HOURS = 60;
const PER_ROW = 8;
const LABELS = ['politics', 'business', 'sports', 'science', 'culture'];

// A seeded generator: figures must not depend on luck.
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

function pairs(kind: 'box' | 'polygon', count: number): Array<[AnnotationPayload, AnnotationPayload]> {
  const shape = (i: number, x: number, y: number, s: number) =>
    kind === 'box'
      ? { id: `s${i}`, kind: 'box' as const, label: `l${i % 3}`, x, y, w: s, h: s, attributes: {} }
      : {
          id: `s${i}`,
          kind: 'polygon' as const,
          label: `l${i % 3}`,
          attributes: {},
          points: Array.from(
            { length: 8 },
            (_, k) => [x + s / 2 + (s / 2) * Math.cos((k * Math.PI) / 4), y + s / 2 + (s / 2) * Math.sin((k * Math.PI) / 4)] as [number, number],
          ),
        };
  return Array.from({ length: count }, () => {
    const boxes = Array.from({ length: SHAPES }, () => ({ x: rand() * 900, y: rand() * 900, s: 20 + rand() * 80 }));
    const truth = boxes.map((b, i) => shape(i, b.x, b.y, b.s));
    // The answer: each gold shape nudged a little, in shuffled order (the matching has work to do).
    const answer = boxes.map((b, i) => shape(i, b.x + rand() * 10 - 5, b.y + rand() * 10 - 5, b.s * (0.85 + rand() * 0.3))).sort(() => rand() - 0.5);
    return [
      { shapes: truth, spans: [], classes: [] },
      { shapes: answer, spans: [], classes: [] },
    ];
  });
}

function throughput(kind: 'box' | 'polygon') {
  const work = pairs(kind, 2000);
  for (const [t, a] of work.slice(0, 200)) scorePair(t, a, 0.5); // warm-up
  const t0 = performance.now();
  let checksum = 0;
  for (const [t, a] of work) checksum += scorePair(t, a, 0.5).score;
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `  ${kind}: ${((work.length * SHAPES) / seconds).toFixed(0)} shape pairs/s (${(work.length / seconds).toFixed(0)} items of ${SHAPES} vs ${SHAPES} shapes/s; mean score ${(checksum / work.length).toFixed(3)})`,
  );
}

async function dashboard(engine: FaultEngine) {
  const fresh = await freshDatabase(engine);
  const database = await openDatabase(fresh.config);
  try {
    const ctx = defaultContext(database.db, { ...loadConfig({}), clientDir: undefined });
    const project = await createProject(ctx, { name: 'Bench', kind: 'text', labelSchema: textSchema, sections: textGuideline });
    const leadId = await createUser(ctx, { email: 'lead@bench.test', displayName: 'Lead', password: 'bench-password-1' });
    await ctx.db.insert(memberships).values({ projectId: project.id, userId: leadId, role: 'lead' });
    const [version] = await ctx.db.select({ id: guidelineVersions.id }).from(guidelineVersions).where(eq(guidelineVersions.projectId, project.id));
    const t0 = performance.now();
    const p = project.id;
    await ctx.db.execute(sql`insert into ${users} (id, email, display_name, password_hash)
      select gen_random_uuid(), 'bench-' || g || '@bench.test', 'Annotator ' || g, 'x' from generate_series(1, ${ANNOTATORS}) g`);
    await ctx.db.execute(sql`insert into ${memberships} (project_id, user_id, role) select ${p}, id, 'annotator' from ${users} where email like 'bench-%'`);
    // Accuracy per annotator between 0.6 and 1; later hours a little worse for a tenth of them (drift to find).
    await ctx.db.execute(sql`insert into gold_aggregates (project_id, user_id, label, bucket, guideline_version_id, n, sum)
      select ${p}, u.id, l.label, timestamptz '2026-10-20 00:00:00+00' + (h * 12 + (abs(hashtext(u.email)) % 12)) * interval '1 hour', ${version!.id},
             ${PER_ROW}, ${PER_ROW} * least(1, greatest(0, 0.6 + (abs(hashtext(u.email || l.label)) % 40) / 100.0 - case when h > 50 and abs(hashtext(u.email)) % 10 = 0 then 0.3 else 0 end))
      from ${users} u cross join (values (''), ('politics'), ('business'), ('sports'), ('science'), ('culture')) l(label) cross join generate_series(0, ${HOURS - 1}) h
      where u.email like 'bench-%'`);
    // The roll-ups the sync hook keeps beside the hourly rows (same statements as the migration's backfill).
    await ctx.db.execute(
      sql`insert into gold_totals select project_id, user_id, label, guideline_version_id, sum(n), sum(sum) from gold_aggregates group by 1, 2, 3, 4`,
    );
    await ctx.db.execute(
      sql`insert into gold_daily select project_id, user_id, label, date_trunc('day', bucket, 'UTC'), sum(n), sum(sum) from gold_aggregates group by 1, 2, 3, 4`,
    );
    await ctx.db.execute(
      sql`insert into work_aggregates (project_id, user_id, items, total_ms) select ${p}, id, 5000, 5000 * 4000.0 from ${users} where email like 'bench-%'`,
    );
    for (const t of ['', ...LABELS])
      for (const a of ['', ...LABELS])
        if (t !== '' || a !== '') await ctx.db.execute(sql`insert into gold_confusions values (${p}, ${t || '∅'}, ${a || '∅'}, 1000)`);
    await ctx.db.execute(sql`analyze`);
    const seeded = await ctx.db.$count(goldAggregates);
    console.log(
      `  seeded ${seeded} aggregate rows (${ANNOTATORS} annotators, ${(ANNOTATORS * 5000).toLocaleString('en')} labels, ${(ANNOTATORS * HOURS * PER_ROW).toLocaleString('en')} scored gold items) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // 2026-11-20: the last 7 days hold the late hours, so drift has something to test.
    ctx.now = () => new Date('2026-11-20T00:00:00Z');
    const app = await buildApp(ctx);
    const { token } = await createSession(ctx, leadId);
    // Where the time goes: the queries the dashboard runs, alone (EXPLAIN ANALYZE with BENCH_EXPLAIN=1).
    const recentFrom = '2026-11-13T00:00:00Z';
    for (const [name, q] of [
      [
        'old: hourly series (day) scan',
        sql`select user_id, floor(extract(epoch from bucket) * 1000 / 86400000) * 86400000 t, sum(n), sum(sum) from gold_aggregates where project_id = ${p} and label = '' group by 1, 2`,
      ],
      [
        'old: hourly label windows scan',
        sql`select user_id, label, bucket >= ${recentFrom}::timestamptz, sum(n), sum(sum) from gold_aggregates where project_id = ${p} group by 1, 2, 3`,
      ],
      ['new: totals', sql`select user_id, label, guideline_version_id, n, sum from gold_totals where project_id = ${p}`],
      [
        'new: recent window (daily)',
        sql`select user_id, label, sum(n), sum(sum) from gold_daily where project_id = ${p} and day >= ${recentFrom}::timestamptz group by 1, 2`,
      ],
    ] as const) {
      const s = performance.now();
      await ctx.db.execute(q);
      console.log(`  ${name} query: ${(performance.now() - s).toFixed(0)} ms`);
      if (process.env.BENCH_EXPLAIN) {
        const plan = await ctx.db.execute(sql`explain analyze ${q}`);
        const rows = (Array.isArray(plan) ? plan : (plan as { rows: unknown[] }).rows) as Array<Record<string, string>>;
        for (const r of rows) console.log(`      ${Object.values(r)[0]}`);
      }
    }
    for (const bucket of ['day', 'hour']) {
      const times: number[] = [];
      let size = 0;
      let alerts = 0;
      let lines = '';
      for (let k = 0; k < RUNS; k++) {
        const s = performance.now();
        const res = await app.inject({
          method: 'GET',
          url: `/api/projects/${p}/dashboard?bucket=${bucket}`,
          headers: { cookie: `ts_session=${token}`, 'x-requested-with': 'touchstone' },
        });
        times.push(performance.now() - s);
        if (res.statusCode !== 200) throw new Error(`dashboard ${res.statusCode}: ${res.body.slice(0, 300)}`);
        size = res.body.length;
        const body = JSON.parse(res.body) as { alerts: unknown[]; accuracy: unknown[]; seriesTotal: number };
        alerts = body.alerts.length;
        lines = `${body.accuracy.length} of ${body.seriesTotal} accuracy lines`;
      }
      times.sort((a, b) => a - b);
      console.log(
        `  GET dashboard?bucket=${bucket}: median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms · min ${times[0]!.toFixed(0)} ms · max ${times.at(-1)!.toFixed(0)} ms over ${RUNS} reads (target < 300 ms) · ${(size / 1e6).toFixed(1)} MB JSON, ${alerts} alerts, ${lines}`,
      );
    }
    await app.close();
  } finally {
    await database.close();
    await fresh.cleanup();
  }
}

console.log('scoring throughput');
throughput('box');
throughput('polygon');
for (const engine of engines) {
  console.log(`\ndashboard on ${engine}`);
  await dashboard(engine);
}
if (!engines.includes('postgres')) console.log('\n(PostgreSQL skipped: set TEST_DATABASE_URL to run it too)');
