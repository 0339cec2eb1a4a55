// What a schema change list would touch, before anything is written: per change, how many current
// labels (shapes, spans, document classes of each annotator's latest revision), items, annotators
// and active gold answers use a class it concerns, and over all of them how many revisions would
// go back. Counted by the database (one pass over the current revisions), so a large project's
// preview costs the server no CPU; gold answers are few and are read here.
import { and, eq, sql } from 'drizzle-orm';
import type { LabelSchema, SchemaChange, SchemaImpact } from '../../domain/api/index.ts';
import { applySchemaChanges, describeChanges, sentBackClasses } from '../../domain/taxonomy/apply.ts';
import { formerIds, mapForward } from '../../domain/taxonomy/mapping.ts';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { goldAnswers } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { currentAnswersSql } from '../answers/current-answers.ts';

/** The classes a change concerns, by their current ids. */
function touched(c: SchemaChange): string[] {
  if (c.op === 'add_class') return [];
  if (c.op === 'merge_classes') return c.from;
  return [c.id];
}

const sendsBack = (c: SchemaChange) => sentBackClasses([c]).length > 0;
const TOTAL = -1;
const SENT_BACK = -2;

export async function schemaImpact(db: DbOrTx, projectId: string, schema: LabelSchema, changes: readonly SchemaChange[]): Promise<SchemaImpact> {
  const { problems } = applySchemaChanges(schema, changes, 'next');
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new HttpError('validation_failed', `${problems[0]?.message}${more}`, { problems });
  }
  // Stored revisions may use ids merged away since: each change counts those too.
  const map = changes.flatMap((c, i) => formerIds(schema, touched(c)).map((label) => ({ label, change: i })));
  const all = [...new Set(map.map((m) => m.label))];
  const back = formerIds(schema, sentBackClasses(changes));
  const groups = [...map, ...all.map((label) => ({ label, change: TOTAL })), ...back.map((label) => ({ label, change: SENT_BACK }))];
  const counts = new Map<number, { labels: number; items: number; annotators: number; revisions: number }>();
  if (groups.length > 0) {
    const res = await db.execute(sql`
      WITH cur AS (${currentAnswersSql(projectId)}), l AS (
        SELECT item_id, user_id, e->>'label' AS label FROM cur, jsonb_array_elements(cur.payload->'shapes') e
        UNION ALL SELECT item_id, user_id, e->>'label' FROM cur, jsonb_array_elements(cur.payload->'spans') e
        UNION ALL SELECT item_id, user_id, c FROM cur, jsonb_array_elements_text(cur.payload->'classes') c
      ), m AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(groups)}::jsonb) AS m(label text, change int))
      SELECT m.change, count(*)::int AS labels, count(DISTINCT l.item_id)::int AS items, count(DISTINCT l.user_id)::int AS annotators,
             count(DISTINCT (l.item_id, l.user_id))::int AS revisions
      FROM l JOIN m ON m.label = l.label GROUP BY m.change`);
    for (const r of rowsOf<{ change: number; labels: number; items: number; annotators: number; revisions: number }>(res)) counts.set(Number(r.change), r);
  }
  const gold = await db
    .select({ answer: goldAnswers.answer })
    .from(goldAnswers)
    .where(and(eq(goldAnswers.projectId, projectId), eq(goldAnswers.active, true)));
  const goldUsing = (ids: readonly string[]) => {
    const want = new Set(ids);
    return gold.filter((g) => {
      const a = mapForward(g.answer, schema);
      return [...a.shapes, ...a.spans].some((s) => want.has(s.label)) || a.classes.some((c) => want.has(c));
    }).length;
  };
  const zero = { labels: 0, items: 0, annotators: 0, revisions: 0 };
  const summaries = describeChanges(schema, changes);
  return {
    changes: changes.map((c, i) => {
      const n = counts.get(i) ?? zero;
      return {
        change: i,
        summary: summaries[i] ?? '',
        sendsBack: sendsBack(c),
        labels: n.labels,
        items: n.items,
        annotators: n.annotators,
        goldAnswers: goldUsing(touched(c)),
      };
    }),
    total: {
      labels: (counts.get(TOTAL) ?? zero).labels,
      items: (counts.get(TOTAL) ?? zero).items,
      annotators: (counts.get(TOTAL) ?? zero).annotators,
      goldAnswers: goldUsing(changes.flatMap(touched)),
      sentBack: (counts.get(SENT_BACK) ?? zero).revisions,
    },
  };
}
