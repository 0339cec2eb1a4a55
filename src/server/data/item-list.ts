// The lead's data manager: every item of a project with where it stands (ItemStatus), its labels,
// annotators and guideline versions; filtered and paged in SQL so a project of 100,000 items answers
// one page without reading the rest. The status is worked out per item by index probes (open
// escalations by item, open re-annotation by item, open reviews by item, adjudications by item,
// revisions by item), the page is walked in item order on items_project_seq_idx, and for the three
// rare statuses the matching items are found first from their own tables.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { versionLabel, type ItemDetail, type ItemListQuery, type ItemRow, type ItemStatus } from '../../domain/api/index.ts';
import { labelsOf } from '../../domain/guidelines/reannotation.ts';
import type { DbOrTx } from '../db/client.ts';
import type { projects } from '../db/schema.ts';
import { annotations, guidelineVersions, items, memberships, users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { itemFileName } from './export-records.ts';
import { itemView } from '../queue/item-view.ts';
import { CURRENT, isCurrentRevision } from '../answers/current-answers.ts';

type Project = typeof projects.$inferSelect;
type Item = typeof items.$inferSelect;

const escalated = sql`exists (select 1 from escalations e where e.item_id = ${items.id} and e.status = 'open')`;
// A returned escalation is answered by the annotator's next revision of the item.
const sentBack = sql`(exists (select 1 from reannotation_tasks r where r.item_id = ${items.id} and r.status = 'open')
  or exists (select 1 from escalations e where e.item_id = ${items.id} and e.status = 'returned'
    and not exists (select 1 from annotations a where a.item_id = e.item_id and a.user_id = e.user_id and a.received_at > e.decided_at)))`;
const inReview = sql`exists (select 1 from review_tasks t where t.item_id = ${items.id} and t.status = 'open')`;
const adjudicated = sql`exists (select 1 from adjudications d where d.item_id = ${items.id})`;
const labelled = sql`exists (select 1 from annotations a where a.item_id = ${items.id})`;

/** The one-word status as SQL, in the order ItemStatus documents. */
const statusSql = sql<ItemStatus>`case when ${escalated} then 'escalated' when ${sentBack} then 'sent_back' when ${inReview} then 'in_review'
  when ${adjudicated} then 'adjudicated' when ${labelled} then 'labelled' else 'unlabelled' end`;

function filters(project: Project, q: ItemListQuery): SQL {
  const where: SQL[] = [eq(items.projectId, project.id)];
  if (q.status) {
    where.push(sql`${statusSql} = ${q.status}`);
    // Rare statuses: the few matching items come from their own tables' project indexes.
    if (q.status === 'escalated') where.push(sql`${items.id} in (select item_id from escalations where project_id = ${project.id} and status = 'open')`);
    if (q.status === 'in_review') where.push(sql`${items.id} in (select item_id from review_tasks where project_id = ${project.id} and status = 'open')`);
  }
  if (q.annotator) where.push(sql`exists (select 1 from annotations a where a.item_id = ${items.id} and a.user_id = ${q.annotator})`);
  if (q.label) {
    const shape = JSON.stringify([{ label: q.label }]);
    const cls = JSON.stringify([q.label]);
    // Current answers only: a revision with no newer one by the same annotator.
    where.push(sql`exists (select 1 from annotations a where a.item_id = ${items.id}
      and ${isCurrentRevision('a')}
      and (a.payload->'shapes' @> ${shape}::jsonb or a.payload->'spans' @> ${shape}::jsonb or a.payload->'classes' @> ${cls}::jsonb))`);
  }
  return and(...where) as SQL;
}

/** The rows for these items: their current answers' labels, annotators and versions. */
async function rowsFor(db: DbOrTx, list: readonly (Pick<Item, 'id' | 'seq' | 'meta' | 'text'> & { status: ItemStatus; gold: boolean })[]): Promise<ItemRow[]> {
  if (list.length === 0) return [];
  const current = await db
    .selectDistinctOn([...CURRENT.distinctOn], {
      itemId: annotations.itemId,
      userId: annotations.userId,
      name: users.displayName,
      payload: annotations.payload,
      major: guidelineVersions.major,
      minor: guidelineVersions.minor,
    })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.userId))
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, annotations.guidelineVersionId))
    .where(
      inArray(
        annotations.itemId,
        list.map((i) => i.id),
      ),
    )
    .orderBy(...CURRENT.orderBy);
  const byItem = new Map<string, typeof current>();
  for (const c of current) byItem.set(c.itemId, [...(byItem.get(c.itemId) ?? []), c]);
  return list.map((i) => {
    const answers = byItem.get(i.id) ?? [];
    return {
      id: i.id,
      seq: i.seq,
      name: itemFileName(i),
      status: i.status,
      gold: i.gold,
      labels: [...new Set(answers.flatMap((a) => labelsOf(a.payload)))].sort(),
      annotators: answers.map((a) => ({ id: a.userId, name: a.name })),
      guidelineVersions: [...new Set(answers.map((a) => versionLabel(a.major, a.minor)))].sort(),
    };
  });
}

