// The lead's reads of escalations: the list with allow-listed filters (status, reason,
// annotator, label, age) and one escalation with its item. Every entry carries what a ruling
// needs — the annotator's name, the guideline version and the section they pointed at, the age —
// so the screen needs no second round trip per row. Filters are values bound into fixed SQL;
// nothing from the query string becomes SQL text.
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { versionLabel, type EscalationDetail, type EscalationQuery, type LeadEscalation, type LeadEscalationList } from '../../domain/api/index.ts';
import type { DbOrTx } from '../db/client.ts';
import { escalations, guidelineVersions, items, users, type projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { toWire } from './escalations.ts';
import { itemView } from '../queue/item-view.ts';

type Project = typeof projects.$inferSelect;
const HOUR = 3_600_000;
const decider = alias(users, 'decider');

/** Escalations matching `where`, enriched for the lead. */
export async function loadLeadEscalations(
  db: DbOrTx,
  where: SQL | undefined,
  now: Date,
  opts: { sort?: 'oldest' | 'newest'; limit?: number } = {},
): Promise<LeadEscalation[]> {
  const order = opts.sort === 'newest' ? [desc(escalations.createdAt), desc(escalations.id)] : [asc(escalations.createdAt), asc(escalations.id)];
  const rows = await db
    .select({ e: escalations, annotator: users.displayName, decider: decider.displayName })
    .from(escalations)
    .innerJoin(users, eq(users.id, escalations.userId))
    .leftJoin(decider, eq(decider.id, escalations.decidedBy))
    .where(where)
    .orderBy(...order)
    .limit(opts.limit ?? 500);
  // Sections are read once per guideline version, not once per row.
  const versionIds = [...new Set(rows.map((r) => r.e.guidelineVersionId))];
  const versions = versionIds.length
    ? await db
        .select({ id: guidelineVersions.id, major: guidelineVersions.major, minor: guidelineVersions.minor, sections: guidelineVersions.sections })
        .from(guidelineVersions)
        .where(inArray(guidelineVersions.id, versionIds))
    : [];
  const byId = new Map(versions.map((v) => [v.id, v]));
  return rows.map(({ e, annotator, decider: deciderName }) => {
    const v = byId.get(e.guidelineVersionId);
    const section = e.guidelineRef ? v?.sections.find((s) => s.id === e.guidelineRef) : undefined;
    return {
      ...toWire(e),
      annotator: { id: e.userId, name: annotator },
      guidelineVersion: v ? versionLabel(v.major, v.minor) : '',
      guidelineSection: section ? { id: section.id, title: section.title, body: section.body } : null,
      ageHours: Math.max(0, Math.floor((now.getTime() - e.createdAt.getTime()) / HOUR)),
      decidedBy: e.decidedBy ? { id: e.decidedBy, name: deciderName ?? '' } : null,
    };
  });
}

/** The label filter: named as a label in doubt, or used in the tentative classes, shapes or spans. */
function mentionsLabel(label: string): SQL {
  const asList = JSON.stringify([label]);
  const asObjects = JSON.stringify([{ label }]);
  return or(
    sql`${escalations.labels} @> ${asList}::jsonb`,
    sql`coalesce(${escalations.tentative} -> 'classes', '[]'::jsonb) @> ${asList}::jsonb`,
    sql`coalesce(${escalations.tentative} -> 'shapes', '[]'::jsonb) @> ${asObjects}::jsonb`,
    sql`coalesce(${escalations.tentative} -> 'spans', '[]'::jsonb) @> ${asObjects}::jsonb`,
  ) as SQL;
}

export async function listForLead(db: DbOrTx, project: Project, q: EscalationQuery, now: Date): Promise<LeadEscalationList> {
  const where: SQL[] = [eq(escalations.projectId, project.id), eq(escalations.status, q.status)];
  if (q.reason) where.push(eq(escalations.reason, q.reason));
  if (q.annotatorId) where.push(eq(escalations.userId, q.annotatorId));
  if (q.label) where.push(mentionsLabel(q.label));
  if (q.olderThanHours) where.push(lt(escalations.createdAt, new Date(now.getTime() - q.olderThanHours * HOUR)));
  const list = await loadLeadEscalations(db, and(...where), now, { sort: q.sort });
  const annotators = await db
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(escalations)
    .innerJoin(users, eq(users.id, escalations.userId))
    .where(eq(escalations.projectId, project.id))
    .orderBy(users.displayName, users.id);
  const open = await db.$count(escalations, and(eq(escalations.projectId, project.id), eq(escalations.status, 'open')));
  return { escalations: list, annotators, open };
}

/** One escalation with its item as annotators see it (same shape for gold and live items). */
export async function escalationDetail(db: DbOrTx, project: Project, escalationId: string, now: Date): Promise<EscalationDetail> {
  const [e] = await loadLeadEscalations(db, and(eq(escalations.id, escalationId), eq(escalations.projectId, project.id)), now, { limit: 1 });
  if (!e) throw new HttpError('not_found', 'That escalation was not found in this project.');
  const [item] = await db
    .select()
    .from(items)
    .where(and(eq(items.id, e.itemId), eq(items.projectId, project.id)))
    .limit(1);
  if (!item) throw new HttpError('not_found', 'The escalated item is no longer in this project.');
  return { ...e, item: itemView(project, item) };
}
