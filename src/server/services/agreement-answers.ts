// The answers the agreement report reads (issue 10): every annotator's current revision of every
// non-gold item. Gold items are left out: they are scored against their gold answer, not against
// each other (and so are items that used to be gold: their answers were given as gold answers).
//
// Why one text row per item and not one row per answer: for 100,000 items × k = 3 the cost is in
// moving 300,000 rows out of the database more than in the query. Embedded PGlite hands each row
// to JavaScript through its wire-protocol parser: one row per answer (DISTINCT ON) read in 3.7–5.0 s,
// one packed row per item in 1.9–2.2 s. On PostgreSQL the two are within noise of each other
// (~1.1–1.4 s with the unpacking here; shape payloads ~0.5 s slower packed), so one query serves both.
// Each answer is packed as "user revision version␟classes␟payload" (payload only when there are
// shapes or spans); the latest revision per annotator is picked here, whatever the order the
// database aggregated them in. `npm run bench -- agreement-db` prints the figures. Separators:
// ␞ (0x1e) between answers, ␟ (0x1f) between fields; jsonb text never holds raw control
// characters, and uuids and numbers hold no spaces, so the split is exact.
import { sql } from 'drizzle-orm';
import type { AnnotationPayload } from '../../domain/api/index.ts';
import type { ReportAnswer } from '../../domain/metrics/agreement-report.ts';
import type { DbOrTx } from '../db/client.ts';

const ANSWER_SEP = '\u001e';
const FIELD_SEP = '\u001f';

export async function agreementAnswers(db: DbOrTx, projectId: string): Promise<ReportAnswer[]> {
  const result = await db.execute(sql`
    SELECT a.item_id AS "itemId",
      string_agg(
        a.user_id::text || ' ' || a.revision || ' ' || a.guideline_version_id::text
          || E'\\x1f' || coalesce(a.payload->>'classes', '[]')
          || E'\\x1f' || CASE WHEN a.payload->'shapes' <> '[]'::jsonb OR a.payload->'spans' <> '[]'::jsonb THEN a.payload::text ELSE '' END,
        E'\\x1e') AS answers
    FROM annotations a
    WHERE a.project_id = ${projectId}
      AND NOT EXISTS (SELECT 1 FROM gold_answers g WHERE g.item_id = a.item_id)
    GROUP BY a.item_id`);
  const rows = ((result as { rows?: unknown[] }).rows ?? (result as unknown as unknown[])) as Array<{ itemId: string; answers: string }>;
  const out: ReportAnswer[] = [];
  const revisions: number[] = [];
  for (const { itemId, answers } of rows) {
    const first = out.length;
    for (const answer of answers.split(ANSWER_SEP)) {
      const s1 = answer.indexOf(' ');
      const s2 = answer.indexOf(' ', s1 + 1);
      const f1 = answer.indexOf(FIELD_SEP, s2 + 1);
      const f2 = answer.indexOf(FIELD_SEP, f1 + 1);
      const annotatorId = answer.slice(0, s1);
      const revision = Number(answer.slice(s1 + 1, s2));
      // An item has a handful of answers: a scan finds the annotator's earlier revision, if any.
      let at = first;
      while (at < out.length && out[at]!.annotatorId !== annotatorId) at++;
      if (at < out.length && revisions[at]! > revision) continue;
      const payload = f2 + 1 < answer.length ? (JSON.parse(answer.slice(f2 + 1)) as AnnotationPayload) : { shapes: [], spans: [], classes: JSON.parse(answer.slice(f1 + 1, f2)) as string[] };
      out[at] = { itemId, annotatorId, versionId: answer.slice(s2 + 1, f1), payload };
      revisions[at] = revision;
    }
  }
  return out;
}
