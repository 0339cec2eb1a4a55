// Escalation figures, computed from small aggregates — never from annotations, which
// may hold tens of millions of labels, and not by scanning every escalation on each read either:
// - denominators (items each annotator submitted, whole and per label) come from escalation_work,
//   kept by the sync hook below inside the sync transaction;
// - numerators and resolution times come from roll-ups (escalation_counts, per annotator and
//   label; escalation_resolution_minutes, a count per whole minute) that each read first brings
//   up to date: it folds in the escalations received (and the rulings made) since the last fold,
//   up to a watermark FOLD_LAG behind the clock, and adds the few rows after the watermark live.
//   The lag leaves room for transactions still in flight (a row's received_at is taken before it
//   commits) and for clocks of several servers that disagree a little. An escalation is decided
//   once (open → resolved or returned, a conditional update), so a folded ruling never changes.
//   Two reads folding at once: the watermark moves by a conditional update, so one folds, the
//   other sees its result.
// - the open backlog (age buckets, overdue list) is read from the open rows through the status index.
// Ages are measured from received_at (the server's clock, when a lead could first see it), not the
// annotator's created_at: an escalation written offline is not "old" before it arrives, and a
// client clock that is off must not make one overdue.
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { EscalationFigures } from '../../domain/api/index.ts';
import {
  AGE_BUCKETS,
  DEFAULT_MIN_WORKED,
  labelDeltas,
  payloadLabels,
  quantileOfCounts,
  rateFigures,
  teamRate,
  type RateCounts,
} from '../../domain/escalations/figures.ts';
import type { AppContext } from '../context.ts';
import { rowsOf, type Db, type DbOrTx } from '../db/client.ts';
import {
  annotations,
  escalationCounts,
  escalationFold,
  escalationResolutionMinutes,
  escalationWork,
  escalations,
  memberships,
  users,
  type projects,
} from '../db/schema.ts';
import type { BatchHook } from '../sync/batch.ts';
import { CURRENT, ownScope } from '../answers/current-answers.ts';

type Project = typeof projects.$inferSelect;

/** '' is the whole item (as in the gold aggregates): one per item, however many revisions. */
export const WHOLE = '';
const HOUR_MS = 3_600_000;
const OVERDUE_LISTED = 100;
/** How far the roll-ups' watermark trails the clock (see the top of this file). */
export const FOLD_LAG_MS = 10 * 60_000;

/**
 * The sync hook keeping escalation_work: +1 item on an annotator's first revision of an item;
 * labels follow their current revision. Two statements per batch: the annotator's previous own
 * revision of each item revised (a reviewer's correction is not theirs and was never counted),
 * and one upsert of the summed deltas.
 */
export const escalationWorkBatch: BatchHook = async (tx, batch) => {
  const newIds = batch.submissions.map((s) => s.revisionId);
  const revised = [...new Set(batch.submissions.filter((s) => s.revision > 1).map((s) => s.itemId))];
  const before =
    revised.length === 0
      ? []
      : await tx
          .selectDistinctOn([...CURRENT.distinctOn], { itemId: annotations.itemId, payload: annotations.payload })
          .from(annotations)
          .where(and(eq(annotations.userId, batch.userId), inArray(annotations.itemId, revised), ownScope('own'), notInArray(annotations.id, newIds)))
          .orderBy(...CURRENT.orderBy);
  const previous = new Map(before.map((r) => [r.itemId, payloadLabels(r.payload)]));
  const sums = new Map<string, { projectId: string; label: string; items: number }>();
  for (const s of batch.submissions) {
    const labels = payloadLabels(s.mutation.payload);
    const deltas = labelDeltas(previous.get(s.itemId) ?? null, labels);
    if (!previous.has(s.itemId) && s.revision === 1) deltas.set(WHOLE, 1);
    previous.set(s.itemId, labels);
    for (const [label, d] of deltas) {
      const key = `${s.projectId}\u0000${label}`;
      const sum = sums.get(key) ?? { projectId: s.projectId, label, items: 0 };
      sum.items += d;
      sums.set(key, sum);
    }
  }
  if (sums.size === 0) return;
  await tx
    .insert(escalationWork)
    .values([...sums.values()].map((v) => ({ ...v, userId: batch.userId })))
    .onConflictDoUpdate({
      target: [escalationWork.projectId, escalationWork.userId, escalationWork.label],
      set: { items: sql`${escalationWork.items} + excluded.items` },
    });
};

