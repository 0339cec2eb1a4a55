import { z } from 'zod';
import { AnnotationPayload } from './annotation.ts';
import { Id, IsoDateTime, ProjectKind } from './common.ts';
import { ImageContent } from './queue.ts';

// Gold sets, for leads and authors only: authoring gold answers in the app ("gold mode") and the
// list of the project's gold items (imports go through label-import.ts). Nothing here is ever served to
// an annotator-only member: every route answers them 403.

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
