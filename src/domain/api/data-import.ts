import { z } from 'zod';
import { Id } from './common.ts';

// Importing items (images, texts) into a project: leads and authors only.
/** "all_or_nothing": one bad entry and nothing is written. "valid_only": write the rest. */
export const ItemImportMode = z.enum(['all_or_nothing', 'valid_only']);
export type ItemImportMode = z.infer<typeof ItemImportMode>;

export const TextItemsImportRequest = z.strictObject({
  format: z.enum(['jsonl', 'csv']),
  mode: ItemImportMode.default('all_or_nothing'),
  content: z.string().max(60 * 1024 * 1024),
});
export type TextItemsImportRequest = z.infer<typeof TextItemsImportRequest>;

export const FolderImportRequest = z.strictObject({
  /** Relative to the server's import root (IMPORT_ROOT); "..", absolute paths and links out are refused. */
  path: z.string().min(1).max(1000),
  mode: ItemImportMode.default('all_or_nothing'),
});
export type FolderImportRequest = z.infer<typeof FolderImportRequest>;

export const ITEM_IDS_LISTED = 1000;

/** Only what needs the person's attention is listed: duplicates and problems. */
export const ItemImportIssue = z.object({
  /** A file name, or "line n" of a text file. */
  ref: z.string(),
  line: z.number().int().positive().optional(),
  status: z.enum(['duplicate', 'invalid']),
  message: z.string(),
});
export type ItemImportIssue = z.infer<typeof ItemImportIssue>;

export const ItemImportReport = z.object({
  kind: z.enum(['images', 'text']),
  mode: ItemImportMode,
  /** False when nothing was written (all-or-nothing with problems, or nothing to write). */
  committed: z.boolean(),
  total: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
  /** The first ITEM_IDS_LISTED new items' ids (a large import is counted, not listed). */
  itemIds: z.array(Id).max(1000),
  issues: z.array(ItemImportIssue),
});
export type ItemImportReport = z.infer<typeof ItemImportReport>;

/** The folder import streams NDJSON: progress lines, then the report. */
export const ImportProgressLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), processed: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  z.object({ type: z.literal('report'), report: ItemImportReport }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ImportProgressLine = z.infer<typeof ImportProgressLine>;