/** The labels an escalation concerns: those it names as ambiguous and those of its tentative answer, each once. */
const LABELS_OF = sql`(
  select jsonb_array_elements_text(e.labels) as label
  union select s->>'label' from jsonb_array_elements(coalesce(e.tentative->'shapes', '[]'::jsonb)) s
  union select s->>'label' from jsonb_array_elements(coalesce(e.tentative->'spans', '[]'::jsonb)) s
  union select jsonb_array_elements_text(coalesce(e.tentative->'classes', '[]'::jsonb))
)`;

/** Escalation counts per (annotator, label) — label '' for all of theirs — of those received in [from, to). */
const countsSql = (projectId: string, from: Date, to: Date | null) => {
  const upper = to ? sql`and e.received_at < ${to.toISOString()}::timestamptz` : sql``;
  return sql`
    select e.user_id as "userId", '' as label, count(*)::int as n from ${escalations} e
      where e.project_id = ${projectId} and e.received_at >= ${from.toISOString()}::timestamptz ${upper} group by e.user_id
    union all
    select e.user_id, l.label, count(*)::int from ${escalations} e cross join lateral ${LABELS_OF} l
      where e.project_id = ${projectId} and e.received_at >= ${from.toISOString()}::timestamptz ${upper} group by e.user_id, l.label`;
};

/** Resolved escalations decided in [from, to): how many took each whole number of minutes. */
const minutesSql = (projectId: string, from: Date, to: Date | null) => {
  const upper = to ? sql`and decided_at < ${to.toISOString()}::timestamptz` : sql``;
  return sql`
    select floor(extract(epoch from decided_at - received_at) / 60)::int as minutes, count(*)::int as n from ${escalations}
      where project_id = ${projectId} and status = 'resolved' and decided_at >= ${from.toISOString()}::timestamptz ${upper} group by 1`;
};

async function countsBetween(db: DbOrTx, projectId: string, from: Date, to: Date | null) {
  return rowsOf<{ userId: string; label: string; n: number }>(await db.execute(countsSql(projectId, from, to))).map((r) => ({ ...r, n: Number(r.n) }));
}

async function minutesBetween(db: DbOrTx, projectId: string, from: Date, to: Date | null) {
  return rowsOf<{ minutes: number; n: number }>(await db.execute(minutesSql(projectId, from, to))).map((r) => ({ minutes: Number(r.minutes), n: Number(r.n) }));
}

/** Brings the roll-ups up to `cut`; returns the watermarks they now stand at. */
async function fold(db: Db, projectId: string, cut: Date): Promise<{ receivedUntil: Date; decidedUntil: Date }> {
  const epoch = new Date(0);
  await db.insert(escalationFold).values({ projectId, receivedUntil: epoch, decidedUntil: epoch }).onConflictDoNothing();
  return db.transaction(async (tx) => {
    const [state] = await tx.select().from(escalationFold).where(eq(escalationFold.projectId, projectId)).limit(1);
    if (!state) throw new Error(`escalation_fold row for ${projectId} vanished`);
    if (state.receivedUntil >= cut && state.decidedUntil >= cut) return state;
    // Claim the fold: the conditional update waits for a concurrent folder and then finds the watermarks moved.
    const [claimed] = await tx
      .update(escalationFold)
      .set({ receivedUntil: cut, decidedUntil: cut })
      .where(
        and(
          eq(escalationFold.projectId, projectId),
          eq(escalationFold.receivedUntil, state.receivedUntil),
          eq(escalationFold.decidedUntil, state.decidedUntil),
        ),
      )
      .returning();
    if (!claimed) {
      const [now] = await tx.select().from(escalationFold).where(eq(escalationFold.projectId, projectId)).limit(1);
      return now ?? state;
    }
    // One INSERT … SELECT each: the first read of a project with a long history folds it all at once.
    if (cut > state.receivedUntil) {
      await tx.execute(sql`insert into ${escalationCounts} (project_id, user_id, label, n)
        select ${projectId}::uuid, c."userId", c.label, c.n from (${countsSql(projectId, state.receivedUntil, cut)}) c
        on conflict (project_id, user_id, label) do update set n = ${escalationCounts}.n + excluded.n`);
    }
    if (cut > state.decidedUntil) {
      await tx.execute(sql`insert into ${escalationResolutionMinutes} (project_id, minutes, n)
        select ${projectId}::uuid, m.minutes, m.n from (${minutesSql(projectId, state.decidedUntil, cut)}) m
        on conflict (project_id, minutes) do update set n = ${escalationResolutionMinutes}.n + excluded.n`);
    }
    return claimed;
  });
}

