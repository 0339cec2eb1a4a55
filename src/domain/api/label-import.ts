import { z } from 'zod';
import { LABEL_IMPORT_FORMATS } from '../import/labels/index.ts';
import { ItemImportMode } from './data-import.ts';

// POST /api/projects/:projectId/labels/import — labels from another tool's files, as
// pre-annotations, as gold answers, or as the project's starting labels (revisions by the
// importing user under the current guideline version). Leads and authors only.
export const LABEL_IMPORT_LIMITS = {
  /** Sum of the files' characters: parsing runs on the request thread, so it stays bounded. */
  totalChars: 32 * 1024 * 1024,
  files: 20_000,
  /** Report lines sent back (the rest are counted). */
  reportLines: 2000,
} as const;

export const LabelImportFormat = z.enum(LABEL_IMPORT_FORMATS);
export const LabelImportTarget = z.enum(['pre-annotations', 'gold', 'labels']);
export type LabelImportTarget = z.infer<typeof LabelImportTarget>;

export const LabelImportRequest = z.strictObject({
  format: LabelImportFormat,
  as: LabelImportTarget,
  /** all_or_nothing: any annotation left out refuses the whole import. */
  mode: ItemImportMode.default('all_or_nothing'),
  /** The upload's files, with their folders ("labels/train/1.txt"): items are matched by relative path. */
  files: z
    .array(z.strictObject({ path: z.string().min(1).max(1000), content: z.string() }))
    .min(1)
    .max(LABEL_IMPORT_LIMITS.files),
  /** Source category name → label id, where names differ. */
  categoryMap: z.record(z.string().max(200), z.string().max(48)).optional(),
  /** Gold only: why these answers are right (kept with each gold answer). */
  justification: z.string().max(2000).default('imported'),
});
export type LabelImportRequest = z.infer<typeof LabelImportRequest>;

export const LabelImportReportLine = z.object({ file: z.string(), line: z.number().int().nullable(), message: z.string() });

export const LabelImportReport = z.object({
  format: LabelImportFormat,
  as: LabelImportTarget,
  mode: ItemImportMode,
  committed: z.boolean(),
  /** Items written (new or replaced). */
  imported: z.number().int().nonnegative(),
  /** Annotations kept and left out. */
  kept: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  /** Same meaning as in the other import reports: entries not written. */
  invalid: z.number().int().nonnegative(),
  /** What the file declares (a label schema can be made from these). */
  categories: z.array(z.string()),
  /** Category names no label took: say them by name. */
  unknownCategories: z.array(z.object({ source: z.string(), uses: z.number().int() })),
  report: z.array(LabelImportReportLine),
  /** Report lines beyond those listed. */
  moreReportLines: z.number().int().nonnegative(),
  /** Taxonomy: the label schema version the labels were read against, when schemas are versioned. */
  schemaVersion: z.string().nullable(),
});
export type LabelImportReport = z.infer<typeof LabelImportReport>;
