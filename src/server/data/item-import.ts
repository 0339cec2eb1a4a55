// Importing items in ONE transaction per import, so nothing is ever half-written: in
// "all_or_nothing" mode a single bad or unreadable entry rolls the whole import back; in
// "valid_only" the bad ones are reported and the rest committed. Duplicates — the same content
// twice in the import, or content the project already has — are reported, never stored twice:
// images by the SHA-256 of their bytes (assets.sha256), texts by the SHA-256 of their UTF-8.
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ITEM_IDS_LISTED, type ItemImportIssue, type ItemImportMode, type ItemImportReport } from '../../domain/api/index.ts';
import type { TextItemsParse } from '../../domain/import/text-items.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { assets, items, type projects } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { storeImage } from './assets.ts';

type Project = typeof projects.$inferSelect;
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Thrown inside the transaction to undo it; never escapes this module. */
class Rollback extends Error {}

export interface ImageSource {
  /** The file name (or path under the import root) it is reported and kept as. */
  name: string;
  /** Null when the file is over the size limit (reported, not read). */
  read: () => Promise<Buffer | null>;
}

export async function importImages(
  ctx: AppContext,
  project: Project,
  sources: AsyncIterable<ImageSource>,
  mode: ItemImportMode,
  onProgress: (processed: number) => void = () => {},
): Promise<ItemImportReport> {
  if (project.kind !== 'image') throw new HttpError('bad_request', 'This is a text project: import texts (JSONL or CSV) into it, not images.');
  const report = emptyReport('images', mode);
  try {
    await ctx.db.transaction(async (tx) => {
      const seen = new Map<string, string>();
      for await (const src of sources) {
        report.total++;
        const issue = await importOneImage(ctx, tx, project.id, src, seen, report);
        if (issue) {
          report.issues.push(issue);
          if (issue.status === 'invalid') report.invalid++;
          else report.duplicates++;
        }
        onProgress(report.total);
      }
      if (report.imported === 0 || (mode === 'all_or_nothing' && report.invalid > 0)) throw new Rollback();
    });
    report.committed = true;
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    report.itemIds = [];
  }
  return report;
}

async function importOneImage(
  ctx: AppContext,
  tx: DbOrTx,
  projectId: string,
  src: ImageSource,
  seen: Map<string, string>,
  report: ItemImportReport,
): Promise<ItemImportIssue | null> {
  const bytes = await src.read();
  if (!bytes) return { ref: src.name, status: 'invalid', message: `larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB` };
  if (bytes.length === 0) return { ref: src.name, status: 'invalid', message: 'the file is empty' };
  const hash = sha256(bytes);
  const earlier = seen.get(hash);
  if (earlier !== undefined) return { ref: src.name, status: 'duplicate', message: `the same image as ${earlier} in this import` };
  const [existing] = await tx
    .select({ id: items.id, meta: items.meta })
    .from(items)
    .innerJoin(assets, eq(assets.id, items.assetId))
    .where(and(eq(items.projectId, projectId), eq(assets.sha256, hash)))
    .limit(1);
  if (existing)
    return {
      ref: src.name,
      status: 'duplicate',
      message: `already in the project${typeof existing.meta.fileName === 'string' ? ` as ${existing.meta.fileName}` : ''}`,
    };
  let asset: Awaited<ReturnType<typeof storeImage>>;
  try {
    // The type is decided by decoding (sharp), never by the name; re-encoding finds truncation.
    asset = await storeImage(ctx, tx, bytes);
  } catch (e) {
    return {
      ref: src.name,
      status: 'invalid',
      message: e instanceof HttpError ? e.message : `the image could not be decoded (${(e as Error).message.split('\n')[0]})`,
    };
  }
  seen.set(hash, src.name);
  const id = randomUUID();
  await tx.insert(items).values({
    id,
    projectId,
    assetId: asset.id,
    width: asset.width,
    height: asset.height,
    meta: { fileName: src.name, source: src.name, bytes: bytes.length, ...(asset.exif ? { exif: asset.exif } : {}) },
    createdAt: ctx.now(),
  });
  report.imported++;
  if (report.itemIds.length < ITEM_IDS_LISTED) report.itemIds.push(id);
  return null;
}

const textHash = sql<string>`encode(sha256(convert_to(${items.text}, 'UTF8')), 'hex')`;

export async function importTextItems(ctx: AppContext, project: Project, parsed: TextItemsParse, mode: ItemImportMode): Promise<ItemImportReport> {
  if (project.kind !== 'text') throw new HttpError('bad_request', 'This is an image project: upload images into it, not texts.');
  const report = emptyReport('text', mode);
  report.total = parsed.entries.length + parsed.problems.length;
  for (const p of parsed.problems) report.issues.push({ ref: `line ${p.line}`, line: p.line, status: 'invalid', message: p.message });
  report.invalid = parsed.problems.length;
  try {
    await ctx.db.transaction(async (tx) => {
      const seen = new Map<string, number>();
      for (let k = 0; k < parsed.entries.length; k += 500) {
        const slice = parsed.entries.slice(k, k + 500).map((e) => ({ ...e, hash: sha256(e.text) }));
        const known = new Set(
          (
            await tx
              .select({ h: textHash })
              .from(items)
              .where(
                and(
                  eq(items.projectId, project.id),
                  inArray(
                    textHash,
                    slice.map((e) => e.hash),
                  ),
                ),
              )
          ).map((r) => r.h),
        );
        const rows = [];
        for (const e of slice) {
          const earlier = seen.get(e.hash);
          const why = earlier !== undefined ? `the same text as line ${earlier}` : known.has(e.hash) ? 'this text is already in the project' : null;
          if (why) {
            report.duplicates++;
            report.issues.push({ ref: `line ${e.line}`, line: e.line, status: 'duplicate', message: why });
            continue;
          }
          seen.set(e.hash, e.line);
          const id = randomUUID();
          rows.push({ id, projectId: project.id, text: e.text, meta: e.meta, createdAt: ctx.now() });
          if (report.itemIds.length < ITEM_IDS_LISTED) report.itemIds.push(id);
        }
        if (rows.length) await tx.insert(items).values(rows);
        report.imported += rows.length;
      }
      if (report.imported === 0 || (mode === 'all_or_nothing' && report.invalid > 0)) throw new Rollback();
    });
    report.committed = true;
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    report.itemIds = [];
  }
  report.issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return report;
}

function emptyReport(kind: ItemImportReport['kind'], mode: ItemImportMode): ItemImportReport {
  return { kind, mode, committed: false, total: 0, imported: 0, duplicates: 0, invalid: 0, itemIds: [], issues: [] };
}
