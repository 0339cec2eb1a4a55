// The domain's definition of an annotator's current answer (domain/answers/current-answer.ts) as
// SQL, for every reader on the server: DISTINCT ON (item, annotator) ordered by revision number,
// newest first. Queries spread the parts into Drizzle:
//
//   db.selectDistinctOn(CURRENT.distinctOn, cols).from(annotations)…where(and(w, ownScope('own')))
//     .orderBy(...CURRENT.orderBy)
//
// test/server/current-answers.test.ts holds each reader to the domain function on generated
// histories (corrections and skewed client clocks included).
import { desc, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { AnswerScope } from '../../domain/answers/current-answer.ts';
import { annotations } from '../db/schema.ts';

export const CURRENT = {
  distinctOn: [annotations.itemId, annotations.userId],
  orderBy: [annotations.itemId, annotations.userId, desc(annotations.revision)],
  /** History order (export "all"): the server's order of arrival, never the client's clock. */
  historyOrder: [annotations.itemId, annotations.userId, annotations.revision],
} as const;

/** The scope's condition on annotations: none for the label of record, no corrections for "own". */
export function ownScope(scope: AnswerScope): SQL | undefined {
  return scope === 'own' ? isNull(annotations.reviewerId) : undefined;
}

/**
 * "Revision `alias` is its annotator's current answer", for raw subqueries over an aliased
 * annotations table (the data manager's label filter): no newer revision by the same annotator.
 */
export function isCurrentRevision(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`not exists (select 1 from annotations newer where newer.item_id = ${a}.item_id and newer.user_id = ${a}.user_id and newer.revision > ${a}.revision)`;
}

/** The project's current answers (item_id, user_id, payload) as a raw query, for CTEs. */
export function currentAnswersSql(projectId: string): SQL {
  return sql`SELECT DISTINCT ON (a.item_id, a.user_id) a.item_id, a.user_id, a.payload
    FROM annotations a WHERE a.project_id = ${projectId}
    ORDER BY a.item_id, a.user_id, a.revision DESC`;
}

/** The id of the annotator's own current answer on an item (corrections left out), as a scalar subquery. */
export function ownCurrentRevisionId(itemId: SQL | typeof annotations.itemId | AnyColumn, userId: string): SQL<string | null> {
  return sql<
    string | null
  >`(select ${annotations.id} from ${annotations} where ${annotations.itemId} = ${itemId} and ${annotations.userId} = ${userId} and ${annotations.reviewerId} is null order by ${annotations.revision} desc limit 1)`;
}
