import { z } from 'zod';
import { AnnotationPayload } from './annotation.ts';
import { Id, IsoDateTime, ProjectKind } from './common.ts';
import { Problem } from './errors.ts';
import { LabelId } from './labels.ts';
import { ImageContent } from './queue.ts';

// Gold sets, for leads and authors only: importing gold answers (COCO, JSONL), authoring them in
// the app ("gold mode") and the list of the project's gold items. Nothing here is ever served to
// an annotator-only member: every route answers them 403.

/** "all_or_nothing": one problem anywhere and nothing is written. "valid_only": write the valid entries. */
export const GoldImportMode = z.enum(['all_or_nothing', 'valid_only']);
export type GoldImportMode = z.infer<typeof GoldImportMode>;

const Justification = z.string().max(2_000);
/** Source category (COCO id or name) or source label name → project label id. */
const SourceLabelMap = z.record(z.string().max(200), LabelId);

export const CocoImportRequest = z.strictObject({
  mode: GoldImportMode.default('all_or_nothing'),
  justification: Justification.default('Imported from COCO.'),
  categoryMap: SourceLabelMap.optional(),
  /** The COCO instances JSON, as parsed JSON; checked entry by entry by the importer. */
  coco: z.unknown(),
});
export type CocoImportRequest = z.infer<typeof CocoImportRequest>;

export const JsonlImportRequest = z.strictObject({
  mode: GoldImportMode.default('all_or_nothing'),
  justification: Justification.default('Imported from JSONL.'),
  labelMap: SourceLabelMap.optional(),
  /** One JSON object per line: {"itemId"|"text", "spans": [[start, end, label]] (code points), "class"}. */
  jsonl: z.string().max(40 * 1024 * 1024),
});
export type JsonlImportRequest = z.infer<typeof JsonlImportRequest>;

export const GoldImportEntry = z.object({
  /** 1-based: the line of a JSONL file, or the position of the image in a COCO file's "images". */
  entry: z.number().int().positive(),
  /** What the entry names: a COCO file name, a JSONL item id or the start of its text. */
  ref: z.string(),
  itemId: Id.nullable(),
  status: z.enum(['imported', 'replaced', 'invalid', 'not_written']),
  labels: z.number().int().nonnegative(),
  problems: z.array(Problem),
  warnings: z.array(z.string()),
});
export type GoldImportEntry = z.infer<typeof GoldImportEntry>;

export const UnmappedSource = z.object({ source: z.string(), uses: z.number().int().nonnegative() });
export type UnmappedSource = z.infer<typeof UnmappedSource>;

export const GoldImportReport = z.object({
  format: z.enum(['coco', 'jsonl']),
  mode: GoldImportMode,
  /** True when the valid entries were written. */
  committed: z.boolean(),
  imported: z.number().int().nonnegative(),
  replaced: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
  guidelineVersionId: Id,
  guidelineVersion: z.string(),
  /** Problems with the file as a whole (an annotation naming no image, say). */
  problems: z.array(Problem),
  /** Source categories or labels that match no project label, and how often they were used. */
  unmapped: z.array(UnmappedSource),
  entries: z.array(GoldImportEntry),
});
export type GoldImportReport = z.infer<typeof GoldImportReport>;

/** One item of the project as gold mode lists it. */
export const GoldModeItem = z.object({
  id: Id,
  /** A file name or caption for images, the start of the text for text items. */
  preview: z.string(),
  hasGold: z.boolean(),
  goldActive: z.boolean().nullable(),
});
export type GoldModeItem = z.infer<typeof GoldModeItem>;

export const GoldModeItemQuery = z.strictObject({
  filter: z.enum(['all', 'gold', 'not_gold']).default('all'),
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const GoldModeItemList = z.object({ items: z.array(GoldModeItem), next: z.number().int().nullable() });
export type GoldModeItemList = z.infer<typeof GoldModeItemList>;

export const GoldAnswerView = z.object({
  answer: AnnotationPayload,
  justification: z.string(),
  guidelineVersionId: Id,
  guidelineVersion: z.string(),
  active: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type GoldAnswerView = z.infer<typeof GoldAnswerView>;

/** An item opened in gold mode: its content (in the editors' item shape) and its gold answer, if any. */
export const GoldItemDetail = z.object({
  item: z.object({ id: Id, projectId: Id, kind: ProjectKind, image: ImageContent.nullable(), text: z.string().nullable() }),
  preview: z.string(),
  gold: GoldAnswerView.nullable(),
});
export type GoldItemDetail = z.infer<typeof GoldItemDetail>;

export const SaveGoldRequest = z.strictObject({
  answer: AnnotationPayload,
  justification: z.string().trim().min(1, 'say why this is the right answer').max(2_000),
});
export type SaveGoldRequest = z.infer<typeof SaveGoldRequest>;
export const SaveGoldResponse = z.object({ itemId: Id, replaced: z.boolean(), gold: GoldAnswerView });

export const GoldSetEntry = z.object({
  itemId: Id,
  preview: z.string(),
  guidelineVersionId: Id,
  guidelineVersion: z.string(),
  /** Verified under the project's current guideline version. */
  current: z.boolean(),
  /** In scoring; a label-changing guideline update takes gold out until it is re-verified. */
  active: z.boolean(),
  labels: z.number().int().nonnegative(),
  justification: z.string(),
  createdBy: z.string().nullable(),
  createdAt: IsoDateTime,
  /** How many annotators have been served this item. */
  exposure: z.number().int().nonnegative(),
  /** In the declared qualification quiz (served before live work, never as hidden gold). */
  quiz: z.boolean(),
});
export type GoldSetEntry = z.infer<typeof GoldSetEntry>;

export const GoldSetList = z.object({
  currentVersionId: Id,
  currentVersion: z.string(),
  annotators: z.number().int().nonnegative(),
  totals: z.object({ gold: z.number().int(), active: z.number().int(), inactive: z.number().int() }),
  entries: z.array(GoldSetEntry),
});
export type GoldSetList = z.infer<typeof GoldSetList>;
