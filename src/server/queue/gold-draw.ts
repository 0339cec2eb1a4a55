// Which gold items a queue fetch may serve. Against collusion (annotators comparing what they were
// served) a gold item goes to at most goldExposureCap annotators, and the least-served come first —
// in bands of EXPOSURE_BAND, shuffled per annotator inside a band — so exposure spreads over the
// pool and new gold rotates in.
//
// Ordering the whole gold set on every fetch costs a sort of every gold item (0.47 s at 100k gold on
// PostgreSQL). So the order is taken inside a window instead: up to GOLD_WINDOW active gold items on
// each side of a random id, read from the (project, item) index. A gold set no larger than the window
// is read whole, so the order is exact there; a larger one is drawn from a fresh random window on each
// fetch, least-served first inside it, which spreads exposure the same way on average. The exposure
// cap stays exact either way (it is a filter, not an order), and when a window has too few unseen
// items the whole set is asked, so an annotator is never short of gold that exists.
import { randomBytes } from 'node:crypto';
import { and, eq, lt, notExists, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';
import { assignments, goldAnswers, items, type projects } from '../db/schema.ts';

type Project = typeof projects.$inferSelect;

/** Gold items whose served counts differ by less than this are drawn in a per-annotator random order. */
const EXPOSURE_BAND = 5;
/** Gold items read on each side of the random starting id. */
const GOLD_WINDOW = 64;

/** Up to `need` active gold items this annotator has not been served, least-served first. */
export async function drawGold(tx: Tx, project: Project, userId: string, need: number): Promise<string[]> {
  if (need <= 0) return [];
  // The window's place is not drawn from the context's random stream: for a set the window holds whole,
  // nothing it serves depends on it, so queues drawn under a seeded stream stay what they were.
  const start = `${randomBytes(4).toString('hex')}-0000-4000-8000-000000000000`;
  const cap = project.goldExposureCap === null ? sql`` : sql`AND i.served_count < ${project.goldExposureCap}`;
  const res = await tx.execute(sql`
    WITH win AS (
      (SELECT item_id, 0 AS side FROM ${goldAnswers} WHERE project_id = ${project.id} AND active AND item_id >= ${start}::uuid ORDER BY item_id LIMIT ${GOLD_WINDOW})
      UNION ALL
      (SELECT item_id, 1 AS side FROM ${goldAnswers} WHERE project_id = ${project.id} AND active AND item_id < ${start}::uuid ORDER BY item_id DESC LIMIT ${GOLD_WINDOW}))
    SELECT w.partial, g.id FROM
      (SELECT count(*) FILTER (WHERE side = 0) >= ${GOLD_WINDOW} OR count(*) FILTER (WHERE side = 1) >= ${GOLD_WINDOW} AS partial FROM win) w
      LEFT JOIN LATERAL (
        SELECT i.id, row_number() OVER (ORDER BY i.served_count / ${EXPOSURE_BAND}, md5(i.id::text || ${userId})) AS n
        FROM win JOIN ${items} i ON i.id = win.item_id
        WHERE i.quiz = false ${cap}
          AND NOT EXISTS (SELECT 1 FROM ${assignments} a WHERE a.item_id = i.id AND a.user_id = ${userId})
        ORDER BY n
        LIMIT ${need}) g ON true
    ORDER BY g.n`);
  // One row at least, saying whether the window may have left part of the set unread.
  const rows = rowsOf<{ partial: boolean; id: string | null }>(res);
  const ids = rows.flatMap((r) => (r.id ? [r.id] : []));
  if (ids.length < need && rows[0]?.partial) return drawFromWholeSet(tx, project, userId, need);
  return ids;
}

/** The exact order over the whole gold set: only when a window ran short. */
async function drawFromWholeSet(tx: Tx, project: Project, userId: string, need: number): Promise<string[]> {
  const mine = tx
    .select({ one: sql`1` })
    .from(assignments)
    .where(and(eq(assignments.itemId, items.id), eq(assignments.userId, userId)));
  const rows = await tx
    .select({ id: items.id })
    .from(items)
    .innerJoin(goldAnswers, and(eq(goldAnswers.itemId, items.id), eq(goldAnswers.active, true)))
    .where(
      and(
        eq(items.projectId, project.id),
        eq(items.quiz, false),
        notExists(mine),
        project.goldExposureCap === null ? undefined : lt(items.servedCount, project.goldExposureCap),
      ),
    )
    .orderBy(sql`${items.servedCount} / ${EXPOSURE_BAND}`, sql`md5(${items.id}::text || ${userId})`)
    .limit(need);
  return rows.map((r) => r.id);
}
