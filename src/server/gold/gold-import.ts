// Importing gold answers from a file. The pure parsers (src/domain/import) map and validate every
// entry; this writes the result in ONE transaction:
//   all_or_nothing: any problem (an entry's or the file's) ──▶ 400 with the report, nothing written
//   valid_only:     the valid entries are written, the report lists the rest as "invalid"
// Every answer is tied to the project's current guideline version.
import { eq } from 'drizzle-orm';
import type { CocoImportRequest, GoldImportEntry, GoldImportReport, JsonlImportRequest, LabelSchema } from '../../domain/api/index.ts';
import { versionLabel } from '../../domain/api/index.ts';
import { parseCocoGold } from '../../domain/import/coco.ts';
import { isValidEntry, type ParsedGoldFile } from '../../domain/import/common.ts';
import { parseJsonlGold } from '../../domain/import/jsonl.ts';
import type { AppContext } from '../context.ts';
import { items, type projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { currentGuideline } from '../guidelines/guidelines.ts';
import { EXAMPLE_NOT_GOLD, guidelineExampleIds, writeGold } from './gold-answers.ts';

type Project = typeof projects.$inferSelect;

export async function importCoco(ctx: AppContext, project: Project, userId: string, req: CocoImportRequest): Promise<GoldImportReport> {
  if (project.kind !== 'image') throw new HttpError('bad_request', 'COCO gold answers are for image projects; this is a text project (use JSONL).');
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
  return commit(ctx, project, userId, { format: 'coco', mode: req.mode, justification: req.justification }, parsed);
}

export async function importJsonl(ctx: AppContext, project: Project, userId: string, req: JsonlImportRequest): Promise<GoldImportReport> {
  if (project.kind !== 'text') throw new HttpError('bad_request', 'JSONL gold answers are for text projects; this is an image project (use COCO).');
  const rows = await ctx.db.select({ id: items.id, text: items.text }).from(items).where(eq(items.projectId, project.id));
  const parsed = parseJsonlGold(
    req.jsonl,
    project.labelSchema as LabelSchema,
    rows.map((r) => ({ itemId: r.id, text: r.text ?? '' })),
    { labelMap: req.labelMap ?? {} },
  );
  if (parsed.entries.length === 0) throw new HttpError('bad_request', 'The file has no lines with a gold answer.');
  return commit(ctx, project, userId, { format: 'jsonl', mode: req.mode, justification: req.justification }, parsed);
}

async function commit(
  ctx: AppContext,
  project: Project,
  userId: string,
  opts: { format: 'coco' | 'jsonl'; mode: GoldImportReport['mode']; justification: string },
  parsed: ParsedGoldFile,
): Promise<GoldImportReport> {
  const version = await currentGuideline(ctx.db, project.id);
  const examples = await guidelineExampleIds(ctx.db, project.id);
  const isExample = (e: ParsedGoldFile['entries'][number]) => e.itemId !== null && examples.has(e.itemId);
  const entries: GoldImportEntry[] = parsed.entries.map((e) => ({
    entry: e.entry,
    ref: e.ref,
    itemId: e.itemId,
    status: isValidEntry(e) && !isExample(e) ? 'not_written' : 'invalid',
    labels: e.answer ? e.answer.shapes.length + e.answer.spans.length + e.answer.classes.length : 0,
    problems: isExample(e) ? [...e.problems, { path: 'itemId', message: EXAMPLE_NOT_GOLD }] : e.problems,
    warnings: e.warnings,
  }));
  const invalid = entries.filter((e) => e.status === 'invalid').length;
  const report: GoldImportReport = {
    format: opts.format,
    mode: opts.mode,
    committed: false,
    imported: 0,
    replaced: 0,
    invalid,
    guidelineVersionId: version.id,
    guidelineVersion: versionLabel(version.major, version.minor),
    problems: parsed.problems,
    unmapped: parsed.unmapped,
    entries,
  };
  if (opts.mode === 'all_or_nothing' && (invalid > 0 || parsed.problems.length > 0)) {
    const n = invalid + parsed.problems.length;
    throw new HttpError(
      'validation_failed',
      `Nothing was imported: ${n} problem${n > 1 ? 's' : ''} in the file (see the report). Fix them, or import only the valid entries.`,
      report,
    );
  }
  await ctx.db.transaction(async (tx) => {
    for (const [k, e] of parsed.entries.entries()) {
      if (!isValidEntry(e) || isExample(e)) continue;
      const r = await writeGold(
        ctx,
        tx,
        {
          projectId: project.id,
          itemId: e.itemId,
          answer: e.answer,
          justification: opts.justification,
          guidelineVersionId: version.id,
          createdBy: userId,
          source: `import:${opts.format}`,
        },
        examples,
      );
      const out = entries[k];
      if (out) out.status = r.replaced ? 'replaced' : 'imported';
      if (r.replaced) report.replaced += 1;
      else report.imported += 1;
    }
  });
  report.committed = true;
  return report;
}