const listColumns = {
  id: items.id,
  seq: items.seq,
  meta: items.meta,
  text: items.text,
  status: statusSql,
  gold: sql<boolean>`exists (select 1 from gold_answers g where g.item_id = ${items.id})`,
};

export async function listItems(db: DbOrTx, project: Project, q: ItemListQuery) {
  const where = filters(project, q);
  const page = await db
    .select(listColumns)
    .from(items)
    .where(where)
    .orderBy(items.seq)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const total = await db.$count(items, where);
  const annotators = await db
    .select({ id: users.id, name: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.projectId, project.id), eq(memberships.role, 'annotator')))
    .orderBy(users.displayName);
  return { items: await rowsFor(db, page), page: q.page, pageSize: q.pageSize, total, annotators };
}

export async function itemDetail(db: DbOrTx, project: Project, itemId: string): Promise<ItemDetail> {
  const [found] = await db
    .select({ ...listColumns, item: items })
    .from(items)
    .where(and(eq(items.id, itemId), eq(items.projectId, project.id)))
    .limit(1);
  if (!found) throw new HttpError('not_found', 'That item was not found in this project.');
  const [row] = await rowsFor(db, [found]);
  const revs = await db
    .select({ a: annotations, name: users.displayName, major: guidelineVersions.major, minor: guidelineVersions.minor })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.userId))
    .innerJoin(guidelineVersions, eq(guidelineVersions.id, annotations.guidelineVersionId))
    .where(eq(annotations.itemId, itemId))
    .orderBy(desc(annotations.receivedAt), desc(annotations.revision));
  const reviewerIds = [...new Set(revs.map((r) => r.a.reviewerId).filter((x): x is string => !!x))];
  const reviewers = new Map(
    reviewerIds.length
      ? (await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, reviewerIds))).map((u) => [u.id, u.name])
      : [],
  );
  return {
    row: row as ItemRow,
    content: itemView(project, found.item),
    revisions: revs.map(({ a, name, major, minor }) => ({
      id: a.id,
      annotator: { id: a.userId, name },
      revision: a.revision,
      guidelineVersion: versionLabel(major, minor),
      submittedAt: a.submittedAt.toISOString(),
      reviewer: a.reviewerId ? (reviewers.get(a.reviewerId) ?? '') : null,
      payload: a.payload,
    })),
  };
}

/** The current revision of every annotator on each of these items (of this project). */
export async function currentRevisionIds(db: DbOrTx, projectId: string, itemIds: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectDistinctOn([...CURRENT.distinctOn], { id: annotations.id })
    .from(annotations)
    .where(and(eq(annotations.projectId, projectId), inArray(annotations.itemId, [...itemIds])))
    .orderBy(...CURRENT.orderBy);
  return rows.map((r) => r.id);
}