/** Roll-ups plus the live tail after the watermarks: escalation counts and resolution minutes, exact. */
async function numerators(db: Db, projectId: string, now: Date) {
  const cut = new Date(now.getTime() - FOLD_LAG_MS);
  const marks = await fold(db, projectId, cut);
  const counts = new Map<string, number>();
  const add = (userId: string, label: string, n: number) => counts.set(`${userId}\u0000${label}`, (counts.get(`${userId}\u0000${label}`) ?? 0) + n);
  for (const c of await db.select().from(escalationCounts).where(eq(escalationCounts.projectId, projectId))) add(c.userId, c.label, c.n);
  for (const c of await countsBetween(db, projectId, marks.receivedUntil, null)) add(c.userId, c.label, c.n);
  const minutes = new Map<number, number>();
  const stored = await db
    .select({ minutes: escalationResolutionMinutes.minutes, n: escalationResolutionMinutes.n })
    .from(escalationResolutionMinutes)
    .where(eq(escalationResolutionMinutes.projectId, projectId));
  for (const m of [...stored, ...(await minutesBetween(db, projectId, marks.decidedUntil, null))]) minutes.set(m.minutes, (minutes.get(m.minutes) ?? 0) + m.n);
  const perUser = new Map<string, number>();
  const perLabel = new Map<string, number>();
  for (const [key, n] of counts) {
    const [userId, label] = key.split('\u0000') as [string, string];
    if (label === WHOLE) perUser.set(userId, (perUser.get(userId) ?? 0) + n);
    else perLabel.set(label, (perLabel.get(label) ?? 0) + n);
  }
  return { perUser, perLabel, minutes: [...minutes].map(([value, count]) => ({ value, count })) };
}

