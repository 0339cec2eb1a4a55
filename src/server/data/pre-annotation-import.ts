// Labels imported as pre-annotations, through the same pure parsers as the gold import
// (src/domain/import/coco.ts, jsonl.ts): categories mapped to the project's labels (what did not
// map is reported), every answer validated like a submission (boxes outside the image, bad
// polygons, spans out of range). One transaction; all_or_nothing refuses the file on any problem.
import { eq, sql } from 'drizzle-orm';
import type { CocoImportRequest, GoldImportEntry, JsonlImportRequest, PreAnnotationImportReport } from '../../domain/api/index.ts';
import { parseCocoGold } from '../../domain/import/coco.ts';
import { isValidEntry, type ParsedGoldFile } from '../../domain/import/common.ts';
import { parseJsonlGold } from '../../domain/import/jsonl.ts';
import type { AppContext } from '../context.ts';
import { items, preAnnotations, type projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';

type Project = typeof projects.$inferSelect;

export async function importPreCoco(ctx: AppContext, project: Project, userId: string, req: CocoImportRequest): Promise<PreAnnotationImportReport> {
  if (project.kind !== 'image') throw new HttpError('bad_request', 'COCO labels are for image projects; this is a text project (use JSONL).');
  const rows = await ctx.db
    .select({ id: items.id, meta: items.meta, width: items.width, height: items.height })
    .from(items)
    .where(eq(items.projectId, project.id));
  const refs = rows.map((r) => ({
    itemId: r.id,
    names: [r.meta.source, r.meta.fileName].filter((n): n is string => typeof n === 'string'),
    width: r.width ?? 0,
    height: r.height ?? 0,
  }));
  const parsed = parseCocoGold(req.coco, project.labelSchema, refs, { categoryMap: req.categoryMap ?? {} });
  if (!parsed.ok) throw new HttpError('bad_request', parsed.message);
  return commit(ctx, project, userId, 'coco', req.mode, parsed);
}

export async function importPreJsonl(ctx: AppContext, project: Project, userId: string, req: JsonlImportRequest): Promise<PreAnnotationImportReport> {
  if (project.kind !== 'text') throw new HttpError('bad_request', 'JSONL labels are for text projects; this is an image project (use COCO).');
  const rows = await ctx.db.select({ id: items.id, text: items.text }).from(items).where(eq(items.projectId, project.id));
  const parsed = parseJsonlGold(
    req.jsonl,
    project.labelSchema,
    rows.map((r) => ({ itemId: r.id, text: r.text ?? '' })),
    { labelMap: req.labelMap ?? {} },
  );
  if (parsed.entries.length === 0) throw new HttpError('bad_request', 'The file has no lines with labels.');
  return commit(ctx, project, userId, 'jsonl', req.mode, parsed);
}

async function commit(
  ctx: AppContext,
  project: Project,
  userId: string,
  format: 'coco' | 'jsonl',
  mode: PreAnnotationImportReport['mode'],
  parsed: ParsedGoldFile,
): Promise<PreAnnotationImportReport> {
  const entries: GoldImportEntry[] = parsed.entries.map((e) => ({
    entry: e.entry,
    ref: e.ref,
    itemId: e.itemId,
    status: isValidEntry(e) ? 'not_written' : 'invalid',
    labels: e.answer ? e.answer.shapes.length + e.answer.spans.length + e.answer.classes.length : 0,
    problems: e.problems,
    warnings: e.warnings,
  }));
  const invalid = entries.filter((e) => e.status === 'invalid').length;
  const report: PreAnnotationImportReport = {
    format,
    mode,
    committed: false,
    imported: 0,
    replaced: 0,
    invalid,
    problems: parsed.problems,
    unmapped: parsed.unmapped,
    entries,
  };
  if (mode === 'all_or_nothing' && (invalid > 0 || parsed.problems.length > 0)) {
    const n = invalid + parsed.problems.length;
    throw new HttpError(
      'validation_failed',
      `Nothing was imported: ${n} problem${n > 1 ? 's' : ''} in the file (see the report). Fix them, or import only the valid entries.`,
      report,
    );
  }
  await ctx.db.transaction(async (tx) => {
    for (const [k, e] of parsed.entries.entries()) {
      if (!isValidEntry(e)) continue;
      const [row] = await tx
        .insert(preAnnotations)
        .values({ itemId: e.itemId, projectId: project.id, payload: e.answer, source: `import:${format}`, createdBy: userId, createdAt: ctx.now() })
        .onConflictDoUpdate({ target: preAnnotations.itemId, set: { payload: e.answer, source: `import:${format}`, createdBy: userId, createdAt: ctx.now() } })
        // xmax = 0 only for a freshly inserted row: tells an insert from a replacement.
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      const replaced = row?.inserted === false;
      const out = entries[k];
      if (out) out.status = replaced ? 'replaced' : 'imported';
      if (replaced) report.replaced++;
      else report.imported++;
    }
  });
  report.committed = true;
  return report;
}
