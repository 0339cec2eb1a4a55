// Labels from another tool's files, into a project: parse (src/domain/import/labels, pure) →
// bind to the items and labels (annotation by annotation) → write in ONE transaction as
//   pre-annotations  the item's pre-annotation (replaced if there was one)
//   gold             the item's gold answer under the current guideline version (guideline
//                    examples refused: they cannot be hidden gold; an item with any annotation
//                    left out refused too: a partial gold answer marks right answers wrong)
//   labels           a new revision by the importing user under the current guideline version
// all_or_nothing refuses the import (400, with the report) when any annotation was left out.
import { and, eq, inArray, max } from 'drizzle-orm';
import { LABEL_IMPORT_LIMITS, type LabelImportReport, type LabelImportRequest } from '../../domain/api/index.ts';
import type { BoundEntry } from '../../domain/import/labels/bind.ts';
import { IMPORT_FORMAT_KIND, readLabelImport } from '../../domain/import/labels/index.ts';
import type { TargetItem } from '../../domain/import/labels/match-items.ts';
import { validateAnnotation } from '../../domain/validation/annotation.ts';
import { cpuOf, type AppContext } from '../context.ts';
import { knownOutline, precheckPayloads } from '../cpu/outlines.ts';
import { annotations, items, preAnnotations, type projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { queueAgreementItem } from '../agreement/agreement-items.ts';
import { EXAMPLE_NOT_GOLD, guidelineExampleIds, writeGold } from '../gold/gold-answers.ts';
import { SUGGESTION_IS_GOLD, SUGGESTION_REMOVED, suggestionsThatPassGold } from '../gold/suggestion-vs-gold.ts';
import { currentGuideline } from '../guidelines/guidelines.ts';

type Project = typeof projects.$inferSelect;

export function checkLabelImportSize(req: Pick<LabelImportRequest, 'files'>): void {
  const total = req.files.reduce((n, f) => n + f.content.length, 0);
  if (total > LABEL_IMPORT_LIMITS.totalChars) {
    throw new HttpError(
      'payload_too_large',
      `The files hold ${(total / 1024 / 1024).toFixed(1)} MB of text; import at most ${LABEL_IMPORT_LIMITS.totalChars / 1024 / 1024} MB at a time (split the set).`,
    );
  }
}

/** The items as the matcher sees them: their relative paths, sizes, EXIF frames, texts. */
async function targets(ctx: AppContext, projectId: string): Promise<TargetItem[]> {
  const rows = await ctx.db
    .select({ id: items.id, meta: items.meta, width: items.width, height: items.height, text: items.text })
    .from(items)
    .where(eq(items.projectId, projectId));
  return rows.map((r) => {
    const exif = r.meta.exif as { orientation?: unknown; width?: unknown; height?: unknown } | undefined;
    return {
      itemId: r.id,
      names: [r.meta.source, r.meta.fileName].filter((n): n is string => typeof n === 'string'),
      width: r.width,
      height: r.height,
      text: r.text,
      exif:
        exif && typeof exif.orientation === 'number' && typeof exif.width === 'number' && typeof exif.height === 'number'
          ? { orientation: exif.orientation, width: exif.width, height: exif.height }
          : undefined,
    };
  });
}

export async function importLabels(ctx: AppContext, project: Project, userId: string, req: LabelImportRequest): Promise<LabelImportReport> {
  checkLabelImportSize(req);
  const kind = IMPORT_FORMAT_KIND[req.format];
  if (kind !== 'both' && kind !== project.kind)
    throw new HttpError('bad_request', `${req.format} files hold ${kind} labels; this is ${project.kind === 'image' ? 'an image' : 'a text'} project.`);
  const schema = project.labelSchema;
  // The CPU-heavy step, pure and synchronous: a worker pool can call readLabelImport as it is.
  const bound = readLabelImport(req.format, req.files, schema, await targets(ctx, project.id), { categoryMap: req.categoryMap ?? {} });
  const examples = req.as === 'gold' ? await guidelineExampleIds(ctx.db, project.id) : new Set<string>();
  const report = [...bound.report];
  const byId = new Map(
    (
      await ctx.db
        .select({ id: items.id, text: items.text, width: items.width, height: items.height })
        .from(items)
        .where(inArray(items.id, bound.entries.length ? bound.entries.map((e) => e.itemId) : ['00000000-0000-0000-0000-000000000000']))
    ).map((r) => [r.id, r]),
  );
  // The same check every submission gets, for what the binding cannot see (overlapping spans…).
  await precheckPayloads(
    cpuOf(ctx),
    bound.entries.map((e) => e.payload),
  );
  const givesGoldAway = req.as === 'pre-annotations' ? await suggestionsThatPassGold(ctx, ctx.db, project.id, bound.entries) : new Set<string>();
  const writable: BoundEntry[] = [];
  let dropped = bound.dropped;
  for (const e of bound.entries) {
    const it = byId.get(e.itemId);
    const problems = it
      ? validateAnnotation(
          schema,
          project.kind === 'image' ? { kind: 'image', width: it.width ?? 0, height: it.height ?? 0 } : { kind: 'text', text: it.text ?? '' },
          e.payload,
          { knownOutline },
        )
      : [];
    if (req.as === 'gold' && examples.has(e.itemId)) problems.push({ path: '', message: EXAMPLE_NOT_GOLD });
    // A gold answer missing an object would score the annotators who draw it as wrong.
    if (req.as === 'gold' && e.dropped > 0)
      problems.push({ path: '', message: `a gold answer must be whole, and ${e.dropped} of its annotation${e.dropped === 1 ? ' was' : 's were'} left out` });
    if (givesGoldAway.has(e.itemId)) problems.push({ path: '', message: SUGGESTION_IS_GOLD });
    if (problems.length) {
      for (const p of problems)
        report.push({ file: e.file, line: e.line, message: `${e.ref}: ${p.path ? `${p.path}: ` : ''}${p.message}; this item was not imported` });
      dropped += e.payload.shapes.length + e.payload.spans.length + e.payload.classes.length;
    } else writable.push(e);
  }
  const out: LabelImportReport = {
    format: req.format,
    as: req.as,
    mode: req.mode,
    committed: false,
    imported: 0,
    kept: bound.kept,
    dropped,
    invalid: bound.entries.length - writable.length,
    categories: bound.categories,
    unknownCategories: bound.unknownCategories,
    report: report.slice(0, LABEL_IMPORT_LIMITS.reportLines),
    moreReportLines: Math.max(0, report.length - LABEL_IMPORT_LIMITS.reportLines),
    schemaVersion: null,
  };
  if (req.mode === 'all_or_nothing' && dropped > 0) {
    throw new HttpError(
      'validation_failed',
      `Nothing was imported: ${dropped} annotation${dropped === 1 ? ' was' : 's were'} left out (see the report). Fix the file, or import what can be.`,
      out,
    );
  }
  if (writable.length === 0)
    throw new HttpError(
      'bad_request',
      bound.entries.length === 0
        ? 'No annotation in the files matched an item of this project (see the report).'
        : 'Nothing in the files can be written (see the report).',
      out,
    );
  const version = await currentGuideline(ctx.db, project.id);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (req.as === 'labels') {
      const last = await tx
        .select({ itemId: annotations.itemId, revision: max(annotations.revision) })
        .from(annotations)
        .where(
          and(
            eq(annotations.userId, userId),
            inArray(
              annotations.itemId,
              writable.map((e) => e.itemId),
            ),
          ),
        )
        .groupBy(annotations.itemId);
      const revisions = new Map(last.map((r) => [r.itemId, r.revision ?? 0]));
      for (const e of writable) {
        const id = ctx.newId();
        await tx.insert(annotations).values({
          id,
          projectId: project.id,
          itemId: e.itemId,
          userId,
          revision: (revisions.get(e.itemId) ?? 0) + 1,
          guidelineVersionId: version.id,
          payload: e.payload,
          durationMs: 0,
          startedAt: now,
          submittedAt: now,
          receivedAt: now,
          mutationId: ctx.newId(),
        });
        await queueAgreementItem(tx, { revisionId: id, projectId: project.id, itemId: e.itemId });
      }
    } else if (req.as === 'gold') {
      for (const e of writable) {
        const written = await writeGold(
          ctx,
          tx,
          {
            projectId: project.id,
            itemId: e.itemId,
            answer: e.payload,
            justification: req.justification,
            guidelineVersionId: version.id,
            createdBy: userId,
            source: `import:${req.format}`,
          },
          examples,
        );
        if (!written.suggestionRemoved) continue;
        if (out.report.length < LABEL_IMPORT_LIMITS.reportLines) out.report.push({ file: e.file, line: e.line, message: `${e.ref}: ${SUGGESTION_REMOVED}` });
        else out.moreReportLines++;
      }
    } else {
      for (const e of writable) {
        const values = { payload: e.payload, source: `import:${req.format}`, createdBy: userId, createdAt: now };
        await tx
          .insert(preAnnotations)
          .values({ itemId: e.itemId, projectId: project.id, ...values })
          .onConflictDoUpdate({ target: preAnnotations.itemId, set: values });
      }
    }
  });
  out.committed = true;
  out.imported = writable.length;
  return out;
}
