import { desc, eq } from 'drizzle-orm';
import { versionLabel, type GuidelineVersion } from '../../domain/api/index.ts';
import type { DbOrTx } from '../db/client.ts';
import { guidelineVersions } from '../db/schema.ts';

type Row = typeof guidelineVersions.$inferSelect;

export function guidelineToWire(row: Row): GuidelineVersion {
  return {
    id: row.id,
    projectId: row.projectId,
    major: row.major,
    minor: row.minor,
    version: versionLabel(row.major, row.minor),
    kind: row.kind,
    affectedLabels: row.affectedLabels,
    changelog: row.changelog,
    sections: row.sections,
    publishedAt: row.publishedAt.toISOString(),
    ...(row.schemaChanges.length > 0 ? { schemaChanges: row.schemaChanges } : {}),
  };
}

export async function currentGuideline(db: DbOrTx, projectId: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(guidelineVersions)
    .where(eq(guidelineVersions.projectId, projectId))
    .orderBy(desc(guidelineVersions.major), desc(guidelineVersions.minor))
    .limit(1);
  // Every project is created with version 1.0, so a missing one is a broken invariant, not user error.
  if (!row) throw new Error(`project ${projectId} has no guideline version`);
  return row;
}
