// The answers the agreement report reads (issue 10): every annotator's current revision of every
// non-gold item, narrowed in SQL. A class answer comes back as the short JSON text of its classes
// and the full payload travels only for answers with shapes or spans, so a 300,000-answer class
// project sorts narrower rows (no users join either); currentAnswers, which the other screens use,
// returns whole payloads with display names. (A per-row SQL aggregate of the classes measured
// slower than parsing the small JSON text here.)
// Gold items are left out: they are scored against their gold answer, not against each other (and
// so are items that used to be gold: their answers were given as gold answers).
import { sql } from 'drizzle-orm';
import type { AnnotationPayload } from '../../domain/api/index.ts';
import type { ReportAnswer } from '../../domain/metrics/agreement-report.ts';
import type { DbOrTx } from '../db/client.ts';

export async function agreementAnswers(db: DbOrTx, projectId: string): Promise<ReportAnswer[]> {
  const result = await db.execute(sql`
    SELECT DISTINCT ON (a.item_id, a.user_id)
      a.item_id AS "itemId", a.user_id AS "annotatorId", a.guideline_version_id AS "versionId",
      a.payload->>'classes' AS classes,
      CASE WHEN a.payload->'shapes' <> '[]'::jsonb OR a.payload->'spans' <> '[]'::jsonb THEN a.payload END AS payload
    FROM annotations a
    WHERE a.project_id = ${projectId}
      AND NOT EXISTS (SELECT 1 FROM gold_answers g WHERE g.item_id = a.item_id)
    ORDER BY a.item_id, a.user_id, a.revision DESC`);
  const rows = ((result as { rows?: unknown[] }).rows ?? (result as unknown as unknown[])) as Array<{ itemId: string; annotatorId: string; versionId: string; classes: string | null; payload: AnnotationPayload | null }>;
  return rows.map((r) => ({
    itemId: r.itemId,
    annotatorId: r.annotatorId,
    versionId: r.versionId,
    payload: r.payload ?? { shapes: [], spans: [], classes: r.classes ? (JSON.parse(r.classes) as string[]) : [] },
  }));
}