export async function escalationFigures(ctx: AppContext, project: Project): Promise<EscalationFigures> {
  const db = ctx.db;
  const now = ctx.now();
  const nowIso = now.toISOString();

  const work = await db
    .select({ userId: escalationWork.userId, label: escalationWork.label, items: escalationWork.items })
    .from(escalationWork)
    .where(eq(escalationWork.projectId, project.id));
  const { perUser, perLabel, minutes } = await numerators(db, project.id, now);

  // Annotators: the project's, plus anyone who has figures here though no longer a member.
  const members = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.projectId, project.id), eq(memberships.role, 'annotator')));
  const userIds = [...new Set([...members.map((m) => m.id), ...perUser.keys(), ...work.map((w) => w.userId)])];
  const names = new Map(
    userIds.length ? (await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds))).map((u) => [u.id, u.name]) : [],
  );

  const submittedByUser = new Map<string, number>();
  const submittedByLabel = new Map<string, number>();
  for (const w of work) {
    if (w.label === WHOLE) submittedByUser.set(w.userId, w.items);
    else submittedByLabel.set(w.label, (submittedByLabel.get(w.label) ?? 0) + w.items);
  }
  const userRows: RateCounts[] = userIds.map((id) => ({ key: id, escalations: perUser.get(id) ?? 0, submitted: Math.max(0, submittedByUser.get(id) ?? 0) }));
  const labelNames = new Map(project.labelSchema.labels.map((l) => [l.id, l.name]));
  const labelIds = [...new Set([...labelNames.keys(), ...perLabel.keys(), ...submittedByLabel.keys()])];
  const labelRows: RateCounts[] = labelIds.map((id) => ({
    key: id,
    escalations: perLabel.get(id) ?? 0,
    submitted: Math.max(0, submittedByLabel.get(id) ?? 0),
  }));

  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const byAnnotator = rateFigures(userRows)
    .map((f) => ({ ...f, name: names.get(f.key) ?? 'Unknown user' }))
    .sort(byName);
  const byLabel = rateFigures(labelRows)
    .map((f) => ({ ...f, name: labelNames.get(f.key) ?? `${f.key} (not in the label schema)` }))
    .sort(byName);

  // Time to resolution: type-7 quantiles of the whole minutes each ruling took, in hours.
  const toHours = (m: number | null) => (m === null ? null : m / 60);
  const resolution = {
    n: minutes.reduce((t, m) => t + m.count, 0),
    medianHours: toHours(quantileOfCounts(minutes, 0.5)),
    p90Hours: toHours(quantileOfCounts(minutes, 0.9)),
  };

  // The open backlog by age bucket, counted in SQL with one FILTER per bucket (bounds from the domain).
  const at = (h: number) => sql`${nowIso}::timestamptz - make_interval(secs => ${h * 3600})`;
  let lowerHours = 0;
  const bucketCols = AGE_BUCKETS.map((b, i) => {
    const conds = [];
    if (i > 0) conds.push(sql`${escalations.receivedAt} <= ${at(lowerHours)}`);
    if (b.upToHours !== null) conds.push(sql`${escalations.receivedAt} > ${at(b.upToHours)}`);
    lowerHours = b.upToHours ?? lowerHours;
    return conds.length ? sql<number>`count(*) filter (where ${sql.join(conds, sql` and `)})::int` : sql<number>`count(*)::int`;
  });
  const overdueCut = at(project.escalationAlertHours);
  const [open] = await db
    .select({
      total: sql<number>`count(*)::int`,
      overdue: sql<number>`count(*) filter (where ${escalations.receivedAt} < ${overdueCut})::int`,
      ...Object.fromEntries(bucketCols.map((c, i) => [`b${i}`, c])),
    })
    .from(escalations)
    .where(and(eq(escalations.projectId, project.id), eq(escalations.status, 'open')));
  const openRow = (open ?? {}) as Record<string, unknown>;

  const overdueRows = await db
    .select({
      id: escalations.id,
      itemId: escalations.itemId,
      userId: escalations.userId,
      name: users.displayName,
      reason: escalations.reason,
      receivedAt: escalations.receivedAt,
    })
    .from(escalations)
    .innerJoin(users, eq(users.id, escalations.userId))
    .where(and(eq(escalations.projectId, project.id), eq(escalations.status, 'open'), sql`${escalations.receivedAt} < ${overdueCut}`))
    .orderBy(asc(escalations.receivedAt))
    .limit(OVERDUE_LISTED);

  return {
    alertHours: project.escalationAlertHours,
    minWorked: DEFAULT_MIN_WORKED,
    team: teamRate(userRows),
    byAnnotator,
    byLabel,
    resolution,
    openTotal: Number(openRow['total'] ?? 0),
    openByAge: AGE_BUCKETS.map((b, i) => ({ label: b.label, count: Number(openRow[`b${i}`] ?? 0) })),
    overdue: {
      count: Number(openRow['overdue'] ?? 0),
      escalations: overdueRows.map((r) => ({
        escalationId: r.id,
        itemId: r.itemId,
        annotatorId: r.userId,
        annotatorName: r.name,
        reason: r.reason,
        receivedAt: r.receivedAt.toISOString(),
        ageHours: (now.getTime() - r.receivedAt.getTime()) / HOUR_MS,
      })),
    },
  };
}
